// The query language on the real Hugging Face export (../shared/data/hf-daily-papers, 8,889 papers),
// built in memory with the production builder. CI must have the data (CI=true fails without it); a
// fresh clone without ../shared skips, saying so.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus } from '../../src/corpus/build.js';
import { makeCorpus, type Corpus } from '../../src/corpus/corpus.js';
import { TopicsFileSchema } from '../../src/corpus/schema.js';
import { searchQuery } from '../../src/search-query.js';
import { completeQuery } from '../../src/query-complete.js';
import { createSearchEngine } from '../../src/search/engine.js';
import type { SearchEngine } from '../../src/search/types.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DATA = join(ROOT, '..', 'shared', 'data', 'hf-daily-papers');
const files = existsSync(DATA) ? readdirSync(DATA).filter((f) => /^export-\d+\.json$/.test(f)) : [];
const missing = files.length === 0;
if (missing && process.env.CI === 'true') throw new Error(`CI needs the real export in ${DATA}`);
if (missing) console.warn(`query-real: skipped, no export in ${DATA}`);

let corpus: Corpus;
let engine: SearchEngine;

describe.skipIf(missing)('the query language on the real export', () => {
  beforeAll(() => {
    const topics = TopicsFileSchema.parse(JSON.parse(readFileSync(join(ROOT, 'corpus', 'topics.json'), 'utf8'))).topics;
    const sources = files.map((file) => ({ file, format: 'hf-daily-json' as const, text: readFileSync(join(DATA, file), 'utf8') }));
    const built = buildCorpus(sources, topics);
    corpus = makeCorpus(built.corpus.papers, topics, built.corpus.hash);
    engine = createSearchEngine(corpus);
  }, 240_000);

  const run = (text: string) => searchQuery(corpus, engine, text).hits.map((h) => h.paper);

  it('author: lists a prolific author’s papers, newest first, and last names widen it', () => {
    const papers = run('author:"Ziwei Liu"');
    expect(papers.length).toBeGreaterThanOrEqual(50);
    for (const p of papers) expect(p.authors).toContain('Ziwei Liu');
    const dates = papers.map((p) => p.publishedAt ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
    expect(run('author:"ZIWEI   LIU"').map((p) => p.id)).toEqual(papers.map((p) => p.id));
    const liu = new Set(run('author:liu').map((p) => p.id));
    expect(liu.size).toBeGreaterThan(papers.length);
    for (const p of papers) expect(liu.has(p.id)).toBe(true);
  });

  it('org:, dates and words together', () => {
    const papers = run('org:nvidia after:2025-06 diffusion');
    expect(papers.length).toBeGreaterThan(0);
    for (const p of papers) {
      expect(p.organization).toMatch(/nvidia/i);
      expect(p.publishedAt! >= '2025-06-01').toBe(true);
    }
  });

  it('finds the μP papers by μP, muP and mu-p, and Mem-α by mem-alpha', () => {
    for (const typed of ['μP', 'muP', 'mu-p']) {
      const top = run(typed).slice(0, 5).map((p) => p.id);
      expect(top, typed).toEqual(expect.arrayContaining(['2505.15270', '2603.00541']));
    }
    expect(run('mem-alpha')[0]?.id).toBe('2509.25911');
    expect(run('μLO learned optimizers')[0]?.id).toBe('2406.00153');
  });

  it('autocompletes real author names, most published first', () => {
    const choices = completeQuery(corpus, 'author:"Ziwei L');
    expect(choices[0]).toEqual({ name: expect.stringMatching(/^author:"Ziwei Liu" · \d+ papers$/), value: 'author:"Ziwei Liu"' });
    expect(completeQuery(corpus, 'author:').length).toBe(25);
  });
});
