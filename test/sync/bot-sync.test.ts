// The in-bot sync with Hugging Face unreachable (as on every machine here): the bot keeps serving the
// view it has, logs one warning per failure streak, and swaps in a new view once a sync lands papers.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadView } from '../../src/corpus-view.js';
import type { CorpusStore } from '../../src/corpus/store.js';
import { createLogger } from '../../src/logger.js';
import { createBotSync } from '../../src/sync/bot-sync.js';
import { createHfClient } from '../../src/sync/client.js';
import { createViewRef } from '../../src/sync/live.js';
import { openStoreIn, tempDir } from '../corpus/store-support.js';
import { groupByListingDay, startFakeHf, type FakeHf } from '../support/fake-hf/index.js';

const DAYS = groupByListingDay([readFileSync(new URL('../fixtures/hf-daily-sample.json', import.meta.url), 'utf8')]);
const TODAY = '2025-12-12';

let fake: FakeHf;
let dir: ReturnType<typeof tempDir>;
let store: CorpusStore;
let lines: { level: number; msg: string }[];

beforeEach(async () => {
  fake = await startFakeHf({ days: DAYS });
  dir = tempDir('paperboy-botsync-');
  store = openStoreIn(dir.path);
  lines = [];
});
afterEach(async () => {
  store.close();
  dir.remove();
  await fake.close();
});

function botSync() {
  const logger = createLogger('debug', { write: (s: string) => void lines.push(JSON.parse(s) as { level: number; msg: string }) });
  const ref = createViewRef(loadView(store, () => undefined));
  const client = createHfClient({ baseUrl: fake.baseUrl, userAgent: 'paperboy-test', minIntervalMs: 0, retry: { maxAttempts: 1 } });
  const sync = createBotSync({ store, ref, client, logger, loadView: (s) => loadView(s, () => undefined), schedule: null, now: () => new Date(`${TODAY}T12:00:00Z`) });
  return { ref, sync };
}

const warnings = () => lines.filter((l) => l.level === 40);

describe('the in-bot sync', () => {
  it('keeps serving and warns once per failure streak while Hugging Face is down, then recovers and swaps', async () => {
    const { ref, sync } = botSync();
    const served = ref.current();
    fake.inject({ kind: 'status', status: 503, times: 1000 });
    for (let i = 0; i < 3; i++) expect(await sync.runNow()).toMatchObject({ error: expect.stringMatching(/HTTP 503/) as unknown as string });
    expect(ref.current()).toBe(served);
    expect(ref.status().lastSuccessAt).toBeNull();
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]?.msg).toMatch(/sync failed; still serving the current corpus/);

    fake.clearFaults();
    const ok = await sync.runNow();
    expect('error' in ok ? ok.error : undefined).toBeUndefined();
    expect(ref.current()).not.toBe(served);
    expect(ref.current().corpus.revision).toBeGreaterThan(served.corpus.revision);
    expect(ref.current().search.search('Gradient Noise Injection Stabilizes Few-Step Diffusion Distillation')[0]?.paper.arxivId).toBe('2512.99902');
    expect(ref.status().lastSuccessAt).toEqual(new Date(`${TODAY}T12:00:00Z`));

    // A new streak warns again, once.
    fake.inject({ kind: 'status', status: 500, times: 1000 });
    await sync.runNow();
    await sync.runNow();
    expect(warnings()).toHaveLength(2);
    await sync.stop();
  });

  it('two calls at once share one sync', async () => {
    const { sync } = botSync();
    const [a, b] = [sync.runNow(), sync.runNow()];
    expect(a).toBe(b);
    await a;
    await sync.stop();
  });
});

describe('SYNC_SCHEDULE', () => {
  it('a cron expression croner rejects stops start-up with one line naming the variable', async () => {
    const { checkSchedule } = await import('../../src/sync/bot-sync.js');
    expect(() => checkSchedule('61 * * * *')).toThrow(/^SYNC_SCHEDULE "61 \* \* \* \*" is not a valid cron expression .*; e\.g\. "17 \* \* \* \*", or off$/);
    expect(() => checkSchedule('17 * * * *')).not.toThrow();
  });
});
