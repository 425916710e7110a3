import { describe, expect, it } from 'vitest';
import { suggestQuery } from '../../src/did-you-mean.js';
import { authorKeys, searchQuery } from '../../src/search-query.js';
import { createSearchEngine } from '../../src/search/engine.js';
import { queryCorpus } from './query-fixtures.js';

const corpus = queryCorpus();
const engine = createSearchEngine(corpus);
const run = (text: string, filters = {}) => searchQuery(corpus, engine, text, filters);
const ids = (text: string, filters = {}) => run(text, filters).hits.map((h) => h.paper.id);
const titles = (text: string) => run(text).hits.map((h) => h.paper.title);

describe('the engine contract the query language relies on', () => {
  it('SearchFilters.where is applied to every hit, before paging (the query language has no post-filter)', () => {
    const all = engine.search('attention');
    expect(all.length).toBeGreaterThan(2);
    const kept = engine.search('attention', { where: (p) => p.id !== all[0]!.paper.id });
    expect(kept.map((h) => h.paper.id)).toEqual(all.slice(1).map((h) => h.paper.id));
  });
});

describe('author:', () => {
  it('lists an author’s papers newest first when the query is only the filter', () => {
    const r = run('author:"Tri Dao"');
    expect(r.listing).toBe(true);
    expect(r.hits.map((h) => h.paper.id)).toEqual(['2312.00752', '2307.08691']);
  });

  it('matches full names and last names, ignoring case, accents, spaces and initials', () => {
    const tri = ids('author:"Tri Dao"');
    for (const typed of ['author:dao', 'author:DAO', 'author:tridao', 'author:"tri  dao"', 'author:"T. Dao"', 'Author: Dao']) expect(ids(typed), typed).toEqual(tri);
    expect(ids('author:"Loic Matthey"')).toEqual(['beta-vae-learning-basic-visual-concepts-with-a-constrained-variation']);
    expect(ids('author:martins')).toEqual(['1905.05702']); // "André F. T. Martins"
    expect(ids('author:"王伟"')).toEqual(['t-4c1f0f7a9e2b']);
    expect(ids('author:tri')).toEqual([]); // a first name alone is not a name
    expect(authorKeys('Yann Le Cun')).toContain('lecun');
  });

  it('combines with words: the words rank, the filter decides', () => {
    expect(ids('author:"Tri Dao" parallelism')).toEqual(['2307.08691']);
    expect(ids('attention author:dao')).toEqual(expect.arrayContaining(['2307.08691', '2312.00752']));
    expect(ids('attention author:dao')).not.toContain('2404.01234');
    expect(ids('attention -author:dao')).toContain('2404.01234');
  });
});

describe('org:, year:, after:, before:, has:code, topic:', () => {
  it('org: matches from a word of the organisation, in any case and spacing', () => {
    expect(ids('org:deepmind').sort()).toEqual(['2309.14322', 'beta-vae-learning-basic-visual-concepts-with-a-constrained-variation']);
    expect(ids('org:"google deep mind"')).toHaveLength(2);
    expect(ids('org:microsoft')).toEqual(['2203.03466']);
    expect(ids('org:mind')).toEqual([]);
  });

  it('dates: year:, ranges, after: (from the start of the period) and before: (until its start)', () => {
    expect(ids('year:2023')).toEqual(['2312.00752', '2309.14322', '2307.08691']);
    expect(ids('year:2022..2023')).toHaveLength(4);
    expect(ids('after:2023-09').every((id) => (corpus.byId.get(id)?.publishedAt ?? '') >= '2023-09-01')).toBe(true);
    expect(ids('after:2023-09')).toContain('2309.14322');
    expect(ids('before:2019')).toEqual(['beta-vae-learning-basic-visual-concepts-with-a-constrained-variation']);
    expect(ids('after:2023-07-17 before:2023-07-18')).toEqual(['2307.08691']);
  });

  it('has:code and -has:code', () => {
    expect(ids('has:code').sort()).toEqual(['1905.05702', '2203.03466', '2307.08691', '2312.00752']);
    expect(ids('-has:code year:2023')).toEqual(['2309.14322']);
  });

  it('topic: takes names in any case, parts of names, and suggests a slug for a typo', () => {
    const deep = queryCorpus().topics.find((t) => t.slug === 'rl-for-llms');
    expect(deep).toBeDefined();
    expect(ids('topic:RL-FOR-LLMS')).toHaveLength(2);
    expect(() => run('topic:efficient-modles')).toThrow(/Did you mean efficient-models/);
  });

  it('combines with the command options (topic, has_code, years)', () => {
    expect(ids('attention', { hasCode: true, yearFrom: 2023 })).toEqual(expect.arrayContaining(['2307.08691']));
    expect(ids('author:dao', { topic: 'architectures' })).toEqual(['2312.00752']);
    expect(ids('author:dao', { yearTo: 2022 })).toEqual([]);
  });
});

describe('phrases and exclusions', () => {
  it('a quoted phrase must appear in the title or abstract, in that order', () => {
    expect(ids('"selective state spaces"')).toEqual(['2312.00752']);
    expect(ids('"Selective-State spaces"')).toEqual(['2312.00752']);
    expect(ids('"state selective spaces"')).toEqual([]);
    expect(ids('"loss spikes" training')).toEqual(['2309.14322']);
  });

  it('-word drops papers using any form of the word; -"phrase" drops the phrase', () => {
    expect(ids('attention')).toContain('2404.01234');
    expect(ids('attention -survey')).not.toContain('2404.01234');
    expect(ids('attention -surveys')).not.toContain('2404.01234');
    expect(ids('attention -"linear attention"')).not.toContain('2404.01234');
    expect(ids('attention -"linear attention"').length).toBeGreaterThan(0);
  });
});

describe('names in other scripts', () => {
  it('finds μP papers by μP, µP (micro sign), muP, mu-p and MUP', () => {
    const want = ['2203.03466', '2505.15270'];
    for (const typed of ['μP', 'µP', 'muP', 'mu-p', 'MUP']) expect(ids(typed).slice(0, 2).sort(), typed).toEqual(want);
  });

  it('finds β-VAE by beta-vae, "beta vae" and β-VAE, and α-entmax by alpha-entmax', () => {
    for (const typed of ['β-VAE', 'beta-vae', 'beta vae', 'Beta-VAE']) expect(titles(typed)[0], typed).toMatch(/^β-VAE/);
    for (const typed of ['α-entmax', 'alpha-entmax', 'alpha entmax']) expect(titles(typed)[0], typed).toBe('Sparse Sequence-to-Sequence Models');
  });

  it('finds CJK titles by a word inside them (character bigrams)', () => {
    expect(titles('推理能力')[0]).toBe('大语言模型的推理能力综述');
    expect(titles('大语言模型')[0]).toBe('大语言模型的推理能力综述');
    expect(titles('強化学習')[0]).toBe('強化学習による大規模言語モデルの整合');
    expect(ids('"推理能力"')).toEqual(['t-4c1f0f7a9e2b']);
  });
});

describe('paging text', () => {
  it('carries a canonical, compact form that runs the identical search', () => {
    for (const text of ['author:"Tri Dao" the attention', '"selective state spaces" -survey has:code', 'which papers use μP after:2020 -author:yang', 'org:"Google DeepMind"']) {
      const r = run(text);
      expect(r.carried.length).toBeLessThanOrEqual(text.length + 2);
      const again = run(r.carried);
      expect(again.hits.map((h) => [h.paper.id, h.score]), `${text} -> ${r.carried}`).toEqual(r.hits.map((h) => [h.paper.id, h.score]));
      expect(again.carried).toBe(r.carried);
    }
    expect(run('which papers use the μP after:2020').carried).toBe('use mup after:2020');
  });

  it('leaves plain queries on the plain engine path, unchanged', () => {
    expect(run('gradient clipping?').hits).toEqual(engine.search('gradient clipping?'));
  });
});

describe('did you mean', () => {
  it('spelling-corrects words the corpus does not use, and only offers a query that finds papers', () => {
    expect(suggestQuery(corpus, engine, '"selectve state spaces"')).toBe('selective state spaces');
    expect(suggestQuery(corpus, engine, 'parallelsim author:"Tri Dao"')).toBe('parallelism author:"Tri Dao"');
    expect(suggestQuery(corpus, engine, 'qqqzzx')).toBeUndefined();
  });

  it('keeps the filters of the query when suggesting', () => {
    expect(suggestQuery(corpus, engine, 'mamba year:2019')).toBeUndefined(); // no spelling can fix a filter nothing meets
  });
});
