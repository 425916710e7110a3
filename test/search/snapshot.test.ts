// The binary search snapshot and incremental updates: a loaded snapshot and an index grown by
// update() rank exactly like an index built from scratch over the same papers.
import { describe, expect, it } from 'vitest';
import { makeCorpus, type Corpus } from '../../src/corpus/corpus.js';
import type { Paper } from '../../src/corpus/schema.js';
import { createSearchEngine } from '../../src/search/engine.js';
import { buildIndex, decodeSnapshot, encodeSnapshot, ENGINE_VERSION, SnapshotError } from '../../src/search/index.js';
import type { SearchEngine } from '../../src/search/types.js';
import { DocTextCache } from '../../src/search/doc-text.js';
import { rankSearch } from '../../src/search/query.js';
import { keptBlockMaxima, Scratch } from '../../src/search/retrieve.js';
import { syntheticCorpus } from '../../bench/synthetic.js';
import { realCorpus } from './fixtures.js';

const QUERIES = ['training stability', 'RL', 'hallucnation', 'gradient clipping', 'which papers propose a new optimizer for training LLMs?', 'mixture of experts routing', 'sparse autoencoder features', 'diffusion'];

/** Everything a caller can observe of an engine, as plain data. */
function observe(engine: SearchEngine, corpus: Corpus) {
  return {
    search: QUERIES.map((q) => engine.search(q, {}, { limit: 20 }).map((h) => `${h.paper.id} ${h.score}`)),
    filtered: QUERIES.map((q) => engine.search(q, { yearFrom: 2024 }, { limit: 5 }).map((h) => h.paper.id)),
    counts: QUERIES.map((q) => engine.count(q)),
    similar: corpus.papers.slice(0, 10).map((p) => engine.similar(p.id, 5).map((h) => `${h.paper.id} ${h.score.toFixed(12)}`)),
    answer: engine.answer('how do I stop loss spikes?').sentences.map((s) => s.text),
  };
}

const withHash = (corpus: Corpus, papers: readonly Paper[], hash: string) => makeCorpus(papers, corpus.topics.filter((t) => t.slug !== 'other'), hash);

describe('search snapshot', { timeout: 120_000 }, () => {
  const corpus = realCorpus();

  it('round-trips: a decoded snapshot ranks, counts, answers and finds similar papers exactly like the built index', () => {
    const built = buildIndex(corpus);
    const buf = encodeSnapshot(built, corpus);
    const loaded = decodeSnapshot(buf, corpus);
    expect(loaded.documentCount).toBe(corpus.papers.length);
    expect(observe(createSearchEngine(corpus, { index: loaded }), corpus)).toEqual(observe(createSearchEngine(corpus, { index: built }), corpus));
    expect(createSearchEngine(corpus).snapshot().equals(buf)).toBe(true);
  });

  it('loads from a buffer at any alignment (a file read into a shared pool)', () => {
    const buf = encodeSnapshot(buildIndex(corpus), corpus);
    const shifted = Buffer.alloc(buf.length + 3);
    buf.copy(shifted, 3);
    const loaded = decodeSnapshot(shifted.subarray(3), corpus);
    expect(observe(createSearchEngine(corpus, { index: loaded }), corpus)).toEqual(observe(createSearchEngine(corpus), corpus));
  });

  const reasons = (buf: Buffer, c: Corpus = corpus) => {
    try {
      decodeSnapshot(buf, c);
    } catch (err) {
      expect(err).toBeInstanceOf(SnapshotError);
      return `${(err as SnapshotError).reason}: ${(err as Error).message}`;
    }
    return 'accepted';
  };

  it('is refused, saying why, when damaged, truncated, not a snapshot, or from another engine or corpus', () => {
    const buf = encodeSnapshot(buildIndex(corpus), corpus);
    const flipped = Buffer.from(buf);
    flipped[flipped.length - 100] = (flipped[flipped.length - 100] as number) ^ 0xff;
    expect(reasons(flipped)).toMatch(/^corrupt: checksum mismatch/);
    expect(reasons(buf.subarray(0, buf.length - 1000))).toMatch(/^corrupt: truncated/);
    expect(reasons(buf.subarray(0, 12))).toMatch(/^corrupt/);
    expect(reasons(Buffer.from('{"not":"a snapshot"}'))).toMatch(/^corrupt: not a paperboy search snapshot/);
    expect(reasons(Buffer.from(buf.toString('latin1').replace(ENGINE_VERSION, ENGINE_VERSION.replace(/^\d+/, '0')), 'latin1'))).toMatch(/^stale: built by search engine 0\./);
    expect(reasons(buf, withHash(corpus, corpus.papers, 'another-revision'))).toMatch(/^stale: built for corpus/);
    // Same hash, other papers: only a hand-edited corpus gets here, and it must not be trusted.
    expect(reasons(buf, withHash(corpus, corpus.papers.slice(1), corpus.hash))).toMatch(/^mismatch: holds 106 papers/);
  });
});

describe('incremental update', { timeout: 120_000 }, () => {
  const full = syntheticCorpus(realCorpus(), 1200, 3);
  const base = withHash(full, full.papers.slice(0, 1150), 'base');

  it('adding 50 papers ranks exactly like a full rebuild over all of them', () => {
    const grown = createSearchEngine(base).update(full, full.papers.slice(1150).map((p) => p.id));
    expect(observe(grown, full)).toEqual(observe(createSearchEngine(full), full));
  });

  it('edits and removals, also in several steps, rank like a rebuild; the old engine keeps its revision', () => {
    const edited = full.papers.map((p, i) => (i === 5 || i === 1190 ? { ...p, title: `${p.title} gradient clipping`, abstract: `${p.abstract} Sparse autoencoder features.` } : p));
    const dropped = new Set([full.papers[7]!.id, full.papers[1180]!.id]);
    const final = withHash(full, edited.filter((p) => !dropped.has(p.id)), 'final');
    const first = createSearchEngine(base);
    const before = observe(first, base);
    const step1 = first.update(full, full.papers.slice(1150, 1170).map((p) => p.id));
    const step2 = step1.update(withHash(full, full.papers, 'mid'), full.papers.slice(1170).map((p) => p.id));
    const step3 = step2.update(final, [edited[5]!.id, edited[1190]!.id]);
    expect(observe(step3, final)).toEqual(observe(createSearchEngine(final), final));
    expect(observe(first, base)).toEqual(before);
  });

  it("carries the searched terms' score bounds to the next revision, recomputed for it: searches there rank like a rebuild", () => {
    const first = createSearchEngine(base);
    expect(keptBlockMaxima(first.index)).toBe(0);
    observe(first, base); // common terms' block maxima are made by the first searches, and kept with the index
    const kept = keptBlockMaxima(first.index);
    expect(kept).toBeGreaterThan(0);
    const grown = first.update(full, full.papers.slice(1150).map((p) => p.id));
    // Made before any search of the new revision (idf and lengths differ, so not copied): its first searches do not pay for them.
    expect(keptBlockMaxima(grown.index)).toBe(kept);
    expect(observe(grown, full)).toEqual(observe(createSearchEngine(full), full));
  });

  it("keeps the first search's working objects (see Scratch.held), never a history of them", () => {
    const engine = createSearchEngine(base);
    const scratch = new Scratch(engine.index.docSlots);
    const ctx = { index: engine.index, byId: base.byId, texts: new DocTextCache(), docPapers: engine.index.ids.map((id) => base.byId.get(id)), tieRank: new Int32Array(engine.index.docSlots), scratch };
    rankSearch(ctx, 'training stability');
    const held = { ...scratch.held };
    expect(held.retrieval).toBeDefined();
    expect(held.ranking).toBeDefined();
    rankSearch(ctx, 'mixture of experts routing');
    expect(Object.keys(scratch.held).sort()).toEqual(['ranking', 'retrieval']);
    expect(scratch.held.retrieval).toBe(held.retrieval);
    expect(scratch.held.ranking).toBe(held.ranking);
  });

  it("compacts an update into the rebuild's arrays exactly, though that memory is not zeroed first (every value read is written)", () => {
    // Memory full of garbage, handed back to the allocator, which the compaction's arrays may then reuse.
    for (let i = 0; i < 8; i++) Buffer.allocUnsafeSlow(1 << (16 + i)).fill(0xa5);
    const grown = createSearchEngine(base).update(full, full.papers.slice(1150).map((p) => p.id)).index.base;
    const rebuilt = createSearchEngine(full).index.base;
    expect(grown.terms).toEqual(rebuilt.terms);
    for (const key of ['offsets', 'docs', 'tfs', 'fieldDf', 'maxTf', 'minLen'] as const) expect([key, Array.from(grown[key])]).toEqual([key, Array.from(rebuilt[key])]);
  });

  it('snapshots an updated index compactly, and the snapshot ranks like the rebuild', () => {
    const grown = createSearchEngine(base).update(full, full.papers.slice(1150).map((p) => p.id));
    const loaded = decodeSnapshot(grown.snapshot(), full);
    expect(loaded.deltaSize).toBe(0);
    expect(observe(createSearchEngine(full, { index: loaded }), full)).toEqual(observe(createSearchEngine(full), full));
  });
});
