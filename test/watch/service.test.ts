// Watches as a person relies on them: new papers only, one message per watch per sync, never the same
// paper twice, crash-safe, only from the shard that owns the server, and switched off (with the reason)
// when the channel cannot be posted to.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { PostError } from '../../src/daily/post.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { payloadLimitViolations } from '../../src/cards/limits.js';
import type { ReplyPayload } from '../../src/reply.js';
import { BASE, CHANNEL, FakeDiscordEdge, GUILD, LiveView, OTHER_USER, paper, tempDir, USER_ID, view, watchService } from './helpers.js';

const NEW_DIFFUSION = [
  paper('2412.00001', { title: 'Consistency distillation for diffusion sampling', abstract: 'Diffusion model sampling in one step.', topics: ['diffusion'] }),
  paper('2412.00002', { title: 'Diffusion sampling with fewer steps', abstract: 'Fewer denoising steps for diffusion sampling.', topics: ['diffusion'], authors: ['Ada Lovelace'] }),
];
const NEW_OTHER = paper('2412.00003', { title: 'Robot grasping from video', abstract: 'A robot learns to grasp objects.', topics: ['vision'] });
const REV2 = [...BASE, ...NEW_DIFFUSION, NEW_OTHER];

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let live: LiveView;
let discord: FakeDiscordEdge;

beforeEach(() => {
  tmp = tempDir();
  db = openDatabase(join(tmp.dir, 'state.sqlite'));
  live = new LiveView(view(BASE, 1));
  discord = new FakeDiscordEdge();
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

const channelWatch = (query: string, channelId = CHANNEL, guildId = GUILD) => ({ kind: 'channel' as const, guildId, channelId, userId: USER_ID, query });
const body = (i: number): ReplyPayload => discord.messages[i]!.body;
const titles = (p: ReplyPayload) => (p.embeds ?? []).map((e) => e.title ?? '');

/** A started service (its first run sets the baseline) with one channel watch. */
async function startedWith(query: string) {
  const s = watchService(db, live);
  await s.start(discord);
  return { s, w: s.add(channelWatch(query)) };
}

/** The sync brings revision 2 (two new diffusion papers and a robotics one) and the live view moves to it. */
async function syncDay(s: { onRevision(): Promise<void> }): Promise<void> {
  live.moveTo(REV2, 2);
  await s.onRevision();
}

describe('delivering new papers', () => {
  it('posts one message per watch per sync with only the new papers that match, and nothing for papers already there', async () => {
    const { s, w } = await startedWith('diffusion sampling');
    await syncDay(s);
    expect(discord.messages).toHaveLength(1);
    const msg = body(0);
    expect(discord.messages[0]!.channelId).toBe(CHANNEL);
    expect(msg.content).toMatch(/Watch “diffusion sampling”: 2 new papers/);
    expect(titles(msg).join('\n')).toContain('Diffusion sampling with fewer steps');
    expect(titles(msg).join('\n')).toContain('Consistency distillation');
    expect(titles(msg).join('\n')).not.toMatch(/Faster diffusion sampling|Robot/);
    expect(msg.allowed_mentions).toEqual({ parse: [] });
    expect(payloadLimitViolations(msg)).toEqual([]);
    expect(discord.calls[0]!.nonce).toMatch(/^w[0-9a-f]{22}0$/);
    expect(s.get(w.id)?.lastSentAt).not.toBeNull();

    await s.onRevision(); // the same revision again: nothing new
    live.moveTo(REV2.map((p) => (p.id === '2412.00001' ? { ...p, upvotes: 99 } : p)), 3); // an upvote refresh edits a known paper
    await s.onRevision();
    expect(discord.messages).toHaveLength(1);
    await s.stop();
  });

  it('a filter-only watch (author:) delivers every new paper by that author', async () => {
    const { s } = await startedWith('author:"Ada Lovelace"');
    await syncDay(s);
    expect(titles(body(0))).toEqual(['Diffusion sampling with fewer steps']);
  });

  it('batches many papers within Discord limits and offers the rest behind "and k more"', async () => {
    const s = watchService(db, live);
    await s.start(discord);
    const w = s.add(channelWatch('diffusion'));
    const many = Array.from({ length: 30 }, (_, i) =>
      paper(`2412.1${String(i).padStart(4, '0')}`, { title: `Diffusion study ${i}`, abstract: `Diffusion ${'detail '.repeat(150)}`, topics: ['diffusion'] }),
    );
    live.moveTo([...BASE, ...many], 2);
    await s.onRevision();
    const msg = body(0);
    expect(payloadLimitViolations(msg)).toEqual([]);
    const shown = msg.embeds!.length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(3);
    const more = msg.components!.flatMap((r) => r.components).find((c) => 'label' in c && /more/.test(c.label ?? ''));
    expect(more && 'label' in more && more.label).toBe(`…and ${30 - shown} more`);
    expect(s.batch(w.id, 2)?.paperIds).toHaveLength(30);
  });

  it('a paper is delivered to a watch at most once, even when a later revision touches it again', async () => {
    const { s } = await startedWith('diffusion sampling');
    await syncDay(s);
    // The store rewrites every paper (a rebuild or retag): all of them are known already.
    live.moveTo(REV2.map((p) => ({ ...p, abstract: `${p.abstract} Revised.` })), 3);
    await s.onRevision();
    expect(discord.messages).toHaveLength(1);
  });

  it('the first detection on a database delivers nothing: watches start from now', async () => {
    live.moveTo(REV2, 2);
    const s = watchService(db, live);
    s.add(channelWatch('diffusion sampling'));
    await s.start(discord);
    expect(discord.messages).toHaveLength(0);
  });
});

describe('across crashes and restarts', () => {
  it('a crash after Discord created the message resends with the same nonce and posts nothing twice', async () => {
    const first = watchService(db, live, { instanceId: 'first' });
    await first.start(discord);
    first.add(channelWatch('diffusion sampling'));
    live.moveTo(REV2, 2);
    // The message exists on Discord's side, but the process dies before it hears back.
    discord.afterCreate = async () => {
      discord.afterCreate = null;
      throw new Error('process killed');
    };
    await first.onRevision();
    expect(discord.messages).toHaveLength(1);

    const second = watchService(db, live, { instanceId: 'second' });
    await second.start(discord);
    expect(discord.messages).toHaveLength(1);
    expect(discord.calls).toHaveLength(2);
    expect(discord.calls[1]!.nonce).toBe(discord.calls[0]!.nonce);
    // And it is done now: a third start sends nothing.
    const third = watchService(db, live, { instanceId: 'third' });
    await third.start(discord);
    expect(discord.calls).toHaveLength(2);
  });

  it('a sync that landed while the bot was down is delivered at the next start', async () => {
    const s = watchService(db, live);
    await s.start(discord);
    s.add(channelWatch('diffusion sampling'));
    await s.stop();
    live.moveTo(REV2, 2); // written to the store; this process never saw the swap
    const next = watchService(db, live);
    await next.start(discord);
    expect(discord.messages).toHaveLength(1);
  });

  it('papers the store wrote past the live view are left for the detection that sees them', async () => {
    const s = watchService(db, live, { changedSince: () => REV2.slice(BASE.length).map((p) => p.id) });
    await s.start(discord);
    s.add(channelWatch('diffusion sampling'));
    live.moveTo([...BASE, NEW_OTHER], 2); // the view is at 2; the store already has revision 3's papers
    await s.onRevision();
    live.moveTo(REV2, 3);
    await s.onRevision();
    expect(discord.messages).toHaveLength(1);
    expect(titles(body(0))).toHaveLength(2);
  });
});

describe('who delivers', () => {
  it('only the process that owns the server posts; DM watches go out from the one that delivers DMs', async () => {
    const other = watchService(db, live, { ownsGuild: () => false, deliversDms: false });
    const owner = watchService(db, live, { ownsGuild: (g) => g === GUILD, deliversDms: true });
    await other.start(discord);
    await owner.start(discord);
    other.add(channelWatch('diffusion sampling'));
    other.add({ kind: 'dm', guildId: GUILD, channelId: null, userId: OTHER_USER, query: 'robot grasping' });
    live.moveTo(REV2, 2);
    await other.onRevision(); // detects and queues for everyone, delivers nothing of its own
    expect(discord.messages).toHaveLength(0);
    await owner.onRevision();
    expect(discord.messages.map((m) => m.channelId).sort()).toEqual([CHANNEL, discord.dms.get(OTHER_USER)].sort());
    const dm = discord.messages.find((m) => m.channelId === discord.dms.get(OTHER_USER))!;
    expect(dm.body.content).toMatch(/^🔔 Your watch “robot grasping”: 1 new paper/);
  });
});

describe('when Discord refuses', () => {
  it('a channel the bot cannot post in switches the watch off with the reason', async () => {
    const { s, w } = await startedWith('diffusion sampling');
    discord.hidden.add(CHANNEL);
    await syncDay(s);
    const after = s.get(w.id)!;
    expect(after.enabled).toBe(false);
    expect(after.disabledReason).toMatch(/cannot post in <#222222222222222222>/);
    // Switched off: later syncs do not try again.
    live.moveTo([...REV2, paper('2412.00009', { title: 'More diffusion sampling', topics: ['diffusion'] })], 3);
    await s.onRevision();
    expect(discord.calls).toHaveLength(1);
  });

  it('a user who refuses DMs gets their watch switched off with a reason that says so', async () => {
    const s = watchService(db, live);
    await s.start(discord);
    discord.refuseDms.add(USER_ID);
    const w = s.add({ kind: 'dm', guildId: null, channelId: null, userId: USER_ID, query: 'diffusion sampling' });
    live.moveTo(REV2, 2);
    await s.onRevision();
    expect(s.get(w.id)?.disabledReason).toMatch(/direct message/);
  });

  it('a delivery postponed by an outage goes out at the next sweep, without waiting for a sync', async () => {
    const s = watchService(db, live, { retryEveryMs: 20 });
    await s.start(discord);
    s.add(channelWatch('diffusion sampling'));
    discord.failNext.push(new PostError('retryable', '503'), new PostError('retryable', '503'));
    live.moveTo(REV2, 2);
    await s.onRevision();
    expect(discord.messages).toHaveLength(0);
    await vi.waitFor(() => expect(discord.messages).toHaveLength(1), { timeout: 5000 });
    await s.stop();
  });

  it('an outage keeps the delivery for the next run, with the same nonce', async () => {
    const { s } = await startedWith('diffusion sampling');
    discord.failNext.push(new PostError('retryable', '503'), new PostError('retryable', '503'));
    await syncDay(s);
    expect(discord.messages).toHaveLength(0);
    await s.onRevision();
    expect(discord.messages).toHaveLength(1);
    expect(new Set(discord.calls.map((c) => c.nonce)).size).toBe(1);
  });
});

describe('adding watches', () => {
  it('refuses duplicates, bad queries and more than the documented limits', () => {
    const s = watchService(db, live);
    s.add(channelWatch('diffusion sampling'));
    expect(() => s.add(channelWatch('Diffusion Sampling'))).toThrow(/already watched/);
    expect(() => s.add(channelWatch('topic:nonexistent'))).toThrow(/topic/);
    expect(() => s.add(channelWatch('x'.repeat(101)))).toThrow(/100 characters/);
    for (let i = 1; i < 25; i++) s.add(channelWatch(`query ${i}`));
    expect(() => s.add(channelWatch('one too many'))).toThrow(/25 channel watches/);
    for (let i = 0; i < 10; i++) s.add({ kind: 'dm', guildId: null, channelId: null, userId: USER_ID, query: `mine ${i}` });
    expect(() => s.add({ kind: 'dm', guildId: null, channelId: null, userId: USER_ID, query: 'eleventh' })).toThrow(/10 DM watches/);
    // Someone else's quota is their own.
    expect(s.add({ kind: 'dm', guildId: null, channelId: null, userId: OTHER_USER, query: 'eleventh' }).id).toBeGreaterThan(0);
  });
});

describe('adding a watch', () => {
  it('refuses a request that names no user, with a friendly error, and stores nothing (found by fuzzing)', () => {
    const s = watchService(db, live);
    expect(() => s.add({ ...channelWatch('diffusion'), userId: '' })).toThrow(/names none/);
    expect(s.list({ guildId: GUILD, userId: USER_ID, includeServer: true })).toEqual([]);
  });
});
