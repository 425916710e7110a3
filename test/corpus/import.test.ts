import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS_DIR } from '../../src/corpus/build.js';
import { importExport } from '../../src/corpus/import.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { formatProblem } from '../../src/corpus/problems.js';
import { UserError } from '../../src/errors.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/hf-daily-sample.json', import.meta.url));

let dir: string;
let work: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paperboy-import-'));
  work = await mkdtemp(join(tmpdir(), 'paperboy-export-'));
  await cp(DEFAULT_CORPUS_DIR, dir, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

const manifestFiles = async (): Promise<string[]> =>
  (JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { sources: { file: string }[] }).sources.map((s) => s.file);

describe('importExport', () => {
  it('adds new papers, merges a known one by title, and reports the malformed item', async () => {
    const result = await importExport(dir, FIXTURE);
    expect(result).toMatchObject({ source: 'imports/hf-daily-sample.json', alreadyImported: false, added: 4, merged: 1, papers: 110 });
    expect(result.problems.map(formatProblem)).toEqual([
      'imports/hf-daily-sample.json:214: item 6: paper.upvotes: expected number, received string (skipped)',
    ]);

    const corpus = loadCorpus(dir);
    expect(corpus.papers).toHaveLength(110);
    const spam = corpus.byId.get('2501.06842');
    expect(spam).toMatchObject({
      title: 'SPAM: Spike-Aware Adam with Momentum Reset for Stable LLM Training',
      arxivId: '2501.06842',
      authorCount: 6,
      publishedAt: '2025-01-12',
      upvotes: 9,
      githubStars: 120,
      codeLinks: [{ url: 'https://github.com/TianjinYellow/SPAM-Optimizer', kind: 'github' }],
      keywords: ['gradient spikes', 'Adam', 'momentum reset', 'gradient clipping', 'LLM training'],
      sources: [
        { file: '000_4b1891fe363cbf60.txt', line: 93 },
        { file: '004_d814a5cb22766146.txt', line: 37 },
        { file: 'imports/hf-daily-sample.json', line: 2 },
      ],
    });
    expect(spam?.authors).toHaveLength(6);
    expect(corpus.byId.get('2512.99903')?.codeLinks).toEqual([{ url: 'https://huggingface.co/spaces/example-org/rollout-explorer', kind: 'hf-space' }]);
    expect(corpus.sources.map((s) => [s.file, s.format, s.capturedAt]).at(-1)).toEqual(['imports/hf-daily-sample.json', 'hf-daily-json', '2025-12-11']);
  });

  it('copies the export verbatim into corpus/sources/imports', async () => {
    await importExport(dir, FIXTURE);
    const copied = await readFile(join(dir, 'sources', 'imports', 'hf-daily-sample.json'));
    expect(copied.equals(await readFile(FIXTURE))).toBe(true);
  });

  it('is idempotent: importing the same file again changes nothing', async () => {
    await importExport(dir, FIXTURE);
    const papers = await readFile(join(dir, 'papers.json'), 'utf8');
    const manifest = await readFile(join(dir, 'manifest.json'), 'utf8');
    const again = await importExport(dir, FIXTURE);
    expect(again).toMatchObject({ alreadyImported: true, added: 0, merged: 0, papers: 110 });
    expect(await readFile(join(dir, 'papers.json'), 'utf8')).toBe(papers);
    expect(await readFile(join(dir, 'manifest.json'), 'utf8')).toBe(manifest);
    expect((await manifestFiles()).filter((f) => f.startsWith('imports/'))).toEqual(['imports/hf-daily-sample.json']);
  });

  it('refuses a different export under a name already imported', async () => {
    await importExport(dir, FIXTURE);
    const other = join(work, 'hf-daily-sample.json');
    await writeFile(other, JSON.stringify([{ paper: { title: 'Another Paper', summary: 'x' } }]));
    await expect(importExport(dir, other)).rejects.toThrow('a different export named hf-daily-sample.json was already imported; rename the file to import it too');
  });

  it('rejects a file that is not an export with one friendly line, leaving the corpus untouched', async () => {
    const before = await readFile(join(dir, 'papers.json'), 'utf8');
    const bad = join(work, 'notes.json');
    await writeFile(bad, JSON.stringify([{ paper: { id: '2501.00001', summary: 'no title' } }]));
    await expect(importExport(dir, bad)).rejects.toThrow(UserError);
    await expect(importExport(dir, bad)).rejects.toThrow(/^not a Hugging Face daily-papers export: item 1: paper\.title is missing$/);
    await writeFile(bad, '{"not": "an array"}');
    await expect(importExport(dir, bad)).rejects.toThrow('not a Hugging Face daily-papers export: expected a JSON array of daily-paper items');
    await writeFile(bad, '[]');
    await expect(importExport(dir, bad)).rejects.toThrow('not a Hugging Face daily-papers export: it holds no papers');
    expect(await readFile(join(dir, 'papers.json'), 'utf8')).toBe(before);
    expect(await manifestFiles()).toEqual(['000_4b1891fe363cbf60.txt', '004_d814a5cb22766146.txt']);
  });

  it('says so when the file does not exist', async () => {
    await expect(importExport(dir, join(work, 'missing.json'))).rejects.toThrow(/^cannot read .*missing\.json: no such file$/);
  });
});
