import { describe, expect, it } from 'vitest';
import { byRecency, topicCommand } from '../../commands/topic.js';
import { choiceViolations, payloadLimitViolations } from '../../src/cards/limits.js';
import { decodeCustomId } from '../../src/custom-id.js';
import { runCommand, runComponent } from '../../src/dispatch.js';
import { isEphemeral } from '../../src/reply.js';
import { autocompleteRequest, commandRequest, testContext, USER } from '../support/context.js';
import { button, description, expectFriendlyError, footer, openMenu, registry } from './helpers.js';

const ctx = testContext();
const run = (name: string, options: Record<string, string | boolean> = {}) => runCommand(ctx, registry, name, commandRequest(options));
const biggest = [...ctx.corpus.topics].sort((a, b) => (ctx.corpus.papersByTopic.get(b.slug)?.length ?? 0) - (ctx.corpus.papersByTopic.get(a.slug)?.length ?? 0))[0]!;

describe('/topics', () => {
  it('lists every topic with its paper count, privately and within limits', async () => {
    const reply = await run('topics');
    expect(isEphemeral(reply.payload)).toBe(true);
    for (const t of ctx.corpus.topics) expect(description(reply.payload)).toContain(`\`${t.slug}\` · ${ctx.corpus.papersByTopic.get(t.slug)?.length ?? 0} paper`);
    expect(payloadLimitViolations(reply.payload)).toEqual([]);
  });
});

describe('/topic', () => {
  it('lists the topic’s papers newest first with its description', async () => {
    const reply = await run('topic', { topic: biggest.slug });
    const papers = [...(ctx.corpus.papersByTopic.get(biggest.slug) ?? [])].sort(byRecency);
    expect(reply.payload.embeds?.[0]?.title).toContain(biggest.name.split(' ')[0]);
    expect(footer(reply.payload)).toBe(`Page 1/${Math.ceil(papers.length / 5)} · ${papers.length} results`);
    expect(openMenu(reply.payload).options.map((o) => o.value)).toEqual(papers.slice(0, 5).map((p) => p.id));
    const dated = papers.filter((p) => p.publishedAt).map((p) => p.publishedAt!);
    expect(dated).toEqual([...dated].sort().reverse());
  });

  it('pages with topic-page buttons until Next is disabled', async () => {
    const total = ctx.corpus.papersByTopic.get(biggest.slug)?.length ?? 0;
    const pages = Math.ceil(total / 5);
    expect(pages).toBeGreaterThan(1);
    let reply = await run('topic', { topic: biggest.slug });
    expect(decodeCustomId(button(reply.payload, /Next/).custom_id)).toEqual({ action: 'topic-page', slug: biggest.slug, page: 2 });
    for (let n = 1; n < pages; n++) reply = await runComponent(ctx, registry, button(reply.payload, /Next/).custom_id, [], USER);
    expect(reply.kind).toBe('update');
    expect(footer(reply.payload)).toBe(`Page ${pages}/${pages} · ${total} results`);
    expect(button(reply.payload, /Next/).disabled).toBe(true);
  });

  it('an unknown topic is a friendly error', async () => {
    expectFriendlyError(await run('topic', { topic: 'astrology' }), /`topic`: there is no topic "astrology"/);
  });

  it('autocompletes topics filtered by what was typed', () => {
    const typed = biggest.name.slice(0, 4);
    const choices = topicCommand.autocomplete!(ctx, autocompleteRequest('topic', typed));
    expect(choices.map((c) => c.value)).toContain(biggest.slug);
    expect(choices.length).toBeLessThan(ctx.corpus.topics.length);
    expect(choiceViolations(choices)).toEqual([]);
  });
});
