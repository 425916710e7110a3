// The last step of an import (renaming manifest.json into place) fails after papers.json and
// index.json were already replaced: the import must put them back. No file-system obstacle can make
// only that rename fail while manifest.json stays readable, so rename is wrapped to fail on cue.
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CORPUS_DIR } from '../../src/corpus/build.js';
import { importExport } from '../../src/corpus/import.js';
import { loadCorpus } from '../../src/corpus/load.js';

type FsPromises = typeof fs;

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<FsPromises>();
  return { ...actual, rename: vi.fn(actual.rename) };
});

const FIXTURE = fileURLToPath(new URL('../fixtures/hf-daily-sample.json', import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paperboy-rollback-'));
  await cp(DEFAULT_CORPUS_DIR, dir, { recursive: true });
});
afterEach(async () => {
  vi.mocked(fs.rename).mockReset();
  await rm(dir, { recursive: true, force: true });
});

async function snapshot(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    files[path.slice(root.length + 1)] = entry.isDirectory() ? '<dir>' : await readFile(path, 'base64');
  }
  return files;
}

describe('importExport when the manifest cannot be replaced', () => {
  it('restores papers.json and index.json, removes the source copy, and a retry imports', async () => {
    const { rename: realRename } = await vi.importActual<FsPromises>('node:fs/promises');
    vi.mocked(fs.rename).mockImplementation(async (from, to) => {
      if (String(to).endsWith('manifest.json')) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
      return realRename(from, to);
    });
    const before = await snapshot(dir);

    await expect(importExport(dir, FIXTURE)).rejects.toThrow(/^import failed, corpus left unchanged: cannot replace .*manifest\.json \(EIO\)$/);
    // The copy, papers.json and index.json were in place when the manifest failed; the outputs were put back.
    expect(vi.mocked(fs.rename).mock.calls.map(([, to]) => String(to).slice(dir.length + 1))).toEqual([
      join('sources', 'imports', 'hf-daily-sample.json'),
      'papers.json',
      'index.json',
      'manifest.json',
      'index.json',
      'papers.json',
    ]);
    expect(await snapshot(dir)).toEqual(before);
    expect(loadCorpus(dir).papers).toHaveLength(106);

    vi.mocked(fs.rename).mockImplementation(realRename);
    expect(await importExport(dir, FIXTURE)).toMatchObject({ alreadyImported: false, added: 4, merged: 1, papers: 110 });
    expect(loadCorpus(dir).papers).toHaveLength(110);
  });
});
