import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSearchEngine } from '../../src/search/engine.js';
import { ENGINE_VERSION, INDEX_FILE, loadOrBuildIndex, writeIndexFile, type PaperIndex } from '../../src/search/index.js';
import { fixtureCorpus, PAPERS } from './fixtures.js';

const corpus = fixtureCorpus();
let dir: string;
let warnings: string[];
const warn = (msg: string) => warnings.push(msg);
const indexPath = () => join(dir, INDEX_FILE);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-index-'));
  warnings = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Same query, same ranking: the index under test behaves like a freshly built one. */
function expectSameAsFresh(index: PaperIndex) {
  const fresh = createSearchEngine(corpus);
  const loaded = createSearchEngine(corpus, { index });
  for (const q of ['training stability', 'RL', 'hallucnation', 'gradient clipping']) expect(loaded.search(q)).toEqual(fresh.search(q));
}

describe('index file', () => {
  it('round-trips: a written index loads without warnings and ranks like a fresh one', () => {
    writeIndexFile(corpus, dir);
    const stored = JSON.parse(readFileSync(indexPath(), 'utf8'));
    expect(stored).toMatchObject({ corpusHash: corpus.hash, engineVersion: ENGINE_VERSION });
    const index = loadOrBuildIndex(corpus, dir, warn);
    expect(warnings).toEqual([]);
    expect(index.documentCount).toBe(PAPERS.length);
    expectSameAsFresh(index);
  });

  it('is rebuilt with a warning when the file is missing', () => {
    const index = loadOrBuildIndex(corpus, dir, warn);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/missing.*rebuilding/);
    expectSameAsFresh(index);
  });

  it('is rebuilt with a warning when built for another corpus', () => {
    writeIndexFile(fixtureCorpus(PAPERS, 'older-corpus-hash'), dir);
    const index = loadOrBuildIndex(corpus, dir, warn);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/stale.*older-corpus/);
    expectSameAsFresh(index);
  });

  it('is rebuilt with a warning when written by another engine version', () => {
    writeIndexFile(corpus, dir);
    const stored = JSON.parse(readFileSync(indexPath(), 'utf8'));
    writeFileSync(indexPath(), JSON.stringify({ ...stored, engineVersion: '0.old' }));
    loadOrBuildIndex(corpus, dir, warn);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/stale.*0\.old/);
  });

  it('is rebuilt with a warning when the file is corrupt', () => {
    writeIndexFile(corpus, dir);
    const text = readFileSync(indexPath(), 'utf8');
    writeFileSync(indexPath(), text.slice(0, text.length / 2));
    const index = loadOrBuildIndex(corpus, dir, warn);
    expect(warnings[0]).toMatch(/unreadable.*not valid JSON/);
    expectSameAsFresh(index);
  });

  it('is rebuilt with a warning when the JSON has the wrong shape or the wrong papers', () => {
    writeFileSync(indexPath(), JSON.stringify({ corpusHash: corpus.hash, engineVersion: ENGINE_VERSION, index: { nope: true } }));
    loadOrBuildIndex(corpus, dir, warn);
    expect(warnings[0]).toMatch(/invalid/);

    warnings = [];
    // Right hash and version, but an index of fewer papers: someone edited the corpus by hand.
    writeIndexFile(fixtureCorpus(PAPERS.slice(0, 3), corpus.hash), dir);
    const index = loadOrBuildIndex(corpus, dir, warn);
    expect(warnings[0]).toMatch(/invalid.*3 papers/);
    expect(index.documentCount).toBe(PAPERS.length);
  });
});
