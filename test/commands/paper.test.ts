import { describe, expect, it } from 'vitest';
import { paperCommand } from '../../commands/paper.js';
import { choiceViolations, payloadLimitViolations } from '../../src/cards/limits.js';
import { decodeCustomId, encodeCustomId } from '../../src/custom-id.js';
import { runCommand, runComponent } from '../../src/dispatch.js';
import { isEphemeral } from '../../src/reply.js';
import { autocompleteRequest, commandRequest, fixtureCorpus, makePaper, testContext, USER } from '../support/context.js';
import { button, expectFriendlyError, registry } from './helpers.js';

const ctx = testContext();
const paperCmd = (options: Record<string, string | boolean>) => runCommand(ctx, registry, 'paper', commandRequest(options));
const known = ctx.corpus.papers.find((p) => p.codeLinks.length > 0)!;

describe('/paper', () => {
  it('shows the card for an exact id, privately, with Share', async () => {
    const reply = await paperCmd({ paper: known.id });
    expect(isEphemeral(reply.payload)).toBe(true);
    expect(reply.payload.embeds?.[0]?.footer?.text).toContain(known.id);
    expect(button(reply.payload, 'Share')).toBeDefined();
  });

  it('accepts free title words and picks the best match', async () => {
    const reply = await paperCmd({ paper: known.title.split(' ').slice(0, 6).join(' ') });
    expect(reply.payload.embeds?.[0]?.footer?.text).toContain(`Paper id: ${known.id}`);
  });

  it('public:true posts the card for everyone, without a Share button', async () => {
    const reply = await paperCmd({ paper: known.id, public: true });
    expect(isEphemeral(reply.payload)).toBe(false);
    expect(() => button(reply.payload, 'Share')).toThrow();
  });

  it('an unknown paper or an empty value is a friendly error', async () => {
    expectFriendlyError(await paperCmd({ paper: 'zzqx qqq' }), /`paper`: no paper matches "zzqx qqq"\. Pick one/);
    expectFriendlyError(await paperCmd({ paper: '  ' }), /`paper`: name a paper/);
  });

  it('Share posts a public copy naming who shared it, which pings no one', async () => {
    const card = await paperCmd({ paper: known.id });
    const shared = await runComponent(ctx, registry, button(card.payload, 'Share').custom_id, [], USER);
    expect(shared.kind).toBe('message');
    expect(isEphemeral(shared.payload)).toBe(false);
    expect(shared.payload.content).toBe(`Shared by <@${USER.user.id}> (${USER.user.name})`);
    expect(shared.payload.allowed_mentions).toEqual({ parse: [] });
    expect(shared.payload.embeds?.[0]).toEqual(card.payload.embeds?.[0]);
    expect(() => button(shared.payload, 'Share')).toThrow();
    expect(payloadLimitViolations(shared.payload)).toEqual([]);
  });

  it('the paper button (from /ask citations) opens a private card; a vanished paper is a friendly error', async () => {
    const open = await runComponent(ctx, registry, encodeCustomId({ action: 'paper', paperId: known.id }), [], USER);
    expect(isEphemeral(open.payload)).toBe(true);
    expect(decodeCustomId(button(open.payload, 'Share').custom_id)).toEqual({ action: 'share', paperId: known.id });
    expectFriendlyError(await runComponent(ctx, registry, encodeCustomId({ action: 'share', paperId: 'gone' }), [], USER), /no longer in the corpus/);
  });
});

describe('/paper autocomplete', () => {
  const complete = (typed: string) => paperCommand.autocomplete!(ctx, autocompleteRequest('paper', typed));

  it('suggests up to 25 papers before anything is typed, within Discord’s limits', () => {
    const choices = complete('');
    expect(choices).toHaveLength(25);
    expect(choiceViolations(choices)).toEqual([]);
    for (const c of choices) expect(ctx.corpus.byId.has(c.value)).toBe(true);
  });

  it('filters by the typed title words; values are paper ids', () => {
    const word = known.title.split(' ')[0]!;
    const choices = complete(word);
    expect(choices.map((c) => c.value)).toContain(known.id);
    expect(choiceViolations(choices)).toEqual([]);
    expect(choices.length).toBeLessThan(ctx.corpus.papers.length);
  });

  it('falls back to search for words from inside titles or abstracts', () => {
    const choices = complete('loss spikes');
    expect(choices.length).toBeGreaterThan(0);
    expect(choiceViolations(choices)).toEqual([]);
  });

  it('cuts very long titles to 100 chars and shows short arXiv ids beside them', () => {
    const long = makePaper({ id: '2310.06825', arxivId: '2310.06825', title: `${'Very long title words '.repeat(8)}end` });
    const fixture = testContext({ corpus: fixtureCorpus([long, makePaper({ id: 'other-paper' })]) });
    const [choice] = paperCommand.autocomplete!(fixture, autocompleteRequest('paper', 'very'));
    expect(choice?.value).toBe('2310.06825');
    expect(choice?.name.length).toBeLessThanOrEqual(100);
    expect(choice?.name).toMatch(/… · 2310\.06825$/);
  });
});
