// The bot keeps its semantic model up with the corpus, live: against the fake Discord and the fake
// Hugging Face, a sync lands papers that use a word no model knew; the corpus has outgrown the serving
// model (SEMANTIC_RETRAIN=4 papers), so the bot retrains in a child process while it keeps answering,
// swaps the new model in, and /search for the new word then also finds the paper that only says its
// learned neighbour. No restart.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTrainerJob } from '../../src/semantic-trainer.js';
import { startFakeHf, type FakeHf } from '../support/fake-hf/index.js';
import { NEW_WORD, newWordItems, SIBLING_PAPER, SMALL_TRAINING } from '../support/new-word-papers.js';
import { customIds, finalReply, messageData, startHarness, syncedDataDir, type Harness } from './bot-harness.js';

const TODAY = new Date().toISOString().slice(0, 10);

let hf: FakeHf;
let h: Harness;
let dataDir: string;
let seedRevision: number;

beforeAll(async () => {
  hf = await startFakeHf({ days: new Map() });
  dataDir = syncedDataDir('paperboy-e2e-retrain-', TODAY);
  // The model the bot starts with: retrained earlier from the seed store into DATA_DIR (106 papers).
  seedRevision = runTrainerJob({ storeFile: join(dataDir, 'corpus.sqlite'), dataDir, options: SMALL_TRAINING }).revision;
  h = await startHarness({ dataDir, env: { HF_API_BASE: hf.baseUrl, SYNC_SCHEDULE: 'off', SEMANTIC_RETRAIN: '4' }, bot: { semantic: { trainOptions: SMALL_TRAINING } } });
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await hf?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const searchEmbeds = async (query: string) => JSON.stringify(messageData((await finalReply(h.fake.interact.command({ name: 'search', options: { query } }))).payload).embeds);

describe('the semantic model retrained inside the bot', () => {
  it('a sync that outgrows the model starts a background retrain; /search then expands a word only the new papers use', async () => {
    const live = () => h.app.app.ctx.live!.current();
    await h.app.app.semantic.idle();
    const listed = h.fake.interact.command({ name: 'search', options: { query: 'gradient clipping' } });
    const oldList = messageData((await finalReply(listed)).payload);
    expect(live().search.semanticModel()?.header.corpus.revision).toBe(seedRevision);

    hf.addDay(TODAY, newWordItems(TODAY));
    const summary = await h.app.app.sync.runNow();
    expect('error' in summary && summary.error).toBeFalsy();
    expect(h.app.app.semantic.training()).toBe(true);

    // While it trains: the new papers are searchable by their word, ranked with the previous model, which
    // does not know it (the paper that only says "wallabyreg" is not found).
    const during = await searchEmbeds(NEW_WORD);
    expect(during).toContain('2612.90001');
    expect(during).not.toContain(SIBLING_PAPER);

    await h.app.app.semantic.idle();
    expect(live().search.semanticModel()?.header.corpus.revision).toBe(live().corpus.revision);
    const after = await searchEmbeds(NEW_WORD);
    expect(after).toContain('2612.90001');
    expect(after).toContain(SIBLING_PAPER);
    // Other searches still answer, and the Next button on a list sent before the swap still pages.
    expect(await searchEmbeds('gradient clipping')).toMatch(/Gradient Norm Clipping.*"Page 1\/\d+ · \d+ results"/s);
    const next = await finalReply(h.fake.interact.button({ customId: customIds(oldList)['Next ▶']!, message: listed.original()! }));
    expect(messageData(next.payload).embeds?.[0]?.footer?.text).toMatch(/^Page 2\//);
  }, 120_000);
});
