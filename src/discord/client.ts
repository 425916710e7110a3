// The gateway bot: a discord.js Client with the minimal intent (Guilds), wired to the router.
import { Client, Events, GatewayIntentBits, Options, type ClientOptions } from 'discord.js';
import type { Context } from '../context.js';
import type { Registry } from '../dispatch.js';
import type { ShardInfo } from '../shard/ownership.js';
import { createRouter, type Router } from './router.js';

export interface Bot {
  client: Client;
  router: Router;
  /** Graceful stop: refuse new interactions, finish in-flight replies, then close the connection. */
  stop(): Promise<void>;
}

export interface BotOptions {
  token: string;
  apiBase?: string;
  /** Longest wait for in-flight replies on shutdown. */
  drainTimeoutMs?: number;
  /** The one shard this process runs (default: shard 0 of 1). */
  shard?: ShardInfo;
  /** Longest wait for the API's first answer at start-up (default 10 s). */
  connectTimeoutMs?: number;
}

export const DEFAULT_API_BASE = 'https://discord.com/api';
const CONNECT_TIMEOUT_MS = 10_000;

export class LoginError extends Error {
  override readonly name = 'LoginError';
}

/**
 * One request to GET /gateway/bot before logging in, with a short timeout and no retries: discord.js
 * retries a silent server for about a minute and then says only "This operation was aborted". A wrong
 * DISCORD_API_BASE, or no network, should instead fail in seconds with the URL and the reason.
 */
export async function checkApiReachable(apiBase: string, token: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
  const url = `${apiBase}/v10/gateway/bot`;
  try {
    const res = await fetch(url, { headers: { Authorization: `Bot ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      throw new LoginError(`The Discord API at ${apiBase} did not answer within ${Math.round(timeoutMs / 1000)} s (timed out). Check DISCORD_API_BASE (unset means ${DEFAULT_API_BASE}) and the network.`);
    }
    throw new LoginError(`Cannot reach the Discord API at ${apiBase} (${e.cause?.code ?? e.message}). Check DISCORD_API_BASE (unset means ${DEFAULT_API_BASE}) and the network.`);
  }
}

/**
 * Bounds on what discord.js keeps per interaction. By default it caches every user and guild member that
 * ever interacts (unbounded: a busy server's whole membership over weeks) and 200 messages per channel
 * (every message a button sat on). The bot reads none of them from the cache: each interaction carries its
 * user, member and message. So: no messages, and at most USER_CACHE_LIMIT users and members per guild,
 * least recently added first out, always keeping the bot's own.
 */
export const USER_CACHE_LIMIT = 100;

export function cacheOptions(): Pick<ClientOptions, 'makeCache'> {
  return {
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      UserManager: { maxSize: USER_CACHE_LIMIT, keepOverLimit: (user) => user.id === user.client.user.id },
      GuildMemberManager: { maxSize: USER_CACHE_LIMIT, keepOverLimit: (member) => member.id === member.client.user.id },
    }),
  };
}

export async function startBot(ctx: Context, registry: Registry, opts: BotOptions): Promise<Bot> {
  await checkApiReachable(opts.apiBase ?? DEFAULT_API_BASE, opts.token, opts.connectTimeoutMs);
  const client = new Client({
    // Slash commands, buttons and autocomplete arrive without privileged intents; Guilds gives channel info.
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...cacheOptions(),
    // Always explicit: discord.js would otherwise read SHARDS/SHARD_COUNT from the environment, where
    // SHARD_COUNT may be the operator's `auto` meant for `npm run start:sharded`.
    shards: [opts.shard?.id ?? 0],
    shardCount: opts.shard?.count ?? 1,
    ...(opts.apiBase ? { rest: { api: opts.apiBase } } : {}),
  });
  const router = createRouter(ctx, registry);
  const log = ctx.logger;

  client.on(Events.InteractionCreate, (i) => void router.handle(i));
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.Warn, (msg) => log.warn(msg));
  client.on(Events.ShardDisconnect, (ev, shard) => log.warn({ shard, code: ev.code }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway resumed'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(opts.token);
  } catch (err) {
    await client.destroy().catch(() => undefined);
    const code = (err as { code?: string }).code;
    if (code === 'TokenInvalid' || /401|Unauthorized|invalid token/i.test(String((err as Error).message))) {
      throw new LoginError('Discord rejected DISCORD_TOKEN (401). Reset the token in the Developer Portal > Bot and update .env.');
    }
    throw err;
  }
  await ready;
  log.info({ user: client.user?.tag, guilds: client.guilds.cache.size, shardCount: opts.shard?.count ?? 1 }, 'connected to Discord');

  let stopping: Promise<void> | null = null;
  return {
    client,
    router,
    stop() {
      stopping ??= (async () => {
        await router.drain(opts.drainTimeoutMs ?? 10_000);
        await client.destroy();
        log.info('disconnected from Discord');
      })();
      return stopping;
    },
  };
}
