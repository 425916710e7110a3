import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { harness} from './helpers.js';
import { CHANNEL, Clock, GUILD, OTHER_CHANNEL, useHarnesses, type Harness } from './helpers.js';

const processes = useHarnesses();
const boot = (clock: Clock, opts: Parameters<typeof harness>[1] = { clock }): Harness => processes.boot({ ...opts, clock });

const paperIdOf = (footer: string | undefined) => /Paper id: (\S+)/.exec(footer ?? '')?.[1];
const postedIds = (h: Harness) => h.discord.messages.map((m) => paperIdOf(m.body.embeds?.[0]?.footer?.text));

describe('configuring daily picks', () => {
  it('saves the settings, schedules the server and reports the next run in its local time', async () => {
    const h = boot(new Clock(new Date('2026-11-22T06:00:00Z')));
    await h.service.start();
    const st = h.service.configure(GUILD, { channelId: CHANNEL, timezone: 'europe/berlin' });
    expect(st.settings).toMatchObject({ channelId: CHANNEL, time: '09:00', timezone: 'Europe/Berlin', count: 3, topic: null, enabled: true });
    expect(st.nextRunAt).toEqual(new Date('2026-11-22T08:00:00Z'));
    expect(h.scheduler.jobs.get(GUILD)?.s).toMatchObject({ time: '09:00', timezone: 'Europe/Berlin' });
  });

  it('keeps earlier choices for options left out, and "all" topics means the whole corpus', () => {
    const h = boot(new Clock(new Date('2026-11-22T06:00:00Z')));
    h.service.configure(GUILD, { channelId: CHANNEL, time: '7:30', timezone: 'Asia/Tokyo', count: 5, topic: 'Diffusion Models' });
    const st = h.service.configure(GUILD, { channelId: OTHER_CHANNEL });
    expect(st.settings).toMatchObject({ channelId: OTHER_CHANNEL, time: '07:30', timezone: 'Asia/Tokyo', count: 5, topic: 'diffusion' });
    expect(h.service.configure(GUILD, { channelId: CHANNEL, topic: null }).settings.topic).toBeNull();
  });

  it('explains the accepted forms for a bad time, time zone, count or topic', () => {
    const h = boot(new Clock(new Date('2026-11-22T06:00:00Z')));
    const attempt = (input: object) => () => h.service.configure(GUILD, { channelId: CHANNEL, ...input });
    expect(attempt({ time: '9am' })).toThrow(UserError);
    expect(attempt({ time: '25:00' })).toThrow(/24-hour HH:MM, for example 09:00/);
    expect(attempt({ timezone: 'Berlin' })).toThrow(/IANA time zone name such as Europe\/Berlin/);
    expect(attempt({ timezone: '+01:00' })).toThrow(/IANA/);
    expect(attempt({ count: 11 })).toThrow(/1 to 10/);
    expect(attempt({ topic: 'knitting' })).toThrow(/no topic "knitting"/);
    expect(h.service.status(GUILD)).toBeNull();
  });

  it('can be read and changed before the bot connects (console), but schedules and posts nothing', async () => {
    const h = processes.boot({ clock: new Clock(new Date('2026-11-22T06:00:00Z')), poster: undefined });
    h.service.configure(GUILD, { channelId: CHANNEL });
    expect(h.scheduler.has(GUILD)).toBe(false);
    expect(h.service.status(GUILD)?.nextRunAt).toEqual(new Date('2026-11-22T09:00:00Z'));
    await expect(h.service.postNow(GUILD)).rejects.toThrow(/needs the Discord connection/);
    expect(h.service.status(GUILD)?.today).toBeNull();
    await h.service.start(h.discord);
    expect(h.scheduler.has(GUILD)).toBe(true);
  });

  it('turns off and stays off, with the reason in status', async () => {
    const h = boot(new Clock(new Date('2026-11-22T06:00:00Z')));
    await h.service.start();
    expect(h.service.disable(GUILD)).toBe(false);
    h.service.configure(GUILD, { channelId: CHANNEL });
    expect(h.service.disable(GUILD)).toBe(true);
    expect(h.scheduler.has(GUILD)).toBe(false);
    const st = h.service.status(GUILD);
    expect(st?.settings.disabledReason).toMatch(/daily off/);
    expect(st?.nextRunAt).toBeNull();
    await expect(h.service.postNow(GUILD)).rejects.toThrow(/off in this server/);
  });
});

describe('the daily post', () => {
  it('posts a header dated in the server’s timezone, then one /paper card per pick with its link buttons', async () => {
    const clock = new Clock(new Date('2026-11-22T12:00:00Z'));
    const h = boot(clock);
    h.service.configure(GUILD, { channelId: CHANNEL, time: '00:15', timezone: 'Europe/Berlin' });
    clock.set('2026-11-22T23:20:00Z'); // already Monday 00:20 in Berlin
    const outcome = await h.service.postNow(GUILD);
    expect(outcome).toMatchObject({ kind: 'posted', localDate: '2026-11-23', channelId: CHANNEL });
    const [first, ...rest] = h.discord.messages;
    expect(first?.body.content).toBe('📰 Daily picks: Monday 23 Nov');
    expect(rest.every((m) => m.body.content === undefined)).toBe(true);
    for (const m of h.discord.messages) {
      expect(m.body.embeds).toHaveLength(1);
      const buttons = (m.body.components ?? []).flatMap((r) => r.components);
      expect(buttons.length).toBeGreaterThan(0);
      expect(buttons.every((b) => b.type === ComponentType.Button && b.style === ButtonStyle.Link)).toBe(true);
      expect(m.body.allowed_mentions).toEqual({ parse: [] });
    }
  });

  it('posts at most once a day however often it is asked', async () => {
    const h = boot(new Clock(new Date('2026-11-22T12:00:00Z')));
    h.service.configure(GUILD, { channelId: CHANNEL });
    await h.service.postNow(GUILD);
    const again = await h.service.postNow(GUILD);
    expect(again).toMatchObject({ kind: 'already-posted', messageIds: ['1000', '1001', '1002'] });
    expect(await h.service.runDue(GUILD)).toBeNull();
    expect(h.discord.messages).toHaveLength(3);
  });

  it('previews exactly what the next post will contain, without recording anything', async () => {
    const h = boot(new Clock(new Date('2026-11-22T12:00:00Z')));
    h.service.configure(GUILD, { channelId: CHANNEL, count: 4 });
    const preview = h.service.preview(GUILD);
    expect(preview.localDate).toBe('2026-11-23');
    expect(h.service.preview(GUILD).papers).toEqual(preview.papers);
    await h.service.postNow(GUILD);
    expect(postedIds(h)).toEqual(preview.papers.map((p) => p.id));
    expect(() => h.service.preview('999999999999999999')).toThrow(/not set up/);
  });

  it('rotates through a topic without repeats and counts the papers left', async () => {
    const clock = new Clock(new Date('2026-11-20T12:00:00Z'));
    const h = boot(clock);
    h.service.configure(GUILD, { channelId: CHANNEL, topic: 'diffusion', count: 3 });
    expect(h.service.status(GUILD)).toMatchObject({ poolSize: 4, papersLeftBeforeRepeat: 4 });
    await h.service.postNow(GUILD);
    expect(h.service.status(GUILD)?.papersLeftBeforeRepeat).toBe(1);
    clock.set('2026-11-21T12:00:00Z');
    await h.service.postNow(GUILD);
    const ids = postedIds(h);
    expect(new Set(ids.slice(0, 4)).size).toBe(4);
    expect(ids.every((id) => id?.startsWith('2401.'))).toBe(true);
    expect(new Set(ids.slice(3)).size).toBe(3); // no repeat inside one post, even across a cycle boundary
    expect(h.service.status(GUILD)).toMatchObject({ papersLeftBeforeRepeat: 2, lastPost: { localDate: '2026-11-21', channelId: CHANNEL } });
  });

  it('reproduces the same order from the stored seed after a restart', async () => {
    const clock = new Clock(new Date('2026-11-20T12:00:00Z'));
    const a = boot(clock);
    a.service.configure(GUILD, { channelId: CHANNEL, count: 2 });
    const planned = a.service.preview(GUILD).papers.map((p) => p.id);
    a.db.close();
    const b = boot(clock, { clock, discord: a.discord });
    expect(b.service.preview(GUILD).papers.map((p) => p.id)).toEqual(planned);
  });
});

describe('defaults from DAILY_* variables', () => {
  it('configure the channel’s server at start-up when it has no settings', async () => {
    const h = boot(new Clock(new Date('2026-11-22T06:00:00Z')), {
      clock: new Clock(new Date('2026-11-22T06:00:00Z')),
      defaults: { channelId: CHANNEL, time: '07:45', timezone: 'America/New_York', count: 2 },
    });
    await h.service.start();
    expect(h.service.ready).toBe(true);
    expect(h.service.status(GUILD)?.settings).toMatchObject({ channelId: CHANNEL, time: '07:45', timezone: 'America/New_York', count: 2, source: 'env' });
    expect(h.scheduler.has(GUILD)).toBe(true);
  });

  it('never overwrite what an admin set by command, including /daily off', async () => {
    const clock = new Clock(new Date('2026-11-22T06:00:00Z'));
    const defaults = { channelId: CHANNEL, time: '07:45', timezone: 'UTC', count: 2 };
    const a = boot(clock, { clock, defaults });
    await a.service.start();
    a.service.configure(GUILD, { channelId: OTHER_CHANNEL, time: '18:00' });
    await a.service.stop();
    a.db.close();
    const b = boot(clock, { clock, defaults, discord: a.discord });
    await b.service.start();
    expect(b.service.status(GUILD)?.settings).toMatchObject({ channelId: OTHER_CHANNEL, time: '18:00', source: 'command' });
    b.service.disable(GUILD);
    await b.service.stop();
    b.db.close();
    const c = boot(clock, { clock, defaults: { ...defaults, time: '08:00' }, discord: a.discord });
    await c.service.start();
    expect(c.service.status(GUILD)?.settings.enabled).toBe(false);
  });

  it('are skipped with a warning when the channel cannot be looked up', async () => {
    const h = boot(new Clock(new Date('2026-11-22T06:00:00Z')), {
      clock: new Clock(new Date('2026-11-22T06:00:00Z')),
      defaults: { channelId: '444444444444444444' },
    });
    await h.service.start();
    expect(h.service.status(GUILD)).toBeNull();
  });
});
