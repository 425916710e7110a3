// ChannelPoster over discord.js's REST client: the only file in daily/ that talks to Discord.
// Its job is to translate failures into the three things the service can act on.
//
// What @discordjs/rest already does (v2.6): waits out every 429 and retries (unless rejectOnRateLimit
// is set, then RateLimitError); retries 5xx up to `retries` (default 3) times back to back, then throws
// HTTPError; retries timeouts (AbortError) and ECONNRESET the same way. Other network errors surface
// at once. So spaced-out retries for longer outages are left to sendDailyPost's backoff loop.
import { DiscordAPIError, HTTPError, RateLimitError, type REST } from 'discord.js';
import { RESTJSONErrorCodes, Routes, type APIChannel, type APIMessage } from 'discord-api-types/v10';
import { PostError, type ChannelInfo, type ChannelPoster, type SendBody } from './post.js';

const NETWORK_CODES = /^(ECONN|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|UND_ERR)/;

function isNetworkError(err: Error): boolean {
  const code = (err as { code?: unknown }).code ?? (err.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && NETWORK_CODES.test(code)) return true;
  return err.name === 'AbortError' || (err.name === 'TypeError' && /fetch failed/i.test(err.message));
}

/** Maps a REST failure to a PostError; anything unrecognised is returned unchanged (a bug, not weather). */
export function classifyDiscordError(err: unknown, channelId: string): unknown {
  if (err instanceof DiscordAPIError) {
    const what = `Discord said ${err.status} (${err.code}): ${err.message}`;
    if (err.code === RESTJSONErrorCodes.UnknownChannel) {
      return new PostError('channel-gone', `The channel <#${channelId}> no longer exists (${what}).`, { cause: err });
    }
    if (err.code === RESTJSONErrorCodes.MissingAccess || err.code === RESTJSONErrorCodes.MissingPermissions || err.status === 403) {
      return new PostError(
        'no-permission',
        `Paperboy cannot post in <#${channelId}>: it needs View Channel, Send Messages and Embed Links there (${what}).`,
        { cause: err },
      );
    }
    if (err.status === 429 || err.status >= 500) return new PostError('retryable', what, { cause: err });
    return new PostError('rejected', what, { cause: err });
  }
  if (err instanceof HTTPError) return new PostError('retryable', `Discord returned ${err.status} after retries`, { cause: err });
  if (err instanceof RateLimitError) return new PostError('retryable', `rate limited for ${err.timeToReset} ms`, { cause: err });
  if (err instanceof Error && isNetworkError(err)) return new PostError('retryable', `network error: ${err.message}`, { cause: err });
  return err;
}

export function createDiscordPoster(rest: REST): ChannelPoster {
  return {
    async send(channelId: string, body: SendBody) {
      try {
        // Files go as multipart parts files[n], described by id n in `attachments` (the JSON part).
        const { files = [], ...json } = body;
        const upload = files.length
          ? {
              body: { ...json, attachments: files.map((f, id) => ({ id, filename: f.name, ...(f.description ? { description: f.description } : {}) })) },
              files: files.map((f) => ({ name: f.name, data: f.data, contentType: f.name.endsWith('.png') ? 'image/png' : undefined })),
            }
          : { body: json };
        const msg = (await rest.post(Routes.channelMessages(channelId), upload)) as APIMessage;
        return { id: msg.id };
      } catch (err) {
        throw classifyDiscordError(err, channelId);
      }
    },
    async getChannel(channelId: string): Promise<ChannelInfo> {
      try {
        const ch = (await rest.get(Routes.channel(channelId))) as APIChannel;
        return { id: ch.id, guildId: 'guild_id' in ch && ch.guild_id ? ch.guild_id : null, type: ch.type };
      } catch (err) {
        throw classifyDiscordError(err, channelId);
      }
    },
  };
}
