// Defect 5: a missing input of the corpus (topics.json, manifest.json) is restored, not rebuilt:
// `npm run corpus:build` fails on it the same way, so the hint must say how to get the file back.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS_DIR } from '../../src/corpus/build.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { corpusFileHint } from '../../src/corpus/restore-hint.js';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

function loadWithout(file: string): string {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-hint-'));
  cpSync(DEFAULT_CORPUS_DIR, dir, { recursive: true });
  rmSync(join(dir, file));
  try {
    loadCorpus(dir);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected loadCorpus to fail');
}

describe('the hint for a missing corpus file', () => {
  it.each(['topics.json', 'manifest.json'])('%s: says how to restore it, not to rebuild', (file) => {
    const msg = loadWithout(file);
    expect(msg).toContain(`${file}: file not found`);
    expect(msg).toMatch(/git checkout -- .*\.json/);
    expect(msg).not.toContain('corpus:build');
  });

  it('papers.json (a built output) still says to rebuild it', () => {
    expect(loadWithout('papers.json')).toContain('npm run corpus:build');
  });

  it('names the path relative to where the command runs', () => {
    expect(corpusFileHint('/repo/corpus/topics.json', '/repo')).toContain('git checkout -- corpus/topics.json');
  });
});

describe('the corpus store seeding from a folder with a missing input', () => {
  it.each(['topics.json', 'manifest.json'])('%s: says how to restore it', async (file) => {
    const { openCorpusStore } = await import('../../src/corpus/store.js');
    dir = mkdtempSync(join(tmpdir(), 'paperboy-hint-store-'));
    const seedDir = join(dir, 'corpus');
    cpSync(DEFAULT_CORPUS_DIR, seedDir, { recursive: true });
    rmSync(join(seedDir, file));
    let message = '';
    try {
      openCorpusStore(join(dir, 'corpus.sqlite'), { seedDir }).close();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/git checkout -- .*\.json/);
    expect(message).not.toContain('corpus:build');
  });
});
