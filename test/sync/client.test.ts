// The HF client against the loopback fake: paging, validation shared with the importer, politeness
// (User-Agent, 2 requests/s) and every fault the fake can inject.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backoffMs, createHfClient, DEFAULT_RETRY, HfApiError, MIN_INTERVAL_MS, PAGE_LIMIT, parsePage, parseRetryAfter, userAgent, type HfClientOptions } from '../../src/sync/client.js';
import { parseHfDaily } from '../../src/corpus/ingest/hf-daily.js';
import { groupByListingDay, startFakeHf, type FakeHf } from '../support/fake-hf/index.js';

const FIXTURE = readFileSync(new URL('../fixtures/hf-daily-sample.json', import.meta.url), 'utf8');
const DAYS = groupByListingDay([FIXTURE]);
// The fixture's biggest day (5 items), so one bad item leaves good ones beside it.
const [DAY, ITEMS] = [...DAYS].sort((a, b) => b[1].length - a[1].length)[0] as [string, string[]];
/** What `paperboy import` makes of the same items: the client must agree with it exactly. */
const IMPORTED = parseHfDaily(`[${ITEMS.join(',')}]`, 'fixture');
const VALID = IMPORTED.records.length;

let fake: FakeHf;
const slept: number[] = [];
/** Fast retries: the policy is the same, only the clock is shortened. */
function client(extra: Partial<HfClientOptions> = {}) {
  return createHfClient({
    baseUrl: fake.baseUrl,
    userAgent: userAgent('9.9.9'),
    timeoutMs: 300,
    minIntervalMs: 0,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...extra,
  });
}

beforeEach(async () => {
  fake = await startFakeHf({ days: DAYS });
  slept.length = 0;
});
afterEach(async () => {
  await fake.close();
});

describe('fetching a day', () => {
  it('returns the day\'s items as the importer parses them, with a User-Agent naming paperboy and its version', async () => {
    const day = await client().fetchDay(DAY);
    expect(day.items).toBe(ITEMS.length);
    expect(VALID).toBeGreaterThan(1);
    expect(day.records.map((r) => r.arxivId)).toEqual(IMPORTED.records.map((r) => r.arxivId));
    expect(day.problems.map((p) => p.message)).toEqual(IMPORTED.problems.map((p) => p.message));
    expect(day.records.every((r) => r.listedAt === DAY)).toBe(true);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.userAgent).toMatch(/^paperboy\/9\.9\.9 /);
    expect(fake.requests[0]?.query).toMatchObject({ date: DAY, p: '0', limit: String(PAGE_LIMIT) });
  });

  it('an empty day (a weekend) is an empty, successful fetch', async () => {
    const day = await client().fetchDay('2020-01-04');
    expect(day).toMatchObject({ items: 0, records: [], problems: [] });
  });

  it('follows pages until one comes back short', async () => {
    const many = Array.from({ length: PAGE_LIMIT + 7 }, (_v, i) => {
      const item = JSON.parse(ITEMS[0] as string) as { paper: { id: string; title: string } };
      item.paper.id = `2601.${String(10000 + i)}`;
      item.paper.title = `Paper number ${i}`;
      return item;
    });
    fake.addDay('2026-01-05', many);
    const day = await client().fetchDay('2026-01-05');
    expect(day.records).toHaveLength(PAGE_LIMIT + 7);
    expect(fake.requests.map((r) => r.query.p)).toEqual(['0', '1']);
  });

  it('keeps at most 2 requests per second by default: starts 550 ms apart, never 3 in any second at the server', async () => {
    const days = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09'];
    for (const d of days) fake.addDay(d, []);
    const starts: number[] = [];
    const c = client({ minIntervalMs: undefined, onRequest: () => void starts.push(performance.now()) });
    for (const d of days) await c.fetchDay(d);
    // The client's own clock: each start at least MIN_INTERVAL_MS after the previous one (1 ms timer slack).
    const gaps = starts.slice(1).map((t, i) => t - (starts[i] as number));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(MIN_INTERVAL_MS - 1);
    // The server's clock (it shares this process's event loop, so arrivals can bunch a little): the
    // rate limit itself, as "no three requests within one second".
    const at = fake.requests.map((r) => r.at);
    for (let i = 2; i < at.length; i++) expect((at[i] as number) - (at[i - 2] as number)).toBeGreaterThanOrEqual(1000);
  });
});

describe('bad items and schema drift', () => {
  it('skips and reports an invalid item, keeps the rest', async () => {
    fake.inject({ kind: 'drift', mutate: (item) => ((item.paper as { id: string }).id === (JSON.parse(ITEMS[0] as string) as { paper: { id: string } }).paper.id ? { ...item, paper: { ...(item.paper as object), title: '' } } : item) });
    const day = await client().fetchDay(DAY);
    expect(day.records).toHaveLength(VALID - 1);
    expect(day.problems).toHaveLength(IMPORTED.problems.length + 1);
    expect(day.problems[0]?.message).toMatch(/^item 1: .*title.*\(skipped\)/);
  });

  it('ignores unknown and renamed optional fields', async () => {
    fake.inject({ kind: 'drift', mutate: (item) => {
      const paper: Record<string, unknown> = { ...(item.paper as Record<string, unknown>), upvoteCount: 5, newField: { x: 1 } };
      delete paper.upvotes;
      return { ...item, paper, brandNew: true };
    } });
    const day = await client().fetchDay(DAY);
    // The fixture's one invalid item has bad upvotes: without the field it becomes valid too.
    expect(day.records.length).toBeGreaterThanOrEqual(VALID);
    expect(day.records.every((r) => r.upvotes === undefined)).toBe(true);
  });

  it('refuses a day where no item has the expected shape (a renamed "paper" field), without retrying', async () => {
    fake.inject({ kind: 'drift', mutate: ({ paper, ...rest }) => ({ ...rest, article: paper }) });
    await expect(client().fetchDay(DAY)).rejects.toThrow(/none of the \d+ items matched the expected shape/);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('faults', () => {
  const sleepSpy = (ms: number) => {
    slept.push(ms);
    return Promise.resolve();
  };

  it('honours Retry-After on 429', async () => {
    fake.inject({ kind: 'status', status: 429, retryAfter: '3' });
    const day = await client({ sleep: sleepSpy }).fetchDay(DAY);
    expect(day.records).toHaveLength(VALID);
    expect(slept).toEqual([3000]);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('waits a real Retry-After against the fake before retrying', async () => {
    fake.inject({ kind: 'status', status: 429, retryAfter: '1' });
    await client().fetchDay(DAY);
    const [first, second] = fake.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('gives up at once when Retry-After is longer than it is willing to wait', async () => {
    fake.inject({ kind: 'status', status: 429, retryAfter: '3600' });
    await expect(client({ sleep: sleepSpy }).fetchDay(DAY)).rejects.toThrow(/Retry-After 3600 s is longer than we wait/);
  });

  it('retries 500s with exponential backoff and jitter, then succeeds', async () => {
    fake.inject({ kind: 'status', status: 500, times: 3 });
    const day = await client({ sleep: sleepSpy, random: () => 0.5, retry: { baseDelayMs: 1000, maxDelayMs: 30_000 } }).fetchDay(DAY);
    expect(day.records).toHaveLength(VALID);
    expect(slept).toEqual([500, 1000, 2000]);
    expect(day.requests).toBe(4);
  });

  it('gives up after maxAttempts with one clear line', async () => {
    fake.inject({ kind: 'status', status: 503, times: 10 });
    const error = await client().fetchDay(DAY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HfApiError);
    expect((error as Error).message).toMatch(new RegExp(`^Hugging Face API: GET .*date=${DAY}.* failed after ${DEFAULT_RETRY.maxAttempts} attempts: HTTP 503$`));
    expect((error as Error).message).not.toContain('\n');
    expect((error as HfApiError).transient).toBe(true);
  });

  it('does not retry a 4xx other than 429', async () => {
    fake.inject({ kind: 'status', status: 404 });
    await expect(client().fetchDay(DAY)).rejects.toThrow(/failed: HTTP 404$/);
    expect(fake.requests).toHaveLength(1);
  });

  it('times out a slow response and retries', async () => {
    fake.inject({ kind: 'slow', delayMs: 2_000 });
    const day = await client({ timeoutMs: 200 }).fetchDay(DAY);
    expect(day.records).toHaveLength(VALID);
    expect(fake.requests).toHaveLength(2);
  });

  it('says so when every attempt times out', async () => {
    fake.inject({ kind: 'slow', delayMs: 2_000, times: 10 });
    await expect(client({ timeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }).fetchDay(DAY)).rejects.toThrow(/failed after 2 attempts: no complete answer within 100 ms$/);
  });

  it('retries a truncated JSON body', async () => {
    fake.inject({ kind: 'truncate' });
    const day = await client().fetchDay(DAY);
    expect(day.records).toHaveLength(VALID);
    expect(fake.requests).toHaveLength(2);
  });

  it('retries a reset connection and names the cause when it gives up', async () => {
    fake.inject({ kind: 'reset', times: 10 });
    await expect(client({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }).fetchDay(DAY)).rejects.toThrow(/failed after 2 attempts: \S+/);
  });

  it('reports a server that is not there', async () => {
    const url = fake.baseUrl;
    await fake.close();
    const c = createHfClient({ baseUrl: url, userAgent: 'x', retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    await expect(c.fetchDay(DAY)).rejects.toThrow(/failed after 2 attempts: ECONNREFUSED/);
    fake = await startFakeHf();
  });
});

describe('pure parts', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('7', 0)).toBe(7000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });

  it('backoff doubles up to the cap, scaled by jitter', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, policy, () => 0.999999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffMs(3, policy, () => 0)).toBe(0);
  });

  it('parsePage tells garbled bodies from schema drift', () => {
    expect(parsePage('[{"paper":', 'f').kind).toBe('garbled');
    expect(parsePage('{"error":"x"}', 'f').kind).toBe('drift');
    expect(parsePage('[]', 'f')).toMatchObject({ kind: 'ok', count: 0 });
  });
});
