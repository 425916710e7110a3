import { DiscordAPIError, HTTPError, RateLimitError, type REST } from 'discord.js';
import { Routes } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { classifyDiscordError, createDiscordPoster } from '../../src/daily/discord-poster.js';
import type { PostError } from '../../src/daily/post.js';

const apiError = (status: number, code: number, message = 'error') =>
  new DiscordAPIError({ code, message }, code, status, 'POST', 'https://discord.com/api/v10/channels/1/messages', { body: undefined });

const kindOf = (err: unknown) => (classifyDiscordError(err, '1') as PostError).kind;

describe('Discord failures as the daily service sees them', () => {
  it('reads Unknown Channel as the channel being gone', () => {
    expect(kindOf(apiError(404, 10003, 'Unknown Channel'))).toBe('channel-gone');
  });

  it('reads Missing Access and Missing Permissions as no permission, with a hint', () => {
    expect(kindOf(apiError(403, 50001, 'Missing Access'))).toBe('no-permission');
    const err = classifyDiscordError(apiError(403, 50013, 'Missing Permissions'), '1') as PostError;
    expect(err.kind).toBe('no-permission');
    expect(err.message).toMatch(/Send Messages and Embed Links/);
  });

  it('reads 5xx after the REST client’s own retries, rate limits and network errors as retryable', () => {
    expect(kindOf(new HTTPError(503, 'Service Unavailable', 'POST', 'u', { body: undefined }))).toBe('retryable');
    const limited = new RateLimitError({ timeToReset: 1000, limit: 5, method: 'POST', hash: 'h', url: 'u', route: 'r', majorParameter: '1', global: false, retryAfter: 1000, sublimitTimeout: 0, scope: 'user' });
    expect(kindOf(limited)).toBe('retryable');
    expect(kindOf(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))).toBe('retryable');
  });

  it('reads other 4xx as a rejected message, and leaves unknown errors alone', () => {
    expect(kindOf(apiError(400, 50035, 'Invalid Form Body'))).toBe('rejected');
    const bug = new RangeError('oops');
    expect(classifyDiscordError(bug, '1')).toBe(bug);
  });
});

describe('the REST poster', () => {
  it('posts the body with its nonce to the channel’s messages route and reads the channel’s server', async () => {
    const calls: unknown[] = [];
    const rest = {
      post: async (route: string, opts: unknown) => (calls.push([route, opts]), { id: '99' }),
      get: async () => ({ id: '5', type: 0, guild_id: '7' }),
    } as unknown as REST;
    const poster = createDiscordPoster(rest);
    const body = { content: 'hi', allowed_mentions: { parse: [] }, nonce: 'abc0', enforce_nonce: true as const };
    expect(await poster.send('5', body)).toEqual({ id: '99' });
    expect(calls).toEqual([[Routes.channelMessages('5'), { body }]]);
    expect(await poster.getChannel('5')).toEqual({ id: '5', guildId: '7', type: 0 });
  });

  it('turns REST errors into PostErrors', async () => {
    const rest = { post: async () => Promise.reject(apiError(404, 10003)) } as unknown as REST;
    await expect(createDiscordPoster(rest).send('5', { allowed_mentions: { parse: [] }, nonce: 'n', enforce_nonce: true })).rejects.toMatchObject({
      kind: 'channel-gone',
    });
  });
});
