import { ComponentType, type APIButtonComponentWithCustomId, type APIStringSelectComponent } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { payloadLimitViolations } from '../../src/cards/limits.js';
import { clampPage, pageCount, PAGE_SIZE, resultList, type ResultListOptions } from '../../src/cards/result-list.js';
import { decodeCustomId, encodeCustomId } from '../../src/custom-id.js';
import type { ReplyPayload } from '../../src/reply.js';
import { fixtureCorpus, makePaper, realCorpus } from '../support/context.js';

const papers = Array.from({ length: 17 }, (_, i) =>
  makePaper({ id: `p${i + 1}`, title: `Paper number ${i + 1}`, publishedAt: '2024-05-01', codeLinks: i === 0 ? [{ kind: 'github', url: 'https://github.com/a/b' }] : [] }),
);
const corpus = fixtureCorpus(papers);
const pageId = (page: number) => encodeCustomId({ action: 'topic-page', slug: 'optimizers', page });
const list = (over: Partial<ResultListOptions> = {}) =>
  resultList({ title: 'Results', papers, page: 1, pageCustomId: pageId, empty: 'Nothing here.', topics: corpus, ephemeral: true, ...over });

const navButtons = (p: ReplyPayload) =>
  (p.components ?? []).flatMap((r) => r.components).filter((c): c is APIButtonComponentWithCustomId => c.type === ComponentType.Button && 'custom_id' in c);
const menu = (p: ReplyPayload) => (p.components ?? []).flatMap((r) => r.components).find((c): c is APIStringSelectComponent => c.type === ComponentType.StringSelect);

describe('result list', () => {
  it('shows one page of five numbered entries with year, topics and a code badge', () => {
    const lines = list().embeds![0]!.description!.split('\n');
    expect(lines).toHaveLength(PAGE_SIZE);
    expect(lines[0]).toMatch(/^\*\*1\.\*\* \[Paper number 1\]\(https:\/\/arxiv\.org\/search\/\?query=Paper%20number%201&searchtype=title\) · 2024 · Optimizers · 💻 code$/);
    expect(lines[1]).not.toContain('💻');
  });

  it('footer says which page and how many results', () => {
    expect(list({ page: 2 }).embeds![0]!.footer?.text).toBe('Page 2/4 · 17 results');
  });

  it('ranks continue across pages', () => {
    expect(list({ page: 4 }).embeds![0]!.description).toMatch(/^\*\*16\.\*\* /);
  });

  it('Prev is disabled on the first page and Next on the last; their ids point at the neighbouring pages', () => {
    const [prev1, next1] = navButtons(list({ page: 1 }));
    expect(prev1?.disabled).toBe(true);
    expect(next1?.disabled).toBe(false);
    expect(decodeCustomId(next1!.custom_id)).toEqual({ action: 'topic-page', slug: 'optimizers', page: 2 });
    const [prev4, next4] = navButtons(list({ page: 4 }));
    expect(prev4?.disabled).toBe(false);
    expect(next4?.disabled).toBe(true);
    expect(decodeCustomId(prev4!.custom_id)).toMatchObject({ page: 3 });
  });

  it('a stale page number lands on a real page', () => {
    expect(list({ page: 99 }).embeds![0]!.footer?.text).toBe('Page 4/4 · 17 results');
    expect(clampPage(0, 17)).toBe(1);
    expect(pageCount(0)).toBe(1);
  });

  it('has an open menu with exactly the page’s papers, valued by id', () => {
    const m = menu(list({ page: 2 }));
    expect(m && decodeCustomId(m.custom_id)).toEqual({ action: 'open' });
    expect(m?.options.map((o) => o.value)).toEqual(['p6', 'p7', 'p8', 'p9', 'p10']);
    expect(m?.options[0]?.label).toBe('6. Paper number 6');
  });

  it('a single page has no navigation buttons', () => {
    const single = list({ papers: papers.slice(0, 3) });
    expect(navButtons(single)).toEqual([]);
    expect(single.embeds![0]!.footer?.text).toBe('3 results');
  });

  it('no results: says so with the caller’s suggestion and offers no buttons or menu', () => {
    const empty = list({ papers: [], empty: 'Try removing filters.' });
    expect(empty.embeds![0]!.description).toBe('Try removing filters.');
    expect(empty.components).toEqual([]);
    expect(payloadLimitViolations(empty)).toEqual([]);
  });

  it('every page of the whole corpus as one list stays within limits', () => {
    const real = realCorpus().corpus;
    const all = [...real.papers];
    for (let page = 1; page <= pageCount(all.length); page++) {
      const p = resultList({ title: 'All', papers: all, page, pageCustomId: pageId, empty: '-', topics: real });
      expect(payloadLimitViolations(p), `page ${page}`).toEqual([]);
    }
    const ten = resultList({ title: 'Ten', papers: all.slice(0, 10), pageSize: 10, empty: '-', topics: real });
    expect(payloadLimitViolations(ten)).toEqual([]);
  });

  it('titles with markdown or mentions are escaped in entries', () => {
    const bad = makePaper({ id: 'bad', title: '[x](https://evil) @everyone' });
    const p = list({ papers: [bad] });
    expect(p.embeds![0]!.description).toContain('\\[x\\](https://evil) @\u200beveryone');
  });
});
