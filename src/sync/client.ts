// The Hugging Face Daily Papers client: GET /api/daily_papers?date=YYYY-MM-DD, page by page.
// Parsing is pure and shared with `paperboy import` (the same zod item schema, so a synced paper and an
// imported one are the same record); the HTTP edge is Node's fetch with the politeness HF asks of
// scrapers: a named User-Agent, at most 2 requests/s, Retry-After honoured, backoff with jitter.
import { setTimeout as delay } from 'node:timers/promises';
import { parsePage, type PageParse } from '../corpus/hf-page.js';
import type { RawRecord } from '../corpus/ingest/record.js';
import type { Problem } from '../corpus/problems.js';

export { parsePage, type PageParse };

/** Parses a response body (parsePage); the bot's runs on its writer thread, off the event loop. */
export type PageParser = (body: string, file: string) => PageParse | Promise<PageParse>;

export const DEFAULT_HF_API_BASE = 'https://huggingface.co';
/** The API's own maximum page size: fewer requests per day. */
export const PAGE_LIMIT = 100;
/** A day never has anywhere near this many pages; the bound stops a misbehaving server from looping us. */
export const MAX_PAGES = 20;
/** 2 requests/s with a margin for jitter (see HfClientOptions.minIntervalMs). */
export const MIN_INTERVAL_MS = 550;

/** The corpus store's source name for one listing day; applying it again replaces that day's records. */
export const daySource = (day: string): string => `hf-daily/${day}.json`;

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** Backoff before retry n (1-based) is random in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))] ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out: the sync gives up and the next run tries again. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000, maxRetryAfterMs: 120_000 };

export interface HfClientOptions {
  baseUrl?: string;
  /** Sent on every request; see userAgent(). */
  userAgent: string;
  /** Per request, headers and body included. */
  timeoutMs?: number;
  /**
   * Minimum spacing between request starts. 2 requests/s is 500 ms; the default keeps a 50 ms margin so
   * the server, which sees arrivals shifted by network jitter, never counts more than 2 in a second.
   */
  minIntervalMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Called as each request starts (after the rate limiter): for logs and rate assertions. */
  onRequest?: (url: string) => void;
  /** Seams for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface DayFetch {
  date: string;
  records: RawRecord[];
  /** Items that failed validation (skipped) and fields that were ignored, "item N: ..." per page. */
  problems: Problem[];
  /** Items the API returned, valid or not. */
  items: number;
  requests: number;
}

/** Every failure the client gives up on: one line, naming the request and the last cause. */
export class HfApiError extends Error {
  override readonly name = 'HfApiError';
  constructor(
    message: string,
    /** Whether trying again later may help (network, 5xx, 429) or not (4xx, schema change). */
    readonly transient: boolean,
  ) {
    super(message);
  }
}

export function userAgent(version: string): string {
  return `paperboy/${version} (Discord research-paper bot; daily-papers sync)`;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * cap);
}

export interface HfClient {
  /** All pages of one listing day. Throws HfApiError when it gives up. `parse`: how bodies are parsed (default parsePage). */
  fetchDay(date: string, signal?: AbortSignal, options?: { parse?: PageParser }): Promise<DayFetch>;
  readonly baseUrl: string;
}

const sleepDefault = (ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal });

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ? `${cause.code}${cause.message ? ` (${cause.message})` : ''}` : error.message;
}

export function createHfClient(opts: HfClientOptions): HfClient {
  const baseUrl = (opts.baseUrl ?? DEFAULT_HF_API_BASE).replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const minIntervalMs = opts.minIntervalMs ?? MIN_INTERVAL_MS;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const sleep = opts.sleep ?? sleepDefault;
  const random = opts.random ?? Math.random;
  const now = opts.now ?? (() => performance.now());
  let nextSlot = -Infinity;

  /**
   * Spaces request starts at least minIntervalMs apart (shared by every caller of this client), measured
   * from when a request really started: a timer that fires late must not shorten the next gap.
   */
  async function throttle(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const t = now();
      if (t >= nextSlot) {
        nextSlot = t + minIntervalMs;
        return;
      }
      await sleep(nextSlot - t, signal);
    }
  }

  type Attempt = { ok: true; body: string } | { ok: false; transient: boolean; reason: string; waitMs?: number };

  async function attempt(url: string, signal?: AbortSignal): Promise<Attempt> {
    await throttle(signal);
    opts.onRequest?.(url);
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const res = await fetch(url, { headers: { 'user-agent': opts.userAgent, accept: 'application/json' }, signal: combined });
      if (res.status === 429) {
        await res.body?.cancel();
        const waitMs = parseRetryAfter(res.headers.get('retry-after'), Date.now());
        return { ok: false, transient: true, reason: 'HTTP 429 Too Many Requests', waitMs };
      }
      if (res.status >= 500) {
        await res.body?.cancel();
        return { ok: false, transient: true, reason: `HTTP ${res.status}` };
      }
      if (!res.ok) {
        await res.body?.cancel();
        return { ok: false, transient: false, reason: `HTTP ${res.status}` };
      }
      return { ok: true, body: await res.text() };
    } catch (error) {
      if (signal?.aborted) throw error;
      if (timeout.aborted) return { ok: false, transient: true, reason: `no complete answer within ${timeoutMs} ms` };
      return { ok: false, transient: true, reason: describe(error) };
    }
  }

  /** One page with retries; a garbled body counts as a transient failure. */
  async function getPage(date: string, page: number, signal: AbortSignal | undefined, parse: PageParser): Promise<{ parsed: Extract<PageParse, { kind: 'ok' }>; requests: number }> {
    const url = `${baseUrl}/api/daily_papers?date=${date}&p=${page}&limit=${PAGE_LIMIT}`;
    const shown = `GET ${url}`;
    for (let n = 1; ; n++) {
      const result = await attempt(url, signal);
      let failure: { transient: boolean; reason: string; waitMs?: number };
      if (result.ok) {
        // Named as the store names the day's source, so a refresh replaces the day's records instead of adding to them.
        const parsed = await parse(result.body, daySource(date));
        if (parsed.kind === 'ok') return { parsed, requests: n };
        if (parsed.kind === 'drift') throw new HfApiError(`Hugging Face API: ${shown}: ${parsed.reason}; not applied`, false);
        failure = { transient: true, reason: parsed.reason };
      } else {
        failure = result;
      }
      if (!failure.transient) throw new HfApiError(`Hugging Face API: ${shown} failed: ${failure.reason}`, false);
      if (n >= policy.maxAttempts) throw new HfApiError(`Hugging Face API: ${shown} failed after ${n} attempts: ${failure.reason}`, true);
      if (failure.waitMs !== undefined && failure.waitMs > policy.maxRetryAfterMs) {
        throw new HfApiError(`Hugging Face API: ${shown}: rate limited, Retry-After ${Math.ceil(failure.waitMs / 1000)} s is longer than we wait; try later`, true);
      }
      await sleep(failure.waitMs ?? backoffMs(n, policy, random), signal);
    }
  }

  return {
    baseUrl,
    async fetchDay(date, signal, options = {}) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new HfApiError(`Hugging Face API: "${date}" is not a YYYY-MM-DD date`, false);
      const out: DayFetch = { date, records: [], problems: [], items: 0, requests: 0 };
      for (let page = 0; page < MAX_PAGES; page++) {
        const { parsed, requests } = await getPage(date, page, signal, options.parse ?? parsePage);
        out.requests += requests;
        out.items += parsed.count;
        out.records.push(...parsed.records);
        out.problems.push(...parsed.problems);
        if (parsed.count < PAGE_LIMIT) return out;
      }
      throw new HfApiError(`Hugging Face API: ${date} still had items after ${MAX_PAGES} pages; refusing to page further`, false);
    },
  };
}
