// Votes and Cite end to end: the real bot and discord.js against the fake Discord. Many members press ▲
// on one shared card at the same moment; every press is answered once, lands once in the database, and
// the card ends showing the true count. Cite answers privately with BibTeX that a real parser accepts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@retorquere/bibtex-parser';
import Database from 'better-sqlite3';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/corpus-view.js';
import type { ReplyPayload } from '../../src/reply.js';
import { CORPUS_DIR } from '../support/context.js';
import type { InteractionHandle } from '../support/fake-discord.js';
import { DeferredMessageUpdate, EPHEMERAL, UpdateMessage, customIds, finalReply, messageData, startHarness, type Harness } from './bot-harness.js';

const FIXTURE = new URL('../fixtures/hf-daily-sample.json', import.meta.url).pathname;
const SPAM = '2501.06842';
const VOTERS = 30;

let h: Harness;
let dataDir: string;

beforeAll(async () => {
  // The HF sample gives the SPAM paper its arXiv id and authors, as a synced corpus would have.
  dataDir = mkdtempSync(join(tmpdir(), 'paperboy-votes-'));
  const store = openStore({ dataDir, corpusDir: CORPUS_DIR }, () => undefined);
  store.importFile(FIXTURE);
  store.close();
  h = await startHarness({ dataDir });
}, 120_000);

afterAll(async () => {
  await h?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const voter = (i: number) => `4000000000000000${String(i).padStart(2, '0')}`;

/** Votes as stored, read from the bot's own state file (WAL: reading beside the running bot is safe). */
function storedVotes(): { paper_id: string; user_id: string }[] {
  const db = new Database(join(dataDir, 'paperboy.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT paper_id, user_id FROM votes ORDER BY user_id').all() as { paper_id: string; user_id: string }[];
  } finally {
    db.close();
  }
}

function voteLabel(message: { components?: unknown[] } | undefined): string | undefined {
  const buttons = ((message?.components ?? []) as { components: { label?: string; custom_id?: string }[] }[]).flatMap((r) => r.components);
  return buttons.find((b) => b.custom_id?.startsWith('1|v|'))?.label;
}

/** Every press answered exactly once, by updating the card (deferred first if the machine is slow). */
async function answeredOnceByUpdate(presses: InteractionHandle[]): Promise<void> {
  const callbacks = await Promise.all(presses.map((p) => p.callback(30_000)));
  expect(callbacks.every((c) => c.type === UpdateMessage || c.type === DeferredMessageUpdate)).toBe(true);
  expect(presses.every((p) => p.events.filter((e) => e.kind === 'callback').length === 1)).toBe(true);
  // Wait for every press's settle step (a correction edit, when one is needed) to finish.
  const votes = h.app.app.ctx.votes!;
  const deadline = Date.now() + 30_000;
  while (votes.settles.unsettled > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(votes.settles.unsettled).toBe(0);
  expect(votes.settles.active).toBe(0);
}

describe('voting on a shared card', () => {
  let card: InteractionHandle;
  let voteId: string;

  it('a shared card carries Cite and ▲ with the server\'s count', async () => {
    const paper = h.fake.interact.command({ name: 'paper', options: { paper: SPAM } });
    const share = h.fake.interact.button({ customId: customIds(messageData((await finalReply(paper)).payload)).Share!, message: paper.original()! });
    const shared = messageData((await finalReply(share)).payload);
    expect(shared.flags ?? 0).toBe(0);
    const ids = customIds(shared);
    expect(ids.Cite).toBe(`1|c|${SPAM}`);
    expect(ids['▲ 0']).toBe(`1|v|${SPAM}`);
    voteId = ids['▲ 0']!;
    card = share;
  });

  it(`${VOTERS} members pressing ▲ at once each count exactly once, and the card shows ${VOTERS}`, async () => {
    const message = card.original()!;
    const presses = Array.from({ length: VOTERS }, (_, i) => h.fake.interact.button({ customId: voteId, message, user: { id: voter(i), username: `voter${i}` } }));
    await answeredOnceByUpdate(presses);
    const rows = storedVotes();
    expect(rows).toHaveLength(VOTERS);
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(VOTERS);
    expect(rows.every((r) => r.paper_id === SPAM)).toBe(true);
    // The card's text is untouched ("Shared by …", the embed); only the count moved.
    const now = card.original()!;
    expect(voteLabel(now)).toBe(`▲ ${VOTERS}`);
    expect(now.content).toBe(message.content);
    expect(now.embeds).toEqual(message.embeds);
  }, 90_000);

  it('a second press removes that member\'s vote: half of them pressing again leaves half', async () => {
    const message = card.original()!;
    const half = VOTERS / 2;
    const presses = Array.from({ length: half }, (_, i) => h.fake.interact.button({ customId: voteId, message, user: { id: voter(i) } }));
    await answeredOnceByUpdate(presses);
    expect(storedVotes()).toHaveLength(VOTERS - half);
    expect(voteLabel(card.original())).toBe(`▲ ${VOTERS - half}`);
  }, 90_000);

  it('an update that Discord applies late (retried after a 429) is corrected: the card still ends on the true count', async () => {
    const message = card.original()!;
    const before = VOTERS / 2;
    // The first press's answer (carrying the count it read: one more than before) is rate-limited once
    // and resent 2 s later; the other presses are answered meanwhile, so the stale update lands last.
    // Without the settle step the card would end on the count that first press read.
    const first = h.fake.interact.button({ customId: voteId, message, user: { id: voter(50) } });
    const limited = h.fake.failNext({ method: 'POST', path: `/interactions/${first.id}/`, status: 429, retryAfter: 2 });
    const deadline = Date.now() + 30_000;
    while (limited.hits === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(limited.hits).toBe(1); // its vote is in; its answer waits
    const rest = Array.from({ length: 9 }, (_, i) => h.fake.interact.button({ customId: voteId, message, user: { id: voter(51 + i) } }));
    await Promise.all(rest.map((p) => p.callback(30_000)));
    expect(first.response, 'the late update must still be waiting for this test to mean anything').toBeUndefined();
    await answeredOnceByUpdate([first, ...rest]);
    expect(storedVotes()).toHaveLength(before + 10);
    expect(voteLabel(card.original())).toBe(`▲ ${before + 10}`);
    // The late update showed ▲ before+1 over the others' counts, so the correction edit was needed and made.
    expect(first.events.map((e) => e.kind)).toEqual(['callback', 'original.edit']);
  }, 90_000);

  it('/top ranks the voted paper first with its votes', async () => {
    const top = h.fake.interact.command({ name: 'top', options: { period: 'all' } });
    const list = messageData((await finalReply(top)).payload);
    expect(list.flags! & EPHEMERAL).toBe(EPHEMERAL);
    expect(list.embeds![0]!.description).toMatch(new RegExp(`^\\*\\*1\\.\\*\\* \\[SPAM: Spike-Aware Adam[^\\n]*▲ ${VOTERS / 2 + 10} here`));
  });

  it('a vote pressed in a DM is refused politely: votes are per server', async () => {
    const press = h.fake.interact.button({ customId: voteId, dm: true });
    const reply = messageData((await finalReply(press)).payload);
    expect(reply.flags! & EPHEMERAL).toBe(EPHEMERAL);
    expect(reply.content).toMatch(/per server/);
  });
});

describe('voting on a daily pick', () => {
  it('▲ on a posted pick (a message the bot sent itself) counts in place and keeps the post\'s header', async () => {
    const admin = { permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages };
    const channel = h.fake.channelId();
    await h.fake.interact.command({ name: 'daily', subcommand: 'set', options: { channel, count: 2 }, member: admin }).waitForEvent('original.edit');
    await h.fake.interact.command({ name: 'daily', subcommand: 'now', member: admin }).waitForEvent('original.edit');
    const [first] = h.fake.messages(channel).filter((m) => /Daily picks/.test(m.content));
    expect(first).toBeDefined();
    const vote = customIds(first as unknown as ReplyPayload);
    const voteId = Object.entries(vote).find(([label]) => label.startsWith('▲'))![1];
    const before = Number(voteLabel(first)!.slice(2));
    const presses = [1, 2, 3].map((n) => h.fake.interact.button({ customId: voteId, message: first!.id, user: { id: voter(80 + n) } }));
    await answeredOnceByUpdate(presses);
    const after = h.fake.messages(channel).find((m) => m.id === first!.id)!;
    expect(voteLabel(after)).toBe(`▲ ${before + 3}`);
    expect(after.content).toBe(first!.content);
    expect(after.embeds).toEqual(first!.embeds);
  }, 90_000);
});

describe('Cite', () => {
  it('answers privately with a BibTeX entry that parses, for the card\'s paper', async () => {
    const paper = h.fake.interact.command({ name: 'paper', options: { paper: SPAM } });
    const cite = h.fake.interact.button({ customId: customIds(messageData((await finalReply(paper)).payload)).Cite!, message: paper.original()! });
    const reply = await finalReply(cite);
    expect(reply.kind).toBe('message');
    const data: ReplyPayload = messageData(reply.payload);
    expect(data.flags! & EPHEMERAL).toBe(EPHEMERAL);
    const entry = /^```bibtex\n([\s\S]+)\n```$/.exec(data.content ?? '')?.[1];
    expect(entry, data.content).toBeDefined();
    const lib = parse(entry!, { sentenceCase: false, english: false });
    expect(lib.errors).toEqual([]);
    expect(lib.entries).toHaveLength(1);
    const e = lib.entries[0]!;
    expect(e.type).toBe('misc');
    expect(e.fields).toMatchObject({ eprint: SPAM, archiveprefix: 'arXiv', url: `https://arxiv.org/abs/${SPAM}`, year: '2025' });
    expect(e.fields.title).toBe('SPAM: Spike-Aware Adam with Momentum Reset for Stable LLM Training');
    expect(e.fields.author?.length).toBeGreaterThan(1);
  });
});
