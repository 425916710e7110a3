import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS_DIR } from '../../src/corpus/build.js';
import { importExport } from '../../src/corpus/import.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { formatProblem } from '../../src/corpus/problems.js';
import { tempPathFor } from '../../src/corpus/files.js';
import { UserError } from '../../src/errors.js';
import { SPAM_EXPORT_FACTS, SPAM_TITLE } from './seed-corpus.js';

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

/** Every file under dir (recursively) with its contents: equal snapshots mean nothing changed. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    files[path.slice(root.length + 1)] = entry.isDirectory() ? '<dir>' : await readFile(path, 'base64');
  }
  return files;
}

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
      title: SPAM_TITLE,
      ...SPAM_EXPORT_FACTS,
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

  it('keeps every id the corpus had resolving to the same paper, including a slug id that became an arXiv id', async () => {
    const seedSlug = 'spam-spike-aware-adam-with-momentum-reset-for-stable-llm';
    const before = loadCorpus(dir).papers.map((p) => [p.id, p.title] as const);
    expect(before).toContainEqual([seedSlug, 'SPAM: Spike-Aware Adam with Momentum Reset for Stable LLM Training']);

    await importExport(dir, FIXTURE);
    const after = loadCorpus(dir);
    for (const [id, title] of before) expect(after.byId.get(id)?.title, id).toBe(title);
    // The paper's id is now its arXiv id; the old slug is an alias of it, not a second paper.
    const spam = after.byId.get('2501.06842');
    expect(after.byId.get(seedSlug)).toBe(spam);
    expect(after.aliases.get(seedSlug)).toBe('2501.06842');
    expect(after.papers.filter((p) => p.title.startsWith('SPAM:')).map((p) => p.id)).toEqual(['2501.06842']);
  });
});

describe('importExport when writing fails', () => {
  it('leaves the corpus exactly as it was when papers.json cannot be replaced, and a retry after the fix really imports', async () => {
    const papersPath = join(dir, 'papers.json');
    const papers = await readFile(papersPath);
    // A directory where papers.json should be: a failure no file permission can bypass.
    await rm(papersPath);
    await mkdir(papersPath);
    const before = await snapshot(dir);

    const failed = importExport(dir, FIXTURE);
    await expect(failed).rejects.toThrow(UserError);
    await expect(failed).rejects.toThrow(/^import failed, corpus left unchanged: cannot read .*papers\.json \(EISDIR\)$/);
    expect(await snapshot(dir)).toEqual(before);

    await rm(papersPath, { recursive: true });
    await writeFile(papersPath, papers);
    const retry = await importExport(dir, FIXTURE);
    expect(retry).toMatchObject({ alreadyImported: false, added: 4, merged: 1, papers: 110 });
    expect(loadCorpus(dir).papers).toHaveLength(110);
  });

  it('removes what it had already written when a later output cannot be staged', async () => {
    // papers.json would be staged first; the index's temp file is blocked by a directory.
    await mkdir(tempPathFor(join(dir, 'index.json')));
    const before = await snapshot(dir);
    await expect(importExport(dir, FIXTURE)).rejects.toThrow(/^import failed, corpus left unchanged: cannot write .*index\.json\.\d+\.tmp \(EISDIR\)$/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('really imports on a retry after an earlier import left the manifest and source copy but not papers.json', async () => {
    const papers = await readFile(join(dir, 'papers.json'));
    const index = await readFile(join(dir, 'index.json'));
    await importExport(dir, FIXTURE);
    // The state an interrupted import used to leave: the export is listed and copied, papers.json is stale.
    await writeFile(join(dir, 'papers.json'), papers);
    await writeFile(join(dir, 'index.json'), index);
    expect(loadCorpus(dir).papers).toHaveLength(106);

    const retry = await importExport(dir, FIXTURE);
    expect(retry).toMatchObject({ alreadyImported: false, added: 4, merged: 1, papers: 110 });
    expect(loadCorpus(dir).papers).toHaveLength(110);
    expect((await manifestFiles()).filter((f) => f.startsWith('imports/'))).toEqual(['imports/hf-daily-sample.json']);
  });
});
