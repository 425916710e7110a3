// The real Hugging Face daily-papers export in ../shared/data/hf-daily-papers (8,889 papers in three
// files beside the checkout). In CI (CI=true) the folder is always there and this spec fails without
// it; on a fresh clone without ../shared it is skipped, saying so.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Corpus } from '../../src/corpus/corpus.js';
import type { ImportResult } from '../../src/corpus/store.js';
import { buildCorpus, readBuildInputsSync } from '../../src/corpus/build.js';
import { openStoreIn, ROOT, SEED_DIR, tempDir } from './store-support.js';

const SHARED = join(ROOT, '..', 'shared', 'data', 'hf-daily-papers');
const EXPORTS = ['export-2024.json', 'export-2025.json', 'export-2026.json'];
const present = EXPORTS.every((f) => existsSync(join(SHARED, f)));
const inCi = process.env.CI === 'true';

if (!present && !inCi) console.warn(`skipping the real-export specs: ${SHARED} is not there (it is beside the checkout in CI)`);

describe.runIf(inCi && !present)('the shared real export in CI', () => {
  it('is present', () => {
    expect.fail(`CI=true but ${SHARED} holds ${existsSync(SHARED) ? readdirSync(SHARED).join(', ') || 'nothing' : 'nothing (missing)'}; the real-export specs need ${EXPORTS.join(', ')}`);
  });
});

describe.runIf(present)('the shared real export (8,889 papers) imported into a fresh store', () => {
  const dir = tempDir('paperboy-shared-');
  const results: ImportResult[] = [];
  let corpus: Corpus;

  beforeAll(() => {
    const store = openStoreIn(dir.path);
    for (const file of EXPORTS) results.push(store.importFile(join(SHARED, file)));
    corpus = store.loadCorpus();
    store.close();
  }, 240_000);
  afterAll(() => dir.remove());

  it('holds every exported paper once, plus the seed papers the export does not list', () => {
    expect(results.map((r) => r.alreadyImported)).toEqual([false, false, false]);
    const added = results.reduce((n, r) => n + r.added, 0);
    const merged = results.reduce((n, r) => n + r.merged, 0);
    // 8,889 distinct papers, of which 13 are seed papers (matched by title) that gain their arXiv id.
    expect(added + merged).toBe(8889);
    expect(merged).toBe(13);
    expect(corpus.papers).toHaveLength(106 + 8889 - 13);
    expect(corpus.papers.filter((p) => p.arxivId !== undefined)).toHaveLength(8889);
    expect(corpus.revision).toBe(4);
  });

  it('gives the same papers and ids, byte for byte, as building from all sources at once', () => {
    const inputs = readBuildInputsSync(SEED_DIR);
    for (const file of EXPORTS) inputs.sources.push({ file: `imports/${file}`, format: 'hf-daily-json', text: readFileSync(join(SHARED, file), 'utf8') });
    const built = buildCorpus(inputs.sources, inputs.topics).corpus.papers;
    expect(corpus.papers.length).toBe(built.length);
    expect(corpus.papers.map((p) => p.id)).toEqual(built.map((p) => p.id));
    expect(JSON.stringify(corpus.papers)).toBe(JSON.stringify(built));
  }, 120_000);

  it('re-importing a file changes nothing: same revision, same ids', () => {
    const store = openStoreIn(dir.path);
    const again = store.importFile(join(SHARED, 'export-2025.json'));
    const after = store.loadCorpus();
    store.close();
    expect(again).toMatchObject({ alreadyImported: true, added: 0, merged: 0, revision: 4 });
    expect(after.papers.map((p) => p.id)).toEqual(corpus.papers.map((p) => p.id));
  });
});
