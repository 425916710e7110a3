// Existing users' data carries over: a corpus/ folder as paperboy kept it before the store (sources,
// sources/imports/ and manifest.json, papers.json rebuilt by each import) seeds a store holding the
// same papers with the same ids, and the same export imported again is recognised.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rebuildCorpus } from '../../src/corpus/build.js';
import { loadCorpus as loadFiles } from '../../src/corpus/load.js';
import { FIXTURE, openStoreIn, SEED_DIR, tempDir } from './store-support.js';

let dir: ReturnType<typeof tempDir>;
let legacy: string;
beforeEach(() => {
  dir = tempDir('paperboy-migrate-');
  legacy = join(dir.path, 'corpus');
  cpSync(SEED_DIR, legacy, { recursive: true });
});
afterEach(() => dir.remove());

/** What `paperboy import` did before the store: copy the export under sources/imports, list it, rebuild papers.json. */
async function legacyImport(file: string, name: string): Promise<void> {
  mkdirSync(join(legacy, 'sources', 'imports'), { recursive: true });
  cpSync(file, join(legacy, 'sources', 'imports', name));
  const manifestPath = join(legacy, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { sources: object[] };
  manifest.sources.push({ file: `imports/${name}`, format: 'hf-daily-json', description: `Hugging Face daily-papers export, imported from ${name}`, capturedAt: '2025-12-11' });
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  await rebuildCorpus(legacy);
}

describe('a store created beside the corpus/ layout from before the store', () => {
  it('holds exactly the papers (and ids) of the old papers.json, imports included', async () => {
    await legacyImport(FIXTURE, 'hf-daily-sample.json');
    const old = loadFiles(legacy);
    expect(old.papers).toHaveLength(110);

    const store = openStoreIn(join(dir.path, 'data'), { seedDir: legacy });
    const corpus = store.loadCorpus();
    expect(JSON.stringify(corpus.papers)).toBe(JSON.stringify(old.papers));
    // Old ids keep resolving: the seed's slug id of SPAM, which the import gave an arXiv id.
    expect(corpus.byId.get('spam-spike-aware-adam-with-momentum-reset-for-stable-llm')?.id).toBe('2501.06842');
    expect(corpus.sources.map((s) => s.file)).toContain('imports/hf-daily-sample.json');

    // The export is known by its content: importing it again changes nothing.
    expect(store.importFile(FIXTURE)).toMatchObject({ alreadyImported: true, papers: 110, revision: corpus.revision });
    store.close();
  });

  it('merges a source the manifest gained after the store was created (an import made with an older paperboy)', async () => {
    const data = join(dir.path, 'data');
    openStoreIn(data, { seedDir: legacy }).close();
    await legacyImport(FIXTURE, 'hf-daily-sample.json');
    const store = openStoreIn(data, { seedDir: legacy });
    const corpus = store.loadCorpus();
    store.close();
    expect(corpus.revision).toBe(2);
    expect(JSON.stringify(corpus.papers)).toBe(JSON.stringify(loadFiles(legacy).papers));
  });
});
