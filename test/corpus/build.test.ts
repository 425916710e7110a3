import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CORPUS_DIR, buildCorpus, main, readBuildInputs, serializeCorpus } from '../../src/corpus/build.js';
import { CorpusFileSchema } from '../../src/corpus/schema.js';
import { buildSeedCorpus, byTitle } from './seed-corpus.js';

const A = '000_4b1891fe363cbf60.txt';
const B = '004_d814a5cb22766146.txt';

describe('the seed corpus', () => {
  it('holds exactly 106 unique papers from 109 records, valid against the schema, with no problems', async () => {
    const { corpus, problems, stats } = await buildSeedCorpus();
    expect(CorpusFileSchema.parse(corpus)).toEqual(corpus);
    expect(corpus.papers).toHaveLength(106);
    expect(stats).toMatchObject({ sources: 2, records: 109, mergedRecords: 3, papers: 106 });
    expect(problems).toEqual([]);
  });

  it('has unique ids, sorted', async () => {
    const { corpus } = await buildSeedCorpus();
    const ids = corpus.papers.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
  });

  it('merges the three papers both captures list, citing both and keeping the union of facts', async () => {
    const { corpus } = await buildSeedCorpus();
    const merged = corpus.papers.filter((p) => p.sources.length > 1);
    expect(merged.map((p) => p.title).sort()).toEqual([
      'BNPO: Beta Normalization Policy Optimization',
      'Distributional Soft Actor-Critic with Three Refinements',
      'SPAM: Spike-Aware Adam with Momentum Reset for Stable LLM Training',
    ]);
    expect(byTitle(corpus.papers, 'SPAM')).toMatchObject({
      authorCount: 6,
      publishedAt: '2025-01-12',
      upvotes: 2,
      codeLinks: [{ url: 'https://github.com/TianjinYellow/SPAM-Optimizer', kind: 'github' }],
      sources: [
        { file: A, line: 93 },
        { file: B, line: 37 },
      ],
    });
    expect(byTitle(corpus.papers, 'BNPO')).toMatchObject({ authorCount: 3, publishedAt: '2025-06-03', sources: [{ file: A, line: 83 }, { file: B, line: 141 }] });
    expect(byTitle(corpus.papers, 'Distributional Soft')).toMatchObject({ authorCount: 9, publishedAt: '2023-10-09', sources: [{ file: A, line: 137 }, { file: B, line: 13 }] });
  });

  it('cleans LaTeX out of titles and keeps the raw title', async () => {
    const { corpus } = await buildSeedCorpus();
    expect(byTitle(corpus.papers, 'Breaking the Top-K')).toMatchObject({
      title: 'Breaking the Top-K Barrier: Advancing Top-K Ranking Metrics Optimization in Recommender Systems',
      rawTitle: 'Breaking the Top-$K$ Barrier: Advancing Top-$K$ Ranking Metrics Optimization in Recommender Systems',
    });
    expect(byTitle(corpus.papers, 'SAEs')).toMatchObject({
      title: 'SAEs Can Improve Unlearning: Dynamic Sparse Autoencoder Guardrails for Precision Unlearning in LLMs',
      rawTitle: 'SAEs $\\textit{Can}$ Improve Unlearning: Dynamic Sparse Autoencoder Guardrails for Precision Unlearning in LLMs',
    });
    for (const paper of corpus.papers) expect(paper.title, paper.id).not.toMatch(/[$\\{}]/);
  });

  it('leaves no link junk in abstracts', async () => {
    const { corpus } = await buildSeedCorpus();
    for (const paper of corpus.papers) expect(paper.abstract, paper.id).not.toMatch(/\{GitHub repo\}|\\footnote|\\%|``/);
    expect(byTitle(corpus.papers, 'LeJEPA').abstract).toMatch(/AI research \(https:\/\/github\.com\/rbalestr-lab\/lejepa\)\.$/);
  });

  it('links code for 25 papers: the 27 URL occurrences minus the two papers listed twice', async () => {
    const { corpus, stats } = await buildSeedCorpus();
    expect(stats.withCode).toBe(25);
    expect(corpus.papers.flatMap((p) => p.codeLinks)).toHaveLength(25);
  });
});

describe('determinism', () => {
  it('builds byte-identical output twice', async () => {
    const { sources, topics } = await readBuildInputs(DEFAULT_CORPUS_DIR);
    expect(serializeCorpus(buildCorpus(sources, topics).corpus)).toBe(serializeCorpus(buildCorpus(sources, topics).corpus));
  });

  it('matches the committed corpus/papers.json (run `npm run corpus:build` after changing inputs)', async () => {
    const { corpus } = await buildSeedCorpus();
    const committed = await readFile(join(DEFAULT_CORPUS_DIR, 'papers.json'), 'utf8');
    expect(committed).toBe(serializeCorpus(corpus));
  });

  it('changes the hash when a source or the topics change, and only then', async () => {
    const { sources, topics } = await readBuildInputs(DEFAULT_CORPUS_DIR);
    const base = buildCorpus(sources, topics).corpus.hash;
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(buildCorpus([...sources], [...topics]).corpus.hash).toBe(base);
    const [first, ...rest] = sources;
    if (!first) throw new Error('no sources');
    expect(buildCorpus([{ ...first, text: `${first.text}\n` }, ...rest], topics).corpus.hash).not.toBe(base);
    expect(buildCorpus(sources, topics.slice(1)).corpus.hash).not.toBe(base);
  });
});

describe('the corpus:build script', () => {
  let dir: string | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes papers.json into the given corpus directory and prints a one-line summary', async () => {
    dir = await mkdtemp(join(tmpdir(), 'paperboy-build-'));
    await cp(DEFAULT_CORPUS_DIR, dir, { recursive: true });
    await rm(join(dir, 'papers.json'));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await main([dir])).toBe(0);
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]?.[0])).toMatch(/^corpus: 106 papers from 109 records in 2 sources \(3 merged\), 25 with code links, \d+ in "other", 0 problems -> /);
    expect(warn).not.toHaveBeenCalled();
    expect(await readFile(join(dir, 'papers.json'), 'utf8')).toBe(await readFile(join(DEFAULT_CORPUS_DIR, 'papers.json'), 'utf8'));
  });

  it('prints each problem as file:line: message and still writes the corpus', async () => {
    dir = await mkdtemp(join(tmpdir(), 'paperboy-build-'));
    await cp(DEFAULT_CORPUS_DIR, dir, { recursive: true });
    const path = join(dir, 'sources', A);
    await writeFile(path, `${await readFile(path, 'utf8')}A Title Whose Abstract Was Cut Off\n`);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await main([dir])).toBe(0);
    expect(warn.mock.calls.map((c) => c[0])).toEqual([`${A}:153: title "A Title Whose Abstract Was Cut Off" at end of file has no abstract (skipped)`]);
    expect(String(log.mock.calls[0]?.[0])).toMatch(/ 1 problem -> /);
  });

  it('fails with one line when an input cannot be read', async () => {
    dir = await mkdtemp(join(tmpdir(), 'paperboy-build-'));
    await cp(DEFAULT_CORPUS_DIR, dir, { recursive: true });
    await rm(join(dir, 'sources', A));
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await main([dir])).toBe(1);
    expect(String(error.mock.calls[0]?.[0])).toMatch(new RegExp(`^corpus:build failed: .*${A}: listed in manifest.json but cannot be read \\(ENOENT\\)$`));
  });
});
