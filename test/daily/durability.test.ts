// At most once per server per day, at least once if the bot was down: crashes, restarts, overlaps and
// Discord failures, all against a real database file that survives the simulated process.
import { describe, expect, it } from 'vitest';
import { paperCard } from '../../src/cards/paper-card.js';
import type { Paper } from '../../src/corpus/schema.js';
import { PostError } from '../../src/daily/post.js';
import { CHANNEL, Clock, corpus, FakeChannels, GUILD, useHarnesses, type Harness } from './helpers.js';

const processes = useHarnesses();
const boot = (clock: Clock, discord = new FakeChannels()): Harness => processes.boot({ clock, discord });
/** The process dies: no cleanup runs (not even stop()), the database file stays as it is. */
const crash = (h: Harness): void => processes.crash(h);

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setImmediate(r));
  if (!check()) throw new Error('condition never became true');
}

/** A running bot, configured the day before for 09:00 Berlin (08:00 UTC in November). */
async function configured(clock: Clock, discord?: FakeChannels): Promise<Harness> {
  clock.set('2026-11-21T12:00:00Z');
  const h = boot(clock, discord);
  await h.service.start();
  await h.service.configure(GUILD, { channelId: CHANNEL, timezone: 'Europe/Berlin' });
  return h;
}

describe('catching up after downtime', () => {
  it('posts once at start-up when the bot was down at the scheduled time, and not again on the next restart', async () => {
    const clock = new Clock(new Date());
    const a = await configured(clock);
    crash(a);
    clock.set('2026-11-22T09:30:00Z'); // 10:30 Berlin: 09:00 was missed
    const b = boot(clock, a.discord);
    await b.service.start();
    expect(b.discord.messages).toHaveLength(3);
    expect(b.discord.messages[0]?.body.content).toBe('📰 Daily picks: Sunday 22 Nov');
    crash(b);
    clock.set('2026-11-22T10:30:00Z');
    await boot(clock, a.discord).service.start();
    expect(a.discord.messages).toHaveLength(3);
  });

  it('waits for the scheduled time when started before it', async () => {
    const clock = new Clock(new Date());
    const a = await configured(clock);
    crash(a);
    clock.set('2026-11-22T07:30:00Z'); // 08:30 Berlin
    const b = boot(clock, a.discord);
    await b.service.start();
    expect(b.discord.messages).toHaveLength(0);
    clock.set('2026-11-22T08:00:00Z'); // the cron tick
    await b.scheduler.jobs.get(GUILD)?.run();
    expect(b.discord.messages).toHaveLength(3);
  });

  it('never posts for a day that has already passed', async () => {
    const clock = new Clock(new Date());
    const a = await configured(clock);
    crash(a); // down through all of the 22nd
    clock.set('2026-11-23T06:00:00Z'); // 07:00 Berlin on the 23rd
    const b = boot(clock, a.discord);
    await b.service.start();
    expect(b.discord.messages).toHaveLength(0);
    expect(b.service.status(GUILD)?.lastPost).toBeNull();
  });

  it('does not treat a schedule set after today’s time as missed', async () => {
    const clock = new Clock(new Date('2026-11-22T10:00:00Z'));
    const a = boot(clock);
    await a.service.configure(GUILD, { channelId: CHANNEL, timezone: 'Europe/Berlin' });
    crash(a);
    clock.set('2026-11-22T11:00:00Z');
    await boot(clock, a.discord).service.start();
    expect(a.discord.messages).toHaveLength(0);
  });
});

describe('crashes and overlaps', () => {
  it('sends nothing twice when the process dies between Discord accepting a message and recording it', async () => {
    const clock = new Clock(new Date());
    const discord = new FakeChannels();
    const a = await configured(clock, discord);
    clock.set('2026-11-22T08:00:00Z');
    discord.afterCreate = async () => {
      if (discord.messages.length === 2) await new Promise(() => undefined); // hangs forever: the process is gone
    };
    void a.service.runDue(GUILD);
    await until(() => discord.messages.length === 2);
    crash(a);
    discord.afterCreate = null;

    clock.set('2026-11-22T08:05:00Z');
    const b = boot(clock, discord);
    await b.service.start(); // reconciles the unfinished post
    expect(discord.messages).toHaveLength(3);
    const nonces = discord.calls.map((c) => c.nonce);
    expect(nonces.filter((n) => n === discord.messages[1]?.body.nonce)).toHaveLength(2); // re-sent with the same nonce
    expect(b.service.status(GUILD)?.lastPost).toMatchObject({ localDate: '2026-11-22', messageIds: ['1000', '1001', '1002'] });
    expect(await b.service.postNow(GUILD)).toMatchObject({ kind: 'already-posted' });
    expect(discord.messages).toHaveLength(3);
  });

  it('keeps a post interrupted by an unexpected error resumable with the same nonces', async () => {
    const clock = new Clock(new Date());
    const discord = new FakeChannels();
    const a = await configured(clock, discord);
    clock.set('2026-11-22T08:00:00Z');
    discord.afterCreate = async () => {
      if (discord.messages.length === 1) throw new Error('connection dropped after the request was written');
    };
    await expect(a.service.postNow(GUILD)).rejects.toThrow(/connection dropped/);
    discord.afterCreate = null;
    expect(await a.service.postNow(GUILD)).toMatchObject({ kind: 'posted', resumed: true });
    expect(discord.messages).toHaveLength(3);
  });

  it('leaves the day retryable when something throws after the claim but before sending (a card that fails to render)', async () => {
    const clock = new Clock(new Date('2026-11-21T12:00:00Z'));
    const c = corpus();
    let failures = 1;
    const card = (p: Paper) => {
      if (failures-- > 0) throw new Error('card exploded');
      return paperCard(p, c);
    };
    const h = processes.boot({ clock, corpus: c, card });
    await h.service.start();
    await h.service.configure(GUILD, { channelId: CHANNEL, timezone: 'Europe/Berlin' });
    clock.set('2026-11-22T08:00:00Z');
    await expect(h.service.runDue(GUILD)).rejects.toThrow(/card exploded/); // the cron tick
    expect(h.discord.calls).toHaveLength(0);
    // Not "being posted right now" until a restart: the next ask posts the day's picks, once.
    expect(await h.service.postNow(GUILD)).toMatchObject({ kind: 'posted', localDate: '2026-11-22', messageIds: ['1000', '1001', '1002'] });
    expect(await h.service.runDue(GUILD)).toBeNull();
    expect(h.discord.messages).toHaveLength(3);
  });

  it('abandons an unfinished post from an earlier day instead of posting stale picks', async () => {
    const clock = new Clock(new Date());
    const discord = new FakeChannels();
    const a = await configured(clock, discord);
    clock.set('2026-11-22T08:00:00Z');
    discord.afterCreate = async () => new Promise(() => undefined);
    void a.service.runDue(GUILD);
    await until(() => discord.messages.length === 1);
    crash(a);
    discord.afterCreate = null;
    clock.set('2026-11-23T06:00:00Z'); // next day, before 09:00 Berlin
    const b = boot(clock, discord);
    await b.service.start();
    expect(discord.messages).toHaveLength(1);
    expect(b.service.status(GUILD)?.today).toBeNull();
  });

  it('posts once when the cron tick and /daily now arrive together', async () => {
    const clock = new Clock(new Date());
    const a = await configured(clock);
    clock.set('2026-11-22T08:00:00Z');
    const outcomes = await Promise.all([a.service.runDue(GUILD), a.service.postNow(GUILD), a.service.postNow(GUILD)]);
    expect(outcomes.map((o) => o?.kind).sort()).toEqual(['in-progress', 'in-progress', 'posted']);
    expect(a.discord.messages).toHaveLength(3);
  });

  it('posts once even when two processes share the database (the claim, then the nonce)', async () => {
    const clock = new Clock(new Date());
    const discord = new FakeChannels();
    const a = await configured(clock, discord);
    const b = boot(clock, discord);
    await b.service.start();
    clock.set('2026-11-22T08:00:00Z');
    await Promise.all([a.service.runDue(GUILD), b.service.runDue(GUILD)]);
    expect(discord.messages).toHaveLength(3);
  });
});

describe('when Discord says no', () => {
  it('disables a server whose channel was deleted, with the reason in status', async () => {
    const clock = new Clock(new Date());
    const discord = new FakeChannels();
    const a = await configured(clock, discord);
    discord.channels.delete(CHANNEL);
    clock.set('2026-11-22T08:00:00Z');
    expect(await a.service.runDue(GUILD)).toMatchObject({ kind: 'failed', disabled: true });
    const st = a.service.status(GUILD);
    expect(st?.settings).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/no longer exists/) });
    expect(st?.today).toMatchObject({ state: 'failed' });
    expect(a.scheduler.has(GUILD)).toBe(false);
    clock.set('2026-11-23T08:00:00Z');
    expect(await a.service.runDue(GUILD)).toBeNull();
  });

  it('disables a server where the bot lost its permission, until an admin sets it again', async () => {
    const clock = new Clock(new Date());
    const discord = new FakeChannels();
    const a = await configured(clock, discord);
    discord.failNext = [new PostError('no-permission', 'Paperboy cannot post in <#2>: it needs Send Messages.')];
    clock.set('2026-11-22T08:00:00Z');
    await a.service.runDue(GUILD);
    expect(a.service.status(GUILD)?.settings.disabledReason).toMatch(/cannot post/);
    await a.service.configure(GUILD, { channelId: CHANNEL });
    expect(a.scheduler.has(GUILD)).toBe(true);
    expect(await a.service.postNow(GUILD)).toMatchObject({ kind: 'posted' });
    expect(discord.messages).toHaveLength(3);
  });

  it('retries 5xx with backoff and then posts', async () => {
    const clock = new Clock(new Date());
    const discord = new FakeChannels();
    const a = await configured(clock, discord);
    discord.failNext = [new PostError('retryable', 'Discord returned 502 after retries'), new PostError('retryable', 'Discord returned 503 after retries')];
    clock.set('2026-11-22T08:00:00Z');
    expect(await a.service.runDue(GUILD)).toMatchObject({ kind: 'posted' });
    expect(a.sleeps).toEqual([10_000, 20_000]);
    expect(discord.messages).toHaveLength(3);
  });

  it('keeps the schedule after a long outage and lets the same day be retried', async () => {
    const clock = new Clock(new Date());
    const discord = new FakeChannels();
    const a = await configured(clock, discord);
    discord.failNext = Array.from({ length: 5 }, () => new PostError('retryable', 'Discord returned 503 after retries'));
    clock.set('2026-11-22T08:00:00Z');
    expect(await a.service.runDue(GUILD)).toMatchObject({ kind: 'failed', disabled: false });
    expect(a.service.status(GUILD)).toMatchObject({ settings: { enabled: true }, today: { state: 'failed' } });
    expect(await a.service.postNow(GUILD)).toMatchObject({ kind: 'posted' });
    expect(discord.messages).toHaveLength(3);
  });
});
