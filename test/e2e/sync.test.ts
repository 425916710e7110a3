// The bot syncing live: the real bot against the fake Discord and the fake Hugging Face. A sync adds a
// day; /search finds its papers with no restart; a /search that started before the swap is answered
// from the revision it started with; buttons on messages from before the swap keep working.
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { openStore, snapshotCodec } from '../../src/corpus-view.js';
import { CORPUS_DIR } from '../support/context.js';
import { searchCommand } from '../../commands/search.js';
import type { Command } from '../../src/command.js';
import { groupByListingDay, requireSharedDays, startFakeHf, type FakeHf } from '../support/fake-hf/index.js';
import { customIds, finalReply, messageData, startHarness, syncedDataDir, type Harness } from './bot-harness.js';

const DAYS = requireSharedDays() ?? groupByListingDay([readFileSync(new URL('../fixtures/hf-daily-sample.json', import.meta.url), 'utf8')]);
/** A real recorded day with a good number of papers, served as today's listing. */
const [, ITEMS] = [...DAYS].filter(([, items]) => items.length >= 5).at(-1) ?? [...DAYS].at(-1)!;
const NEW = (JSON.parse(ITEMS[0] as string) as { paper: { id: string; title: string } }).paper;
const TODAY = new Date().toISOString().slice(0, 10);

/** /search, held at its start until released: an interaction in flight while the sync swaps the view. */
let entered!: () => void;
const started = new Promise<void>((resolve) => (entered = resolve));
let release!: () => void;
const gate = new Promise<void>((resolve) => (release = resolve));
const slowSearch: Command = {
  data: { ...searchCommand.data, name: 'slowsearch', description: '/search that waits (test only)' },
  async execute(ctx, req) {
    entered();
    await gate;
    return searchCommand.execute(ctx, req);
  },
};

let hf: FakeHf;
let h: Harness;
let dataDir: string;

beforeAll(async () => {
  hf = await startFakeHf({ days: new Map() });
  // The 29 days before today were synced earlier (and were empty): this run fetches today and refreshes a week.
  dataDir = syncedDataDir('paperboy-e2e-sync-', TODAY);
  h = await startHarness({ dataDir, env: { HF_API_BASE: hf.baseUrl, SYNC_SCHEDULE: 'off' }, bot: { commands: [...commands, slowSearch] } });
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await hf?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('sync inside the bot', () => {
  it('a synced day is searchable without a restart; an interaction in flight keeps its revision; old buttons work', async () => {
    const beforeSearch = h.fake.interact.command({ name: 'search', options: { query: 'gradient clipping' } });
    const before = await finalReply(beforeSearch);
    const oldList = messageData(before.payload);
    const missing = messageData((await finalReply(h.fake.interact.command({ name: 'search', options: { query: NEW.title } }))).payload);
    expect(JSON.stringify(missing.embeds)).not.toContain(NEW.id);

    const inFlight = h.fake.interact.command({ name: 'slowsearch', options: { query: NEW.title } });
    await started;
    hf.addDay(TODAY, ITEMS);
    const summary = await h.app.app.sync.runNow();
    expect('error' in summary && summary.error).toBeFalsy();
    expect(hf.requests.map((r) => r.query.date)).toContain(TODAY);
    release();

    // Answered, from the revision it started with (the new paper is not in it), not an error.
    const held = messageData((await finalReply(inFlight)).payload);
    expect(held.embeds?.[0]?.title).toBeDefined();
    expect(JSON.stringify(held.embeds)).not.toContain(NEW.id);

    const after = messageData((await finalReply(h.fake.interact.command({ name: 'search', options: { query: NEW.title } }))).payload);
    expect(JSON.stringify(after.embeds)).toContain(NEW.id);

    // The Next button on the list sent before the swap still pages.
    const next = await finalReply(h.fake.interact.button({ customId: customIds(oldList)['Next ▶']!, message: beforeSearch.original()! }));
    expect(messageData(next.payload).embeds?.[0]?.footer?.text).toMatch(/^Page 2\//);

    const about = messageData((await finalReply(h.fake.interact.command({ name: 'about' }))).payload);
    const fields = Object.fromEntries((about.embeds?.[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields['Last sync']).toMatch(new RegExp(`^${TODAY} \\d\\d:\\d\\d UTC$`));
    expect(fields['Newest paper']).toBeDefined();
  }, 120_000);

  it('a stop right after a swap waits for the search snapshot being written: the store then holds that revision\'s', async () => {
    // Another recorded day listed as today too: the next sync adds papers, so a new revision and a new snapshot.
    const more = [...DAYS].map(([, items]) => items).find((items) => items !== ITEMS && items.length >= 3)!;
    hf.addDay(TODAY, [...ITEMS, ...more]);
    const store = h.app.app.corpusStore;
    const before = store.revision();
    const summary = await h.app.app.sync.runNow();
    expect('error' in summary && summary.error).toBeFalsy();
    const revision = store.revision();
    expect(revision).toBeGreaterThan(before);
    await h.stop(); // at once: the swap has just started the snapshot's encode and write
    const reopened = openStore({ dataDir, corpusDir: CORPUS_DIR }, () => undefined);
    try {
      expect(reopened.snapshotBytes(revision, snapshotCodec.version)).toBeGreaterThan(0);
    } finally {
      reopened.close();
    }
  }, 120_000);
});
