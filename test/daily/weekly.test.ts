// The weekly digest's core: which papers make the week's best, how server votes are read, and the
// journal that keeps a run day's digest to one message.
import { afterEach, describe, expect, it } from 'vitest';
import { makeCorpus } from '../../src/corpus/corpus.js';
import { weeklyMessage, weeklyNonce } from '../../src/daily/weekly-message.js';
import { papersOfWeek, rankWeek } from '../../src/daily/weekly-picker.js';
import { createWeeklyService } from '../../src/daily/weekly-service.js';
import { weekBefore, weekChartData } from '../../src/chart/stats.js';
import { createLogger } from '../../src/logger.js';
import { openDatabase } from '../../src/store/db.js';
import { createWeeklyRepo } from '../../src/store/weekly.js';
import { CHANNEL, Clock, FakeChannels, FakeScheduler, GUILD, paper, tempDir } from './helpers.js';

const week = weekBefore('2025-11-26');
const papers = [
  paper('low', { listedAt: '2025-11-20', upvotes: 3 }),
  paper('high', { listedAt: '2025-11-21', upvotes: 90 }),
  paper('code', { listedAt: '2025-11-22', upvotes: 3, codeLinks: [{ url: 'https://github.com/o/r', kind: 'github' }] }),
  paper('old', { listedAt: '2025-11-12', upvotes: 500 }),
  paper('today', { listedAt: '2025-11-26', upvotes: 500 }),
];

describe('the week’s best', () => {
  it('takes papers listed in the 7 days before the run day only', () => {
    expect(papersOfWeek(papers, week).map((p) => p.id).sort()).toEqual(['code', 'high', 'low']);
  });

  it('ranks by the server’s votes, then HF upvotes, then code', () => {
    const inWeek = papersOfWeek(papers, week);
    expect(rankWeek(inWeek, new Map()).map((p) => p.paper.id)).toEqual(['high', 'code', 'low']);
    expect(rankWeek(inWeek, new Map([['low', 2]])).map((p) => [p.paper.id, p.votes])).toEqual([['low', 2], ['high', 0], ['code', 0]]);
  });
});

describe('the digest message', () => {
  const corpus = makeCorpus(papers, [{ slug: 'vision', name: 'Vision', description: '', patterns: ['vision'], exclude: [] }], 'h');
  const chart = weekChartData(corpus, papersOfWeek(papers, week), week);

  it('shows the chart from its attachment and lists the picks with their numbers', () => {
    const m = weeklyMessage({ days: week, picks: rankWeek(papersOfWeek(papers, week), new Map([['low', 1]])), weekTotal: 3, topicName: null, chart, png: new Uint8Array([1]) });
    expect(m.content).toBe('🗞️ Weekly digest: Wednesday 19 Nov – Tuesday 25 Nov · 3 new papers');
    expect(m.embeds?.[0]?.image?.url).toBe('attachment://paperboy-week-2025-11-19.png');
    expect(m.files?.map((f) => f.name)).toEqual(['paperboy-week-2025-11-19.png']);
    expect(m.embeds?.[0]?.description).toMatch(/\*\*1\.\*\* \[Paper low\]\(.*\)\n {2}▲ 3 on HF · 1 vote here/);
    expect(m.allowed_mentions).toEqual({ parse: [] });
  });

  it('says the week was quiet, with no image, when nothing was listed', () => {
    const m = weeklyMessage({ days: week, picks: [], weekTotal: 0, topicName: 'Vision', chart, png: null });
    expect(m.content).toMatch(/· Vision · no new papers$/);
    expect(m.embeds?.[0]?.title).toBe('A quiet week');
    expect(m.files).toBeUndefined();
    expect(m.embeds?.[0]?.image).toBeUndefined();
  });

  it('uses a nonce that fits Discord’s 25 characters with the message index, stable per server, day and channel', () => {
    const n = weeklyNonce('g', '2025-11-26', 'c');
    expect(n).toHaveLength(24);
    expect(weeklyNonce('g', '2025-11-26', 'c')).toBe(n);
    expect(weeklyNonce('g', '2025-11-26', 'other')).not.toBe(n);
    expect(weeklyNonce('g', '2025-11-26', 'c')).not.toBe(weeklyNonce('g', '2025-12-03', 'c'));
  });
});

describe('the weekly journal', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  function open() {
    const t = tempDir();
    const db = openDatabase(`${t.dir}/state.sqlite`);
    cleanup = () => {
      db.close();
      t.cleanup();
    };
    return db;
  }

  it('claims a run day once: a second claim by the same process is busy, by another it resumes with the same picks and nonce', () => {
    const repo = createWeeklyRepo(open());
    const req = { guildId: 'g', localDate: '2025-11-26', channelId: 'c', nonce: 'n1', now: new Date(), paperIds: () => ['a', 'b'] };
    const first = repo.claim({ ...req, owner: 'p1' });
    expect(first).toMatchObject({ kind: 'claimed', resumed: false, post: { paperIds: ['a', 'b'], nonce: 'n1' } });
    expect(repo.claim({ ...req, owner: 'p1' }).kind).toBe('busy');
    const resumed = repo.claim({ ...req, owner: 'p2', nonce: 'other', paperIds: () => ['z'] });
    expect(resumed).toMatchObject({ kind: 'claimed', resumed: true, post: { paperIds: ['a', 'b'], nonce: 'n1' } });
    repo.recordMessage('g', '2025-11-26', 'm1');
    repo.finish('g', '2025-11-26', new Date());
    expect(repo.claim({ ...req, owner: 'p3' })).toMatchObject({ kind: 'sent', post: { messageId: 'm1' } });
  });

  it('a channel the bot cannot post in switches the digest off with the reason in its status', async () => {
    const db = open();
    const clock = new Clock(new Date('2025-11-26T08:00:00Z'));
    const channels = new FakeChannels();
    const scheduler = new FakeScheduler();
    const corpus = makeCorpus(papers, [{ slug: 'vision', name: 'Vision', description: '', patterns: ['vision'], exclude: [] }], 'h');
    const service = createWeeklyService({
      db, corpus, logger: createLogger('silent'), defaults: { time: '09:00', timezone: 'UTC', count: 3 }, now: clock.now, scheduler, sleep: async () => undefined,
    });
    await service.start(channels);
    await service.configure(GUILD, { channelId: CHANNEL, weekday: 3, time: '09:00', timezone: 'UTC' });
    channels.hidden.add(CHANNEL);
    clock.set('2025-11-26T09:00:01Z');
    const outcome = await service.runDue(GUILD);
    expect(outcome).toMatchObject({ kind: 'failed', disabled: true });
    const status = service.status(GUILD)!;
    expect(status.settings.enabled).toBe(false);
    expect(status.settings.disabledReason).toMatch(/cannot post/);
    expect(scheduler.jobs.has(GUILD)).toBe(false);
    await service.stop();
  }, 60_000);

  it('catches up a run missed while the bot was down, but not one older than two days', async () => {
    const db = open();
    const clock = new Clock(new Date('2025-11-25T08:00:00Z'));
    const channels = new FakeChannels();
    const corpus = makeCorpus(papers, [{ slug: 'vision', name: 'Vision', description: '', patterns: ['vision'], exclude: [] }], 'h');
    const make = () =>
      createWeeklyService({ db, corpus, logger: createLogger('silent'), defaults: { time: '09:00', timezone: 'UTC', count: 3 }, now: clock.now, scheduler: new FakeScheduler(), sleep: async () => undefined });
    const a = make();
    await a.start(channels);
    await a.configure(GUILD, { channelId: CHANNEL, weekday: 3, time: '09:00', timezone: 'UTC' });
    await a.stop();

    clock.set('2025-11-27T07:00:00Z'); // down over Wednesday's run; back Thursday morning
    const b = make();
    await b.start(channels);
    expect(channels.messages).toHaveLength(1);
    expect(channels.messages[0]!.body.content).toMatch(/Wednesday 19 Nov – Tuesday 25 Nov/);
    await b.stop();

    clock.set('2025-12-06T09:00:00Z'); // down over the next run (3 Dec) for more than two days
    const c = make();
    await c.start(channels);
    expect(channels.messages).toHaveLength(1);
    await c.stop();
  }, 60_000);
});
