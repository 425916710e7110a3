// /search with the query language, through the real dispatcher: on the seed corpus (dates, code,
// one organisation) and on papers with authors (test/search/query-fixtures.ts).
import { describe, expect, it } from 'vitest';
import { searchCommand } from '../../commands/search.js';
import { choiceViolations, payloadLimitViolations } from '../../src/cards/limits.js';
import { decodeCustomId } from '../../src/custom-id.js';
import { runCommand, runComponent } from '../../src/dispatch.js';
import { searchQuery } from '../../src/search-query.js';
import { autocompleteRequest, commandRequest, testContext, USER } from '../support/context.js';
import { queryCorpus } from '../search/query-fixtures.js';
import { button, description, expectFriendlyError, footer, openMenu, registry } from './helpers.js';

const seed = testContext();
const authors = testContext({ corpus: queryCorpus() });
type Ctx = typeof seed;
const search = (ctx: Ctx, options: Record<string, string | number | boolean>) => runCommand(ctx, registry, 'search', commandRequest(options));
const click = (ctx: Ctx, customId: string) => runComponent(ctx, registry, customId, [], USER);
const menuIds = (p: Parameters<typeof openMenu>[0]) => openMenu(p).options.map((o) => o.value);

describe('/search with the query language', () => {
  it('a query of only filters lists the matching papers, newest first', async () => {
    const reply = await search(authors, { query: 'author:"Tri Dao"' });
    expect(menuIds(reply.payload)).toEqual(['2312.00752', '2307.08691']);
    expect(description(reply.payload)).toMatch(/^Newest first\./);
    expect(payloadLimitViolations(reply.payload)).toEqual([]);
  });

  it('pages a query-language search: every Next page is exactly the next slice of the same results', async () => {
    for (const query of ['after:2023', 'training -memory "language models" after:2020', 'stability has:code -adam']) {
      const all = searchQuery(seed.corpus, seed.search, query).hits.map((h) => h.paper.id);
      expect(all.length, query).toBeGreaterThan(5);
      let page = await search(seed, { query });
      const seen = [...menuIds(page.payload)];
      for (let n = 2; n <= Math.ceil(all.length / 5); n++) {
        const next = button(page.payload, /Next/).custom_id;
        expect(next.length).toBeLessThanOrEqual(100);
        page = await click(seed, next);
        expect(footer(page.payload)).toBe(`Page ${n}/${Math.ceil(all.length / 5)} · ${all.length} results`);
        seen.push(...menuIds(page.payload));
      }
      expect(seen, query).toEqual(all);
      // Prev from the last page lands on exactly the page before it.
      if (all.length > 5) {
        const back = await click(seed, button(page.payload, /Prev/).custom_id);
        expect(menuIds(back.payload)).toEqual(all.slice(Math.ceil(all.length / 5) * 5 - 10, Math.ceil(all.length / 5) * 5 - 5));
      }
    }
  });

  it('the page buttons carry the canonical query next to the option filters', async () => {
    const reply = await search(seed, { query: 'Which papers study the training stability after:2023-06 -survey', has_code: true });
    expect(decodeCustomId(button(reply.payload, /Next/).custom_id)).toMatchObject({ query: 'training stability -survey after:2023-06', filters: { hasCode: true } });
  });

  it('query filters and the command options both apply', async () => {
    const reply = await search(seed, { query: 'training has:code', year_from: 2025 });
    for (const id of menuIds(reply.payload)) {
      const p = seed.corpus.byId.get(id)!;
      expect(p.codeLinks.length).toBeGreaterThan(0);
      expect(Number(p.publishedAt?.slice(0, 4))).toBeGreaterThanOrEqual(2025);
    }
  });

  it('topic names work in the option and in the query, in any case: topic:"deep rl", OPTIMIZERS', async () => {
    const bySlug = await search(seed, { query: 'training', topic: 'deep-rl-control' });
    expect(description((await search(seed, { query: 'training', topic: 'deep rl' })).payload)).toBe(description(bySlug.payload));
    expect(menuIds((await search(seed, { query: 'training topic:"deep rl"' })).payload)).toEqual(menuIds(bySlug.payload));
    expect(menuIds((await search(seed, { query: 'adam', topic: 'OPTIMIZERS' })).payload).length).toBeGreaterThan(0);
    expectFriendlyError(await search(seed, { query: 'adam', topic: 'optimisers' }), /`topic`: there is no topic "optimisers". Did you mean optimizers \(Optimizers & learning rates\)\?/);
  });

  describe('invalid syntax gets a private message naming the problem', () => {
    it.each([
      ['author:"Tri Dao', /Query: a quote is never closed/],
      ['autor:dao attention', /Query: there is no filter "autor:". Did you mean author:\?/],
      ['year:20x5 adam', /Query: "20x5" is not a year/],
      ['after:2025-13', /Query: after: 2025-13 is not a real date/],
      ['has:pdf adam', /Query: has: only knows code/],
      ['adam topic:astrology', /there is no topic "astrology"/],
    ])('%s', async (query, message) => {
      expectFriendlyError(await search(seed, { query }), message);
    });
  });

  it('no results: suggests the closest query that finds papers, with a button that runs it', async () => {
    const reply = await search(seed, { query: '"loss spike" trainng' });
    expect(description(reply.payload)).toMatch(/^Did you mean \*\*training loss spike\*\*\? No papers match/);
    const retry = button(reply.payload, /^Search “training loss spike”/);
    const results = await click(seed, retry.custom_id);
    expect(results.kind).toBe('update');
    expect(menuIds(results.payload)).toEqual(searchQuery(seed.corpus, seed.search, 'training loss spike').hits.slice(0, 5).map((h) => h.paper.id));
  });

  it('autocompletes author names inside the query, keeping what was typed before', () => {
    const choices = searchCommand.autocomplete!(authors, autocompleteRequest('query', 'attention author:"Tr'));
    expect(choices).toEqual([{ name: 'attention author:"Tri Dao" · 2 papers', value: 'attention author:"Tri Dao"' }]);
    const byLastName = searchCommand.autocomplete!(authors, autocompleteRequest('query', 'author:da'));
    expect(byLastName.map((c) => c.value)).toEqual(['author:"Tri Dao"']);
    const all = searchCommand.autocomplete!(authors, autocompleteRequest('query', 'author:'));
    expect(all.length).toBe(25);
    expect(choiceViolations(all)).toEqual([]);
    expect(all[0]!.value).toBe('author:"Tri Dao"'); // most papers first
    expect(searchCommand.autocomplete!(authors, autocompleteRequest('query', 'attention'))).toEqual([]);
    const long = `${'x'.repeat(90)} author:"Tr`;
    expect(searchCommand.autocomplete!(authors, autocompleteRequest('query', long))).toEqual([]); // would not fit 100 characters
  });
});

describe('topic names and paper typos in the other commands', () => {
  it('/topic and /random take topic names in any case and suggest the closest slug', async () => {
    const byName = await runCommand(seed, registry, 'topic', commandRequest({ topic: 'OPTIMIZERS' }));
    expect(byName.payload.embeds?.[0]?.title).toBe('Topic: Optimizers & learning rates');
    const deep = await runCommand(seed, registry, 'topic', commandRequest({ topic: 'deep rl' }));
    expect(deep.payload.embeds?.[0]?.title).toBe('Topic: Deep RL & control');
    expectFriendlyError(await runCommand(seed, registry, 'topic', commandRequest({ topic: 'optimisers' })), /Did you mean optimizers/);
    const random = await runCommand(seed, registry, 'random', commandRequest({ topic: 'Deep RL' }));
    const shown = random.payload.embeds?.[0]?.footer?.text ?? '';
    const id = /Paper id: (\S+)/.exec(shown)?.[1];
    expect(seed.corpus.byId.get(id!)?.topics).toContain('deep-rl-control');
  });

  it('/paper and /similar name the paper a typo was meant for', async () => {
    expectFriendlyError(await runCommand(seed, registry, 'paper', commandRequest({ paper: 'spma' })), /no paper matches "spma". Did you mean "SPAM: Spike-Aware Adam/);
    expectFriendlyError(await runCommand(seed, registry, 'similar', commandRequest({ paper: 'spma' })), /Did you mean "SPAM: Spike-Aware Adam/);
  });
});
