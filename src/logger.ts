// Structured logs (pino). The token can never appear: it is redacted by path and scrubbed from messages.
import { pino, type Logger } from 'pino';

export type { Logger };

const TOKEN_PATTERN = /[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,40}/g;

/** Interaction and webhook tokens sit in REST paths (/interactions/{id}/{token}/…, /webhooks/{app}/{token}). */
const PATH_TOKEN_PATTERN = /\/(interactions|webhooks)\/(\d+)\/[\w.-]{20,}/g;

export function scrubSecrets(text: string): string {
  return text.replace(TOKEN_PATTERN, '[redacted-token]').replace(PATH_TOKEN_PATTERN, '/$1/$2/[redacted-token]');
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['token', '*.token', 'config.discordToken', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as Parameters<typeof method>);
        },
      },
      serializers: { err: (e: unknown) => scrubError(e) },
    },
    destination ?? pino.destination(2),
  );
}

function scrubError(e: unknown): unknown {
  const s = pino.stdSerializers.err(e as Error) as ReturnType<typeof pino.stdSerializers.err> & { url?: unknown; requestBody?: unknown };
  // discord.js errors carry the request URL and body; the URL may hold an interaction token (which lets
  // its holder post as the bot for 15 minutes) and the body may echo user text: neither belongs in logs.
  const { requestBody: _body, ...rest } = s;
  return {
    ...rest,
    message: scrubSecrets(String(s.message)),
    stack: s.stack ? scrubSecrets(s.stack) : undefined,
    ...(typeof s.url === 'string' ? { url: scrubSecrets(s.url) } : {}),
  };
}
