// Sending one day's post. The Discord edge is the ChannelPoster interface (discord-poster.ts in
// production, an in-memory fake in tests); everything here is about doing it exactly once.
//
// Layout: one message per pick, each with its card and that card's link buttons (a message has room
// for 10 embeds but only 5 button rows, so buttons would otherwise lose their cards). The first
// message also carries the header line. Message i is sent with nonce `${post.nonce}${i}` and
// enforce_nonce, so re-sending after a crash returns the message Discord already has.
import { createHash } from 'node:crypto';
import type { ReplyPayload } from '../reply.js';

export type SendBody = ReplyPayload & { nonce: string; enforce_nonce: true };

export interface ChannelInfo {
  id: string;
  /** Null for DMs and group DMs. */
  guildId: string | null;
  type: number;
}

export interface ChannelPoster {
  send(channelId: string, body: SendBody): Promise<{ id: string }>;
  getChannel(channelId: string): Promise<ChannelInfo>;
}

/**
 * What went wrong, in the terms the daily service acts on:
 * - channel-gone / no-permission: this server's schedule is disabled until an admin fixes it
 * - retryable: 5xx, rate limits and network trouble; try again after a pause
 * - rejected: Discord refused the message itself (400); retrying cannot help
 */
export type PostErrorKind = 'channel-gone' | 'no-permission' | 'retryable' | 'rejected';

export class PostError extends Error {
  override readonly name = 'PostError';
  constructor(
    readonly kind: PostErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Deterministic per (server, day, channel): a resend lands on the same nonces; another channel gets new ones. */
export function postNonce(guildId: string, localDate: string, channelId: string): string {
  // 23 chars, leaving room for the 1-digit message index under Discord's 25-char nonce limit.
  return `d${createHash('sha256').update(`${guildId}|${localDate}|${channelId}`).digest('hex').slice(0, 22)}`;
}

export const messageNonce = (base: string, idx: number): string => `${base}${idx}`;

/**
 * Header on the first message; cards carry their own embeds and link buttons. A null card (a pick no
 * longer renderable) stays null so every other message keeps its index, and with it its nonce.
 */
export function dailyMessages(header: string, cards: readonly (ReplyPayload | null)[]): (ReplyPayload | null)[] {
  const first = cards.findIndex((c) => c !== null);
  return cards.map((card, i) =>
    card
      ? { ...(i === first ? { content: header } : {}), embeds: card.embeds ?? [], components: card.components ?? [], allowed_mentions: { parse: [] } }
      : null,
  );
}

export interface RetryPolicy {
  /** Attempts of the whole post, first one included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Bounded: @discordjs/rest already waits out 429s and retries 5xx three times back to back, so this
 * outer loop adds spaced-out attempts for longer outages (about 2.5 minutes in total by default, which
 * stays inside the window in which Discord deduplicates nonces).
 */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 10_000, maxDelayMs: 80_000 };

export const backoff = (policy: RetryPolicy, attempt: number) => Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);

export interface SendPostArgs {
  poster: ChannelPoster;
  channelId: string;
  nonce: string;
  /** By index; null entries are skipped. */
  messages: readonly (ReplyPayload | null)[];
  /** Message ids already recorded for this post, by index: those are not sent again. */
  sent: ReadonlyMap<number, string>;
  /** Persist a message id right after Discord returns it. */
  onSent(idx: number, messageId: string): void;
  onRetry?(attempt: number, delayMs: number, err: PostError): void;
  sleep(ms: number): Promise<void>;
  retry?: RetryPolicy;
}

/** Sends every message not yet recorded, in order; returns all message ids. Throws PostError (or an unexpected error). */
export async function sendDailyPost(a: SendPostArgs): Promise<string[]> {
  const policy = a.retry ?? DEFAULT_RETRY;
  const ids = new Map(a.sent);
  for (let attempt = 0; ; attempt++) {
    try {
      for (let idx = 0; idx < a.messages.length; idx++) {
        const message = a.messages[idx];
        if (ids.has(idx) || !message) continue;
        const body: SendBody = { ...message, nonce: messageNonce(a.nonce, idx), enforce_nonce: true };
        const { id } = await a.poster.send(a.channelId, body);
        ids.set(idx, id);
        a.onSent(idx, id);
      }
      return a.messages.flatMap((_, i) => ids.get(i) ?? []);
    } catch (err) {
      const retryable = err instanceof PostError && err.kind === 'retryable';
      if (!retryable || attempt + 1 >= policy.attempts) throw err;
      const delay = backoff(policy, attempt);
      a.onRetry?.(attempt + 1, delay, err);
      await a.sleep(delay);
    }
  }
}
