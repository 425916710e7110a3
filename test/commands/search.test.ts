import { describe, expect, it } from 'vitest';
import { QUERY_INPUT_MAX, QUERY_MAX, searchCommand } from '../../commands/search.js';
import { choiceViolations, payloadLimitViolations } from '../../src/cards/limits.js';
import { decodeCustomId } from '../../src/custom-id.js';
import { runCommand, runComponent } from '../../src/dispatch.js';
import { isEphemeral } from '../../src/reply.js';
import { autocompleteRequest, commandRequest, testContext, USER } from '../support/context.js';
import { button, description, expectFriendlyError, footer, openMenu, registry } from './helpers.js';

const ctx = testContext();
const search = (options: Record<string, string | number | boolean>) => runCommand(ctx, registry, 'search', commandRequest(options));
const click = (customId: string, values: string[] = []) => runComponent(ctx, registry, customId, values, USER);
const ids = (values: { value: string }[]) => values.map((v) => v.value);

describe('/search', () => {
  it('lists the best matches privately, five per page, with the total', async () => {
    const reply = await search({ query: 'gradient clipping' });
    const hits = ctx.search.search('gradient clipping');
    expect(reply.kind).toBe('message');
    expect(isEphemeral(reply.payload)).toBe(true);
    expect(footer(reply.payload)).toBe(`Page 1/${Math.ceil(hits.length / 5)} · ${hits.length} results`);
    expect(ids(openMenu(reply.payload).options)).toEqual(hits.slice(0, 5).map((h) => h.paper.id));
    expect(payloadLimitViolations(reply.payload)).toEqual([]);
  });

  it('posts for everyone with public:true', async () => {
    expect(isEphemeral((await search({ query: 'gradient clipping', public: true })).payload)).toBe(false);
  });

  it('pages through results with the Next button’s custom_id, and the last page disables Next', async () => {
    const hits = ctx.search.search('training stability');
    const pages = Math.ceil(hits.length / 5);
    expect(pages).toBeGreaterThan(2);
    const first = await search({ query: 'training stability' });
    const second = await click(button(first.payload, /Next/).custom_id);
    expect(second.kind).toBe('update');
    expect(footer(second.payload)).toBe(`Page 2/${pages} · ${hits.length} results`);
    expect(ids(openMenu(second.payload).options)).toEqual(hits.slice(5, 10).map((h) => h.paper.id));
    expect(button(second.payload, /Prev/).disabled).toBe(false);

    let page = second;
    for (let n = 2; n < pages; n++) page = await click(button(page.payload, /Next/).custom_id);
    expect(footer(page.payload)).toBe(`Page ${pages}/${pages} · ${hits.length} results`);
    expect(button(page.payload, /Next/).disabled).toBe(true);
    expect(ids(openMenu(page.payload).options)).toEqual(hits.slice((pages - 1) * 5).map((h) => h.paper.id));
  });

  it('keeps the filters when paging', async () => {
    const first = await search({ query: 'training', has_code: true });
    const all = ctx.search.search('training', { hasCode: true });
    expect(all.length).toBeGreaterThan(5);
    expect(all.every((h) => h.paper.codeLinks.length > 0)).toBe(true);
    expect(decodeCustomId(button(first.payload, /Next/).custom_id)).toEqual({ action: 'search-page', page: 2, query: 'training', filters: { hasCode: true } });
    const second = await click(button(first.payload, /Next/).custom_id);
    expect(ids(openMenu(second.payload).options)).toEqual(all.slice(5, 10).map((h) => h.paper.id));
    expect(description(second.payload)).toMatch(/^Filters: with code/);
  });

  it('the menu opens the chosen result as a private card with a Share button', async () => {
    const list = await search({ query: 'gradient clipping' });
    const chosen = openMenu(list.payload).options[1]!.value;
    const card = await click(openMenu(list.payload).custom_id, [chosen]);
    expect(card.kind).toBe('message');
    expect(isEphemeral(card.payload)).toBe(true);
    expect(card.payload.embeds?.[0]?.title).toBeTruthy();
    expect(card.payload.embeds?.[0]?.footer?.text).toContain(`Paper id: ${chosen}`);
    expect(decodeCustomId(button(card.payload, 'Share').custom_id)).toEqual({ action: 'share', paperId: chosen });
  });

  it('filters by topic given as a slug or as its name', async () => {
    const topic = ctx.corpus.topics[0]!;
    const bySlug = await search({ query: 'training', topic: topic.slug });
    const byName = await search({ query: 'training', topic: topic.name.toUpperCase() });
    expect(description(byName.payload)).toBe(description(bySlug.payload));
    expect(description(bySlug.payload)).toContain(`Filters: topic: `);
    for (const id of ids(openMenu(bySlug.payload).options)) expect(ctx.corpus.byId.get(id)?.topics).toContain(topic.slug);
  });

  it('no results with filters: suggests removing them', async () => {
    const reply = await search({ query: 'grokking', year_from: 1990, year_to: 1991 });
    expect(description(reply.payload)).toMatch(/No papers match with these filters\. Try removing/);
    expect(reply.payload.components).toEqual([]);
  });

  describe('bad input gets a friendly private error', () => {
    it.each([
      [{ query: 'adam', topic: 'astrology' }, /`topic`: there is no topic "astrology".*\/topics/],
      [{ query: 'adam', year_from: 2024, year_to: 2020 }, /`year_from`: must not be after year_to/],
      [{ query: 'adam', year_from: 1200 }, /`year_from`: must be 1990 or later/],
      [{ query: 'the of and' }, /`query`: those words are too common/],
      [{ query: '   ' }, /`query`: type a few words/],
      [{}, /`query`: type a few words/],
      [{ query: 'x'.repeat(QUERY_INPUT_MAX + 1) }, new RegExp(`\`query\`: keep it to ${QUERY_INPUT_MAX} characters`)],
    ])('%j', async (options, message) => {
      expectFriendlyError(await search(options), message);
    });
  });

  it('a query that tries to ping shows as text and pings no one', async () => {
    const reply = await search({ query: '@everyone <@&123> attention' });
    expect(JSON.stringify(reply.payload.embeds)).not.toMatch(/@everyone|<@&123>/);
    expect(reply.payload.allowed_mentions).toEqual({ parse: [] });
  });

  it('the longest allowed query with every filter still produces valid page buttons', async () => {
    const longest = [...ctx.corpus.topics].sort((a, b) => b.slug.length - a.slug.length)[0]!;
    const query = `training ${'stability '.repeat(10)}`.slice(0, QUERY_MAX);
    const reply = await search({ query, topic: longest.slug, has_code: false, year_from: 2000, year_to: 2100 });
    expect(payloadLimitViolations(reply.payload)).toEqual([]);
  });

  it('a long natural question still pages: the buttons carry its compact form and page 2 continues page 1', async () => {
    const question = 'which papers propose clipping the gradients to stabilise the training of large language models?';
    expect(question.length).toBeGreaterThan(QUERY_MAX);
    const first = await search({ query: question });
    const next = button(first.payload, /Next/).custom_id;
    expect(next.length).toBeLessThanOrEqual(100);
    const page2 = await click(next);
    const all = ctx.search.search(question).map((h) => h.paper.id);
    expect(ids(openMenu(page2.payload).options)).toEqual(all.slice(5, 10));
  });

  it('a query too long even in compact form shows its first page and the open menu, without Prev/Next', async () => {
    const query = 'spiking binarized bayesian orthogonal toeplitz recommender federated galactic slepian sycophancy'.slice(0, QUERY_INPUT_MAX);
    const reply = await search({ query });
    expect(JSON.stringify(reply.payload.components)).not.toMatch(/Next|Prev/);
    expect(openMenu(reply.payload).options.length).toBeGreaterThan(0);
    expect(description(reply.payload)).toMatch(/first page only/);
  });

  it('autocompletes topics by name or slug, within Discord’s limits', () => {
    const all = searchCommand.autocomplete!(ctx, autocompleteRequest('topic', ''));
    expect(all.length).toBe(Math.min(25, ctx.corpus.topics.length));
    expect(choiceViolations(all)).toEqual([]);
    const rl = searchCommand.autocomplete!(ctx, autocompleteRequest('topic', 'rl'));
    expect(rl.length).toBeGreaterThan(0);
    for (const c of rl) expect(ctx.corpus.topicBySlug.get(c.value)?.name).toMatch(/\bRL\b/);
    // Words from the description find a topic whose name does not contain them.
    const byDescription = searchCommand.autocomplete!(ctx, autocompleteRequest('topic', 'reinforcement'));
    expect(byDescription.map((c) => c.value)).toEqual(expect.arrayContaining(['rl-for-llms', 'deep-rl-control']));
  });
});
