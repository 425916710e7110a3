// `paperboy sync` end to end below the CLI: the real HF client against the loopback fake replaying
// recorded days, applied into a real corpus store. Resumable, idempotent, weekends recorded as done.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CorpusStore } from '../../src/corpus/store.js';
import { createHfClient } from '../../src/sync/client.js';
import { runSync, summaryLine } from '../../src/sync/job.js';
import { addDays, planSyncDays } from '../../src/sync/plan.js';
import { dumpStore, openStoreIn, tempDir } from '../corpus/store-support.js';
import { groupByListingDay, requireSharedDays, startFakeHf, type FakeHf, type RecordedDays } from '../support/fake-hf/index.js';

/** The real recorded feed when ../shared is here (always in CI), else the committed sample. */
const DAYS: RecordedDays = requireSharedDays() ?? groupByListingDay([readFileSync(new URL('../fixtures/hf-daily-sample.json', import.meta.url), 'utf8')]);
const LAST = [...DAYS.keys()].at(-1) as string;
/** Two weeks ending on the newest recorded day. */
const FROM = addDays(LAST, -13);
const idsOf = (day: string) => (DAYS.get(day) ?? []).map((raw) => (JSON.parse(raw) as { paper: { id: string } }).paper.id);

let fake: FakeHf;
let dir: ReturnType<typeof tempDir>;
let store: CorpusStore;
const client = (retry = { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }) => createHfClient({ baseUrl: fake.baseUrl, userAgent: 'paperboy-test', minIntervalMs: 0, timeoutMs: 2_000, retry });
const sync = (extra: Partial<Parameters<typeof runSync>[0]> = {}) => runSync({ client: client(), store, today: LAST, from: FROM, ...extra });

beforeEach(async () => {
  fake = await startFakeHf({ days: DAYS });
  dir = tempDir('paperboy-sync-');
  store = openStoreIn(dir.path);
});
afterEach(async () => {
  store.close();
  dir.remove();
  await fake.close();
});

describe('planning', () => {
  it('first run: the last 30 days; then only unsynced days plus the last 7 again, oldest first', () => {
    const first = planSyncDays({ today: '2026-08-21', synced: new Set() });
    expect(first).toHaveLength(30);
    expect(first[0]).toEqual({ day: '2026-07-23', refresh: false });
    const synced = new Set(first.map((d) => d.day));
    const next = planSyncDays({ today: '2026-08-22', synced });
    expect(next.map((d) => d.day)).toEqual(['2026-08-16', '2026-08-17', '2026-08-18', '2026-08-19', '2026-08-20', '2026-08-21', '2026-08-22']);
    expect(next.at(-1)).toEqual({ day: '2026-08-22', refresh: false });
  });

  it('refuses impossible ranges in one line', () => {
    expect(() => planSyncDays({ today: '2026-08-21', synced: new Set(), from: '2026-13-01' })).toThrow(/^--from "2026-13-01" is not a date: use YYYY-MM-DD$/);
    expect(() => planSyncDays({ today: '2026-08-21', synced: new Set(), from: '2026-08-20', to: '2026-08-01' })).toThrow(/is after --to/);
    expect(() => planSyncDays({ today: '2026-08-21', synced: new Set(), from: '2000-01-01' })).toThrow(/more than 400 days/);
  });
});

describe('runSync', () => {
  it('applies each listed day, records weekends and empty days as done, and makes every listed paper findable', async () => {
    const summary = await sync();
    expect(summary.error).toBeUndefined();
    expect(summary.planned).toBe(14);
    expect(store.syncDays().map((d) => d.day)).toEqual(Array.from({ length: 14 }, (_v, i) => addDays(FROM, i)));
    const corpus = store.loadCorpus();
    const arxiv = new Set(corpus.papers.map((p) => p.arxivId));
    const listed = Array.from({ length: 14 }, (_v, i) => idsOf(addDays(FROM, i))).flat();
    expect(listed.length).toBeGreaterThan(0);
    for (const id of listed) expect(arxiv.has(id), id).toBe(true);
    expect(summary.added).toBe(new Set(listed).size);
    for (const p of corpus.papers.filter((p) => listed.includes(p.arxivId ?? ''))) expect(p.listedAt, p.id).toBeDefined();
    expect(summaryLine(summary)).toMatch(/^synced 14 of 14 days: added \d+ new papers, 0 updated; corpus revision \d+$/);
  });

  it('a second run fetches only the refresh window, picks up changed upvotes, and leaves the revision alone when nothing changed', async () => {
    await sync();
    const before = store.revision();
    const again = await sync();
    expect(again.planned).toBe(7);
    expect(again.added + again.updated).toBe(0);
    expect(store.revision()).toBe(before);
    const day = [...DAYS.keys()].filter((d) => d >= addDays(LAST, -6)).find((d) => idsOf(d).length > 0) as string;
    fake.updateDay(day, (item) => ({ ...item, paper: { ...(item.paper as object), upvotes: 4242 } }));
    const refreshed = await sync();
    expect(refreshed.updated).toBeGreaterThan(0);
    const corpus = store.loadCorpus();
    for (const id of idsOf(day)) expect(corpus.papers.find((p) => p.arxivId === id)?.upvotes, id).toBe(4242);
  });

  it('stops at a day the API keeps failing, keeps the days before it, and the next run continues there', async () => {
    const bad = [...DAYS.keys()].filter((d) => d > FROM && idsOf(d).length > 0)[1] as string;
    fake.inject({ kind: 'status', status: 503, date: bad, times: 2 });
    const first = await sync();
    expect(first.error).toMatch(new RegExp(`^Hugging Face API: GET .*date=${bad}.* failed after 2 attempts: HTTP 503$`));
    expect(first.transient).toBe(true);
    const done = store.syncDays().map((d) => d.day);
    expect(done.at(-1)! < bad).toBe(true);
    expect(done).not.toContain(bad);

    const second = await sync();
    expect(second.error).toBeUndefined();
    expect(second.days[0]?.day).toBe(bad);
    // Same corpus as a run that never failed.
    const clean = tempDir('paperboy-sync-clean-');
    const other = openStoreIn(clean.path);
    try {
      await runSync({ client: client(), store: other, today: LAST, from: FROM });
      expect(store.loadCorpus().papers.map((p) => p.id).sort()).toEqual(other.loadCorpus().papers.map((p) => p.id).sort());
    } finally {
      other.close();
      clean.remove();
    }
  });

  it('refuses a day whose items all changed shape, without recording it', async () => {
    const day = [...DAYS.keys()].filter((d) => d >= FROM && idsOf(d).length > 0)[0] as string;
    fake.inject({ kind: 'drift', date: day, mutate: ({ paper, ...rest }) => ({ ...rest, article: paper }) });
    const summary = await sync();
    expect(summary.error).toMatch(/none of the \d+ items matched the expected shape/);
    expect(summary.transient).toBe(false);
    expect(store.syncDays().map((d) => d.day)).not.toContain(day);
  });

  it('a dry run fetches and reports but changes nothing', async () => {
    const before = dumpStore(store.file);
    const ids = new Set(store.loadCorpus().papers.map((p) => p.arxivId));
    const summary = await sync({ dryRun: true, known: (id) => ids.has(id) });
    expect(summary.added).toBeGreaterThan(0);
    expect(summaryLine(summary)).toMatch(/^dry run: fetched 14 of 14 days: would add \d+ new papers/);
    expect(dumpStore(store.file)).toEqual(before);
    expect(store.syncDays()).toEqual([]);
  });

  it('sends every request with the paperboy User-Agent and at most one per day page', async () => {
    await sync();
    expect(fake.requests).toHaveLength(14);
    expect(new Set(fake.requests.map((r) => r.userAgent))).toEqual(new Set(['paperboy-test']));
  });
});
