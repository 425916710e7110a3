import { describe, expect, it } from 'vitest';
import { dailyMessages, messageNonce, PostError, postNonce, sendDailyPost, type RetryPolicy } from '../../src/daily/post.js';
import { payload } from '../../src/reply.js';
import { CHANNEL, FakeChannels, GUILD } from './helpers.js';

const card = (title: string) => payload({ embeds: [{ title }], components: [] });
const POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 3000 };

function run(discord: FakeChannels, messages = dailyMessages('📰 Daily picks: Sunday 22 Nov', [card('A'), card('B'), card('C')]), sent = new Map<number, string>()) {
  const sleeps: number[] = [];
  const recorded: [number, string][] = [];
  const promise = sendDailyPost({
    poster: discord,
    channelId: CHANNEL,
    nonce: postNonce(GUILD, '2026-11-22', CHANNEL),
    messages,
    sent,
    onSent: (i, id) => recorded.push([i, id]),
    sleep: async (ms) => void sleeps.push(ms),
    retry: POLICY,
  });
  return { promise, sleeps, recorded };
}

describe('sending a day’s post', () => {
  it('sends one message per pick, the header on the first, never pinging anyone', async () => {
    const discord = new FakeChannels();
    const { promise, recorded } = run(discord);
    expect(await promise).toEqual(['1000', '1001', '1002']);
    expect(discord.messages.map((m) => m.body.content)).toEqual(['📰 Daily picks: Sunday 22 Nov', undefined, undefined]);
    expect(discord.messages.map((m) => m.body.embeds?.[0]?.title)).toEqual(['A', 'B', 'C']);
    for (const m of discord.messages) {
      expect(m.body.allowed_mentions).toEqual({ parse: [] });
      expect(m.body.enforce_nonce).toBe(true);
    }
    expect(recorded).toEqual([
      [0, '1000'],
      [1, '1001'],
      [2, '1002'],
    ]);
  });

  it('uses deterministic nonces within Discord’s 25 characters, distinct per message, day and channel', () => {
    const base = postNonce(GUILD, '2026-11-22', CHANNEL);
    expect(postNonce(GUILD, '2026-11-22', CHANNEL)).toBe(base);
    expect(messageNonce(base, 9).length).toBeLessThanOrEqual(25);
    expect(new Set([base, postNonce(GUILD, '2026-11-23', CHANNEL), postNonce(GUILD, '2026-11-22', '4'.repeat(18))]).size).toBe(3);
    expect(messageNonce(base, 0)).not.toBe(messageNonce(base, 1));
  });

  it('does not resend messages already recorded', async () => {
    const discord = new FakeChannels();
    const { promise } = run(discord, undefined, new Map([[0, 'old']]));
    expect(await promise).toEqual(['old', '1000', '1001']);
    expect(discord.calls.map((c) => c.nonce.at(-1))).toEqual(['1', '2']);
  });

  it('retries 5xx and network trouble with growing pauses, then succeeds', async () => {
    const discord = new FakeChannels();
    discord.failNext = [new PostError('retryable', 'Discord returned 503'), new PostError('retryable', 'network error')];
    const { promise, sleeps } = run(discord);
    expect(await promise).toHaveLength(3);
    expect(sleeps).toEqual([1000, 2000]);
    expect(discord.messages).toHaveLength(3);
  });

  it('gives up after the last attempt, with bounded pauses', async () => {
    const discord = new FakeChannels();
    discord.failNext = Array.from({ length: 10 }, () => new PostError('retryable', '502'));
    const { promise, sleeps } = run(discord);
    await expect(promise).rejects.toMatchObject({ kind: 'retryable' });
    expect(sleeps).toEqual([1000, 2000, 3000]);
  });

  it('does not retry what retrying cannot fix', async () => {
    const discord = new FakeChannels();
    discord.failNext = [new PostError('no-permission', 'Missing Permissions')];
    const { promise, sleeps } = run(discord);
    await expect(promise).rejects.toMatchObject({ kind: 'no-permission' });
    expect(sleeps).toEqual([]);
  });

  it('keeps indexes (and so nonces) stable when a card cannot be rendered', () => {
    const messages = dailyMessages('header', [null, card('B')]);
    expect(messages[0]).toBeNull();
    expect(messages[1]?.content).toBe('header');
  });
});
