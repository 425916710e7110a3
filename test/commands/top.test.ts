// /top, the ▲ button and Cite through the same dispatch the bot and the console use, with a real state
// database. The ▲ press rewrites only the counts on the message it was pressed on.
import { beforeEach, describe, expect, it } from 'vitest';
import type { MessageSnapshot } from '../../src/command.js';
import type { Context } from '../../src/context.js';
import { runCommand, runComponent } from '../../src/dispatch.js';
import { isEphemeral, type Reply, type ReplyPayload } from '../../src/reply.js';
import { createVoteService } from '../../src/votes/service.js';
import { commandRequest, fixtureCorpus, makePaper, testContext, USER } from '../support/context.js';
import { useTempDatabase } from '../daily/helpers.js';
import { actionButtons, button, description, expectFriendlyError, footer, openMenu, registry } from './helpers.js';

const NOW = new Date('2026-03-20T12:00:00Z');
const corpus = fixtureCorpus([
  makePaper({ id: '2603.00001', arxivId: '2603.00001', title: 'Fresh Optimizer', listedAt: '2026-03-18', upvotes: 40, authors: ['Ada Lovelace'] }),
  makePaper({ id: '2603.00002', arxivId: '2603.00002', title: 'Popular Scaling Law', listedAt: '2026-03-17', upvotes: 90, topics: ['scaling'] }),
  makePaper({ id: '2501.00003', arxivId: '2501.00003', title: 'Old Classic', listedAt: '2025-01-10', upvotes: 900 }),
]);

const database = useTempDatabase();
let ctx: Context;
beforeEach(() => {
  ctx = { ...testContext({ corpus, now: NOW }), votes: createVoteService(database(), () => NOW) };
});

const who = (id: string) => ({ ...USER, user: { id, name: `user ${id}` } });
const top = (options: Record<string, string | boolean> = {}, invocation = USER) => runCommand(ctx, registry, 'top', commandRequest(options, invocation));
const snapshot = (p: ReplyPayload, id = 'm1'): MessageSnapshot => ({ id, ...(p.content ? { content: p.content } : {}), embeds: p.embeds ?? [], components: p.components ?? [] });
const press = (customId: string, message: ReplyPayload | undefined, invocation = USER) => runComponent(ctx, registry, customId, [], invocation, message && snapshot(message));

/** A public /paper card posted in the server, as members would see it. */
async function publicCard(paper: string): Promise<ReplyPayload> {
  const reply = await runCommand(ctx, registry, 'paper', commandRequest({ paper, public: true }));
  return reply.payload;
}

describe('the ▲ button', () => {
  it('is on public cards in a server with the server\'s count, and absent in DMs and on private cards', async () => {
    const card = await publicCard('2603.00001');
    expect(isEphemeral(card)).toBe(false);
    expect(actionButtons(card).map((b) => b.label)).toEqual(['Cite', '▲ 0']);
    const dm = await runCommand(ctx, registry, 'paper', commandRequest({ paper: '2603.00001', public: true }, { ...USER, guildId: null }));
    expect(actionButtons(dm.payload).map((b) => b.label)).toEqual(['Cite']);
    const priv = await runCommand(ctx, registry, 'paper', commandRequest({ paper: '2603.00001' }));
    expect(actionButtons(priv.payload).map((b) => b.label)).toEqual(['Share', 'Cite']);
  });

  it('counts a press in place, keeps the rest of the message, and a second press by the same member takes it back', async () => {
    const card = { ...(await publicCard('2603.00001')), content: 'Shared by (Ada)' };
    const vote = button(card, '▲ 0').custom_id;
    const first = await press(vote, card, who('1'));
    expect(first.kind).toBe('update');
    expect(first.payload.content).toBe('Shared by (Ada)');
    expect(first.payload.embeds).toEqual(card.embeds);
    expect(actionButtons(first.payload).map((b) => b.label)).toEqual(['Cite', '▲ 1']);
    const second = await press(vote, first.payload, who('2'));
    expect(button(second.payload, /▲/).label).toBe('▲ 2');
    const undo = await press(vote, second.payload, who('1'));
    expect(button(undo.payload, /▲/).label).toBe('▲ 1');
    expect(ctx.votes!.tally(USER.guildId!, corpus)).toEqual(new Map([['2603.00001', 1]]));
  });

  it('shows the count the message\'s paper has now, even if the message showed an old one', async () => {
    const card = await publicCard('2603.00001');
    for (const id of ['1', '2', '3']) ctx.votes!.toggle(USER.guildId!, id, corpus.byId.get('2603.00001')!, corpus);
    const reply = await press(button(card, '▲ 0').custom_id, card, who('4'));
    expect(button(reply.payload, /▲/).label).toBe('▲ 4');
  });

  it('answers a DM, a missing message, a vanished paper and a bot without a state store with a friendly error', async () => {
    const card = await publicCard('2603.00001');
    const vote = button(card, '▲ 0').custom_id;
    expectFriendlyError(await press(vote, card, { ...USER, guildId: null }), /per server/);
    expectFriendlyError(await press(vote, undefined), /only be pressed on its message/);
    expectFriendlyError(await press('1|v|no-such-paper', card), /no longer in the corpus/);
    delete ctx.votes;
    expectFriendlyError(await press(vote, card), /state database/);
  });
});

describe('/top', () => {
  it("ranks the week's papers by this server's votes, then HF upvotes, with a menu to open them", async () => {
    ctx.votes!.toggle(USER.guildId!, '1', corpus.byId.get('2603.00001')!, corpus);
    const reply: Reply = await top();
    expect(isEphemeral(reply.payload)).toBe(true);
    expect(reply.payload.embeds![0]!.title).toBe('▲ Top papers · the last 7 days');
    const lines = description(reply.payload).split('\n');
    expect(lines[0]).toMatch(/^\*\*1\.\*\* \[Fresh Optimizer\].* · ▲ 1 here · 40 on HF · 18 Mar 2026$/);
    expect(lines[1]).toMatch(/^\*\*2\.\*\* \[Popular Scaling Law\].* · ▲ 0 here · 90 on HF/);
    expect(lines).toHaveLength(2);
    expect(footer(reply.payload)).toMatch(/this server's votes, then Hugging Face upvotes/);
    expect(openMenu(reply.payload).options.map((o) => o.value)).toEqual(['2603.00001', '2603.00002']);
  });

  it('takes a period and a topic, and can post publicly', async () => {
    const all = await top({ period: 'all', public: true });
    expect(isEphemeral(all.payload)).toBe(false);
    expect(description(all.payload)).toMatch(/^\*\*1\.\*\* \[Old Classic\]/);
    const scaling = await top({ period: 'month', topic: 'scaling' });
    expect(scaling.payload.embeds![0]!.title).toBe('▲ Top papers · the last 30 days · Scaling');
    expect(description(scaling.payload).split('\n').filter((l) => l.startsWith('**'))).toEqual([expect.stringMatching(/Popular Scaling Law/)]);
  });

  it('says HF upvotes decide when nobody here voted, and in a DM ranks by HF upvotes alone', async () => {
    expect(description((await top()).payload)).toMatch(/No votes here yet/);
    const dm = await top({}, { ...USER, guildId: null });
    expect(description(dm.payload)).not.toMatch(/▲/);
    expect(footer(dm.payload)).toMatch(/per server/);
  });

  it('suggests a longer period when the week is empty, and names a bad option', async () => {
    ctx = { ...ctx, now: () => new Date('2027-01-01T00:00:00Z') };
    expect(description((await top()).payload)).toMatch(/No papers were listed in the last 7 days\. Try `period:month` or `period:all`\./);
    expectFriendlyError(await top({ period: 'year' }), /period.*week, month or all/);
    expectFriendlyError(await top({ topic: 'no such topic at all' }), /topic/);
  });
});

describe('the Cite button', () => {
  it('is on every card and answers privately with the BibTeX entry', async () => {
    const card = await publicCard('2603.00001');
    const reply = await press(button(card, 'Cite').custom_id, card);
    expect(reply.kind).toBe('message');
    expect(isEphemeral(reply.payload)).toBe(true);
    expect(reply.payload.content).toMatch(/^```bibtex\n@misc\{lovelace2026fresh,\n[\s\S]*eprint = \{2603\.00001\}[\s\S]*\n```$/);
  });
});
