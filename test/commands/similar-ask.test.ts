import { describe, expect, it } from 'vitest';
import { askCommand } from '../../commands/ask.js';
import { SIMILAR_LIMIT, similarCommand } from '../../commands/similar.js';
import { NOTHING_ANSWERS } from '../../src/cards/answer-card.js';
import { choiceViolations, payloadLimitViolations } from '../../src/cards/limits.js';
import { decodeCustomId } from '../../src/custom-id.js';
import { deferralFor, runCommand, runComponent } from '../../src/dispatch.js';
import { isEphemeral } from '../../src/reply.js';
import { autocompleteRequest, commandRequest, testContext, USER } from '../support/context.js';
import { actionButtons, description, expectFriendlyError, openMenu, registry } from './helpers.js';

const ctx = testContext();
const run = (name: string, options: Record<string, string | boolean>) => runCommand(ctx, registry, name, commandRequest(options));
const paper = ctx.corpus.papers.find((p) => p.codeLinks.length > 0)!;

describe('/similar', () => {
  it('lists the most similar papers (never the paper itself) with an open menu', async () => {
    const reply = await run('similar', { paper: paper.id });
    const expected = ctx.search.similar(paper.id, SIMILAR_LIMIT).map((h) => h.paper.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(openMenu(reply.payload).options.map((o) => o.value)).toEqual(expected);
    expect(expected).not.toContain(paper.id);
    expect(description(reply.payload)).toMatch(/^Papers most like \[/);
    expect(isEphemeral(reply.payload)).toBe(true);
    expect(payloadLimitViolations(reply.payload)).toEqual([]);
  });

  it('the menu opens a similar paper’s card', async () => {
    const reply = await run('similar', { paper: paper.id });
    const menu = openMenu(reply.payload);
    const card = await runComponent(ctx, registry, menu.custom_id, [menu.options[0]!.value], USER);
    expect(card.payload.embeds?.[0]?.footer?.text).toContain(menu.options[0]!.value);
  });

  it('an unknown paper is a friendly error; autocomplete stays within limits', async () => {
    expectFriendlyError(await run('similar', { paper: 'zzqx qqq' }), /`paper`: no paper matches/);
    expect(choiceViolations(similarCommand.autocomplete!(ctx, autocompleteRequest('paper', 'gra')))).toEqual([]);
  });
});

describe('/ask', () => {
  it('answers with cited quotes and buttons that open the cited papers', async () => {
    const reply = await run('ask', { question: 'What causes loss spikes when training large language models?' });
    expect(description(reply.payload)).toMatch(/^> .+ \[1\]/);
    expect(description(reply.payload)).toContain('**Sources**');
    const first = actionButtons(reply.payload)[0]!;
    const action = decodeCustomId(first.custom_id);
    expect(action).toMatchObject({ action: 'paper' });
    const card = await runComponent(ctx, registry, first.custom_id, [], USER);
    expect(isEphemeral(card.payload)).toBe(true);
    expect(payloadLimitViolations(reply.payload)).toEqual([]);
  });

  it('says plainly when nothing in the corpus answers', async () => {
    const reply = await run('ask', { question: 'zzqx qqq vvbn?' });
    expect(reply.payload.content).toContain(NOTHING_ANSWERS);
    expect(reply.payload.embeds).toBeUndefined();
  });

  it('is deferred, privately unless public:true, matching the reply’s visibility', async () => {
    expect(deferralFor(registry, 'ask', commandRequest({ question: 'why?' }))).toEqual({ ephemeral: true });
    expect(deferralFor(registry, 'ask', commandRequest({ question: 'why?', public: true }))).toEqual({ ephemeral: false });
    const pub = await askCommand.execute(ctx, commandRequest({ question: 'What is grokking?', public: true }));
    expect(isEphemeral(pub.payload)).toBe(false);
  });

  it('too short a question is a friendly error', async () => {
    expectFriendlyError(await run('ask', { question: ' ?' }), /`question`: ask a question of a few words/);
  });
});
