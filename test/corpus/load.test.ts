import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS_DIR } from '../../src/corpus/build.js';
import { loadCorpus } from '../../src/corpus/load.js';

describe('loadCorpus on the committed corpus', () => {
  const corpus = loadCorpus(DEFAULT_CORPUS_DIR);

  it('loads every paper with its lookups', () => {
    expect(corpus.papers).toHaveLength(106);
    expect(corpus.byId.get('peri-ln-revisiting-layer-normalization-in-the-transformer')?.title).toBe(
      'Peri-LN: Revisiting Layer Normalization in the Transformer Architecture',
    );
    expect(corpus.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists curated topics in file order, with "other" only when a paper uses it (no seed paper does)', () => {
    const file = JSON.parse(readFileSync(join(DEFAULT_CORPUS_DIR, 'topics.json'), 'utf8')) as { topics: { slug: string }[] };
    expect(corpus.topics.map((t) => t.slug)).toEqual(file.topics.map((t) => t.slug));
    expect(corpus.papers.some((p) => p.topics.includes('other'))).toBe(false);
    expect(corpus.papersByTopic.get('optimizers')?.some((p) => p.title.startsWith('SPAM'))).toBe(true);
  });

  it('describes its sources from the manifest', () => {
    expect(corpus.sources).toEqual([
      expect.objectContaining({ file: '000_4b1891fe363cbf60.txt', format: 'listing-a', capturedAt: '2025-12' }),
      expect.objectContaining({ file: '004_d814a5cb22766146.txt', format: 'listing-b', capturedAt: '2025-12-16' }),
    ]);
  });
});

describe('loadCorpus on a broken corpus directory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paperboy-load-'));
    await cp(DEFAULT_CORPUS_DIR, dir, { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  const edit = async (file: string, change: (value: { papers: Record<string, unknown>[] }) => void): Promise<void> => {
    const path = join(dir, file);
    const value = JSON.parse(await readFile(path, 'utf8')) as { papers: Record<string, unknown>[] };
    change(value);
    await writeFile(path, JSON.stringify(value));
  };

  it('names a missing papers.json and says how to create it', async () => {
    await rm(join(dir, 'papers.json'));
    expect(() => loadCorpus(dir)).toThrow(`${join(dir, 'papers.json')}: file not found; run \`npm run corpus:build\``);
  });

  it('names the file and the first invalid field', async () => {
    await edit('papers.json', (value) => {
      delete value.papers[3]?.title;
    });
    expect(() => loadCorpus(dir)).toThrow(`${join(dir, 'papers.json')}: papers.3.title is missing; run \`npm run corpus:build\``);
  });

  it('rejects a papers.json that is not JSON', async () => {
    await writeFile(join(dir, 'papers.json'), '{"version": 1,');
    expect(() => loadCorpus(dir)).toThrow(/papers\.json: not valid JSON .*; run `npm run corpus:build`$/);
  });

  it('notices papers filed under a topic that topics.json no longer defines', async () => {
    await edit('papers.json', (value) => {
      if (value.papers[0]) value.papers[0].topics = ['retired-topic'];
    });
    expect(() => loadCorpus(dir)).toThrow(/papers\.json: paper ".+" has topic "retired-topic", which .*topics\.json does not define; run `npm run corpus:build`$/);
  });

  it('validates the manifest too', async () => {
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ version: 1, sources: [{ file: 'x.txt', format: 'pdf' }] }));
    expect(() => loadCorpus(dir)).toThrow(/manifest\.json: sources\.0\.format: .*; manifest\.json is an input of the corpus, not built from anything: restore it with `git checkout -- /);
  });
});

describe('loadCorpus checks papers.json against the inputs it was built from', () => {
  let dir: string;
  let warnings: string[];
  const warn = (msg: string): void => {
    warnings.push(msg);
  };
  const outOfDate = (): string =>
    `${join(dir, 'papers.json')} is out of date with ${join(dir, 'sources')} and ${join(dir, 'topics.json')}; run npm run corpus:build`;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paperboy-stale-'));
    await cp(DEFAULT_CORPUS_DIR, dir, { recursive: true });
    warnings = [];
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('says nothing when papers.json was built from the current sources and topics', () => {
    expect(loadCorpus(dir, warn).papers).toHaveLength(106);
    expect(warnings).toEqual([]);
  });

  it('warns, and still serves the stale file, when topics.json was edited', async () => {
    const path = join(dir, 'topics.json');
    const topics = JSON.parse(await readFile(path, 'utf8')) as { topics: { description: string }[] };
    if (topics.topics[0]) topics.topics[0].description = 'Edited after the last build.';
    await writeFile(path, JSON.stringify(topics, null, 2));
    expect(loadCorpus(dir, warn).papers).toHaveLength(106);
    expect(warnings).toEqual([outOfDate()]);
  });

  it('warns when the manifest lists an import that papers.json lacks', async () => {
    const fixture = fileURLToPath(new URL('../fixtures/hf-daily-sample.json', import.meta.url));
    await mkdir(join(dir, 'sources', 'imports'));
    await cp(fixture, join(dir, 'sources', 'imports', 'sample.json'));
    const path = join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(path, 'utf8')) as { sources: unknown[] };
    manifest.sources.push({ file: 'imports/sample.json', format: 'hf-daily-json', description: 'an import', capturedAt: '2025-12-11' });
    await writeFile(path, JSON.stringify(manifest, null, 2));
    expect(loadCorpus(dir, warn).papers).toHaveLength(106);
    expect(warnings).toEqual([outOfDate()]);
  });

  it('says it cannot check when a listed source is missing, and still loads', async () => {
    await rm(join(dir, 'sources', '000_4b1891fe363cbf60.txt'));
    expect(loadCorpus(dir, warn).papers).toHaveLength(106);
    expect(warnings).toEqual([
      `${join(dir, 'papers.json')} cannot be checked against its inputs: ${join(dir, 'sources', '000_4b1891fe363cbf60.txt')}: listed in manifest.json but cannot be read (ENOENT)`,
    ]);
  });

  it('does not read the sources at all when no one asked for warnings', async () => {
    await rm(join(dir, 'sources'), { recursive: true });
    expect(loadCorpus(dir).papers).toHaveLength(106);
  });
});
