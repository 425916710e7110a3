// /watch as members and admins use it: who may add and remove what, what list shows (including why a
// watch is off), autocomplete on remove, and the "and k more" list behind a delivery.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Invocation } from '../../src/command.js';
import type { Context } from '../../src/context.js';
import { encodeCustomId } from '../../src/custom-id.js';
import { runAutocomplete, runCommand, runComponent } from '../../src/dispatch.js';
import { isEphemeral } from '../../src/reply.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { testContext } from '../support/context.js';
import { expectFriendlyError, registry } from '../commands/helpers.js';
import { BASE, CHANNEL, FakeDiscordEdge, FOREIGN_CHANNEL, GUILD, LiveView, OTHER_CHANNEL, OTHER_USER, paper, tempDir, USER_ID, view, watchService } from './helpers.js';
import type { WatchRuntime } from '../../src/watch/service.js';

const MEMBER: Invocation = { user: { id: USER_ID, name: 'Ada' }, guildId: GUILD, channelId: CHANNEL, permissions: PermissionFlagsBits.SendMessages };
const ADMIN: Invocation = { ...MEMBER, user: { id: OTHER_USER, name: 'Admin' }, permissions: PermissionFlagsBits.ManageGuild };
const IN_DM: Invocation = { ...MEMBER, guildId: null, permissions: null };

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let live: LiveView;
let watches: WatchRuntime;
let ctx: Context;

beforeEach(() => {
  tmp = tempDir();
  db = openDatabase(join(tmp.dir, 'state.sqlite'));
  live = new LiveView(view(BASE, 1));
  watches = watchService(db, live);
  const base = testContext({ corpus: live.current.corpus });
  ctx = { ...base, corpus: live.current.corpus, search: live.current.search, watches };
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

const run = (who: Invocation, subcommand: string, options: Record<string, string | boolean> = {}) => runCommand(ctx, registry, 'watch', { ...who, subcommand, options });
const text = async (p: ReturnType<typeof run>) => (await p).payload.content ?? '';

describe('/watch add', () => {
  it('a channel watch needs Manage Server; anyone may watch for themselves by DM', async () => {
    expectFriendlyError(await run(MEMBER, 'add', { query: 'diffusion sampling' }), /Manage Server.*dm:true/);
    const mine = await run(MEMBER, 'add', { query: 'diffusion sampling', dm: true });
    expect(isEphemeral(mine.payload)).toBe(true);
    expect(mine.payload.content).toMatch(/Watching “diffusion sampling” for you \(watch #1\).*direct message/);
    expect(await text(run(ADMIN, 'add', { query: 'image segmentation', channel: OTHER_CHANNEL }))).toMatch(/in <#333333333333333333> \(watch #2\)/);
    expect(await text(run(ADMIN, 'add', { query: 'vision transformer' }))).toMatch(/in <#222222222222222222>/); // default: this channel
  });

  it('in bot mode, refuses a channel the bot cannot see or that belongs to another server', async () => {
    const discord = new FakeDiscordEdge();
    discord.hidden.add(OTHER_CHANNEL);
    await watches.start(discord);
    expectFriendlyError(await run(ADMIN, 'add', { query: 'diffusion', channel: OTHER_CHANNEL }), /can’t see that channel: give me View Channel, Send Messages and Embed Links/);
    expectFriendlyError(await run(ADMIN, 'add', { query: 'diffusion', channel: FOREIGN_CHANNEL }), /not in this server/);
    expect(await text(run(ADMIN, 'add', { query: 'diffusion', channel: CHANNEL }))).toMatch(/^✅ Watching “diffusion” in <#222222222222222222> \(watch #1\)\. New papers that match are posted after each sync/);
  });

  it('refuses what /search refuses, and says why', async () => {
    expectFriendlyError(await run(ADMIN, 'add', { query: 'the of and' }), /too common/);
    expectFriendlyError(await run(ADMIN, 'add', { query: 'topic:nonexistent' }), /topic/);
    expectFriendlyError(await run(ADMIN, 'add', { query: 'year:20x5' }), /Query/);
    expectFriendlyError(await run(IN_DM, 'add', { query: 'diffusion' }), /dm:true/);
    expectFriendlyError(await run(ADMIN, 'add', { query: 'diffusion', dm: true, channel: OTHER_CHANNEL }), /either/);
  });

  it('never pings, even when the query is a mention', async () => {
    const reply = await run(MEMBER, 'add', { query: '@everyone diffusion', dm: true });
    expect(reply.payload.allowed_mentions).toEqual({ parse: [] });
    expect(reply.payload.content).not.toContain('@everyone');
  });
});

describe('/watch list and remove', () => {
  it('lists the server’s watches and the person’s own DM watches, with the reason a watch is off', async () => {
    await run(ADMIN, 'add', { query: 'diffusion sampling' });
    await run(MEMBER, 'add', { query: 'image segmentation', dm: true });
    await run(ADMIN, 'add', { query: 'admin’s own', dm: true });
    const discord = new FakeDiscordEdge();
    discord.hidden.add(CHANNEL);
    await watches.start(discord);
    live.moveTo([...BASE, paper('2412.1', { title: 'Diffusion sampling in one step', topics: ['diffusion'] })], 2);
    ctx = { ...ctx, corpus: live.current.corpus, search: live.current.search };
    await watches.onRevision();
    const shown = await text(run(MEMBER, 'list'));
    expect(shown).toMatch(/\*\*#1\*\* “diffusion sampling” in <#222222222222222222> · \*\*off\*\*: Paperboy cannot post in <#222222222222222222>/);
    expect(shown).toMatch(/\*\*#2\*\* “image segmentation” by DM · nothing sent yet/);
    expect(shown).not.toContain('admin’s own');
    expect(shown).toMatch(/1\/25 channel watches in this server, 1\/10 DM watches of yours/);
  });

  it('removes only what the person may: their own DM watches, and channel watches with Manage Server', async () => {
    await run(ADMIN, 'add', { query: 'diffusion sampling' });
    await run(ADMIN, 'add', { query: 'admin’s own', dm: true });
    expectFriendlyError(await run(MEMBER, 'remove', { watch: '1' }), /Manage Server/);
    expectFriendlyError(await run(MEMBER, 'remove', { watch: '2' }), /no watch #2/);
    expectFriendlyError(await run(MEMBER, 'remove', { watch: 'abc' }), /suggested watches/);
    expect(await text(run(ADMIN, 'remove', { watch: '#1' }))).toMatch(/Removed watch #1 “diffusion sampling”/);
    expect(watches.get(1)).toBeNull();
  });

  it('autocompletes remove with the watches the person can remove', async () => {
    await run(ADMIN, 'add', { query: 'diffusion sampling' });
    await run(MEMBER, 'add', { query: 'image segmentation', dm: true });
    const complete = (who: Invocation, typed: string) =>
      runAutocomplete(ctx, registry, 'watch', { ...who, subcommand: 'remove', options: { watch: typed }, focused: { name: 'watch', value: typed } });
    expect(complete(ADMIN, '')).toEqual([{ name: '#1 · diffusion sampling · channel', value: '1' }]);
    expect(complete(MEMBER, '')).toEqual([{ name: '#2 · image segmentation · DM', value: '2' }]);
    expect(complete(MEMBER, 'segm')).toHaveLength(1);
    expect(complete(MEMBER, 'nothing like it')).toEqual([]);
  });
});

describe('"and k more"', () => {
  it('opens the delivery’s whole list privately and pages through it', async () => {
    await run(ADMIN, 'add', { query: 'diffusion' });
    await watches.start(new FakeDiscordEdge());
    const many = Array.from({ length: 12 }, (_, i) => paper(`2412.2${String(i).padStart(3, '0')}`, { title: `Diffusion study ${i}`, topics: ['diffusion'] }));
    live.moveTo([...BASE, ...many], 2);
    ctx = { ...ctx, corpus: live.current.corpus, search: live.current.search };
    await watches.onRevision();
    const opened = await runComponent(ctx, registry, encodeCustomId({ action: 'watch-more', watchId: 1, revision: 2, page: 0 }), [], MEMBER);
    expect(opened.kind).toBe('message');
    expect(isEphemeral(opened.payload)).toBe(true);
    expect(opened.payload.embeds?.[0]?.footer?.text).toBe('Page 1/3 · 12 results');
    const next = await runComponent(ctx, registry, encodeCustomId({ action: 'watch-more', watchId: 1, revision: 2, page: 3 }), [], MEMBER);
    expect(next.kind).toBe('update');
    expect(next.payload.embeds?.[0]?.footer?.text).toBe('Page 3/3 · 12 results');
    watches.remove(1);
    expectFriendlyError(await runComponent(ctx, registry, encodeCustomId({ action: 'watch-more', watchId: 1, revision: 2, page: 0 }), [], MEMBER), /removed/);
  });
});
