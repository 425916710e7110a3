import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { makeCorpus } from '../../src/corpus/corpus.js';
import { PostError } from '../../src/daily/post.js';
import { UserError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import type { harness } from './helpers.js';
import {
  CHANNEL,
  Clock,
  corpus,
  FakeChannels,
  FOREIGN_CHANNEL,
  GUILD,
  OTHER_CHANNEL,
  OTHER_GUILD,
  useHarnesses,
  VOICE_CHANNEL,
  type Harness,
} from './helpers.js';

const processes = useHarnesses();
const boot = (clock: Clock, opts: Parameters<typeof harness>[1] = { clock }): Harness => processes.boot({ ...opts, clock });

const paperIdOf = (footer: string | undefined) => /Paper id: (\S+)/.exec(footer ?? '')?.[1];
const postedIds = (h: Harness) => h.discord.messages.map((m) => paperIdOf(m.body.embeds?.[0]?.footer?.text));

describe('configuring daily picks', () => {
  it('saves the settings, schedules the server and reports the next run in its local time', async () => {
    const h = boot(new Clock(new Date('2026-11-22T06:00:00Z')));
    await h.service.start();
    const st = await h.service.configure(GUILD, { channelId: CHANNEL, timezone: 'europe/berlin' });
    expect(st.settings).toMatchObject({ channelId: CHANNEL, time: '09:00', timezone: 'Europe/Berlin', count: 3, topic: null, enabled: true });
    expect(st.nextRunAt).toEqual(new Date('2026-11-22T08:00:00Z'));
    expect(h.scheduler.jobs.get(GUILD)?.s).toMatchObject({ time: '09:00', timezone: 'Europe/Berlin' });
  });

  it('keeps earlier choices for options left out, and "all" topics means the whole corpus', async () => {
    const h = boot(new Clock(new Date('2026-11-22T06:00:00Z')));
    await h.service.configure(GUILD, { channelId: CHANNEL, time: '7:30', timezone: 'Asia/Tokyo', count: 5, topic: 'Diffusion Models' });
    const st = await h.service.configure(GUILD, { channelId: OTHER_CHANNEL });
    expect(st.settings).toMatchObject({ channelId: OTHER_CHANNEL, time: '07:30', timezone: 'Asia/Tokyo', count: 5, topic: 'diffusion' });
    expect((await h.service.configure(GUILD, { channelId: CHANNEL, topic: null })).settings.topic).toBeNull();
  });

  it('explains the accepted forms for a bad time, time zone, count or topic', async () => {
    const h = boot(new Clock(new Date('2026-11-22T06:00:00Z')));
    const attempt = (input: object) => h.service.configure(GUILD, { channelId: CHANNEL, ...input });
    await expect(attempt({ time: '9am' })).rejects.toThrow(UserError);
    await expect(attempt({ time: '25:00' })).rejects.toThrow(/24-hour HH:MM, for example 09:00/);
    await expect(attempt({ timezone: 'Berlin' })).rejects.toThrow(/IANA time zone name such as Europe\/Berlin/);
    await expect(attempt({ timezone: '+01:00' })).rejects.toThrow(/IANA/);
    await expect(attempt({ count: 11 })).rejects.toThrow(/1 to 10/);
    await expect(attempt({ topic: 'knitting' })).rejects.toThrow(/no topic "knitting"/);
    await expect(attempt({ topic: 'difusion' })).rejects.toThrow(/no topic "difusion". Did you mean diffusion/); // the shared topic resolver
    expect(h.service.status(GUILD)).toBeNull();
  });

  it('checks with Discord that the channel is a text or announcement channel of this server that the bot can see', async () => {
    const h = boot(new Clock(new Date('2026-11-22T06:00:00Z')));
    await h.service.configure(GUILD, { channelId: CHANNEL });
    const attempt = (channelId: string) => h.service.configure(GUILD, { channelId, time: '18:00' });
    await expect(attempt(FOREIGN_CHANNEL)).rejects.toThrow(/not in this server/);
    await expect(attempt(VOICE_CHANNEL)).rejects.toThrow(/not a text or announcement channel/);
    const cannotSee = /^I can't see that channel: give me View Channel, Send Messages and Embed Links there/;
    await expect(attempt('444444444444444444')).rejects.toThrow(cannotSee); // 404: not visible to the bot at all
    h.discord.hidden.add(OTHER_CHANNEL); // 403 Missing Access
    await expect(attempt(OTHER_CHANNEL)).rejects.toThrow(cannotSee);
    h.discord.failNextLookup = [new PostError('retryable', 'Discord returned 503 after retries')];
    await expect(attempt(CHANNEL)).rejects.toThrow(/try again in a minute/);
    for (const id of [FOREIGN_CHANNEL, VOICE_CHANNEL, OTHER_CHANNEL]) await expect(attempt(id)).rejects.toThrow(UserError);
    expect(h.service.status(GUILD)?.settings).toMatchObject({ channelId: CHANNEL, time: '09:00' }); // nothing was saved

    h.discord.channels.set('999999999999999999', { id: '999999999999999999', guildId: GUILD, type: 5 }); // announcement
    expect((await attempt('999999999999999999')).settings).toMatchObject({ channelId: '999999999999999999', time: '18:00' });
  });

  it('checks only the form of the channel id when there is no Discord connection (console)', async () => {
    const h = processes.boot({ clock: new Clock(new Date('2026-11-22T06:00:00Z')), poster: undefined });
    expect((await h.service.configure(GUILD, { channelId: FOREIGN_CHANNEL })).settings.channelId).toBe(FOREIGN_CHANNEL);
    await expect(h.service.configure(GUILD, { channelId: 'general' })).rejects.toThrow(/text or announcement channel/);
    expect(h.discord.calls).toHaveLength(0);
  });

  it('can be read and changed before the bot connects (console), but schedules and posts nothing', async () => {
    const h = processes.boot({ clock: new Clock(new Date('2026-11-22T06:00:00Z')), poster: undefined });
    await h.service.configure(GUILD, { channelId: CHANNEL });
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
    await h.service.configure(GUILD, { channelId: CHANNEL });
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
    await h.service.configure(GUILD, { channelId: CHANNEL, time: '00:15', timezone: 'Europe/Berlin' });
    clock.set('2026-11-22T23:20:00Z'); // already Monday 00:20 in Berlin
    const outcome = await h.service.postNow(GUILD);
    expect(outcome).toMatchObject({ kind: 'posted', localDate: '2026-11-23', channelId: CHANNEL });
    const [first, ...rest] = h.discord.messages;
    expect(first?.body.content).toBe('📰 Daily picks: Monday 23 Nov');
    expect(rest.every((m) => m.body.content === undefined)).toBe(true);
    for (const m of h.discord.messages) {
      expect(m.body.embeds).toHaveLength(1);
      // Link buttons in the first row; Cite and the server's ▲ vote count (nobody voted yet) in the second.
      const [links, actions] = (m.body.components ?? []).map((r) => r.components);
      expect(links?.length).toBeGreaterThan(0);
      expect(links?.every((b) => b.type === ComponentType.Button && b.style === ButtonStyle.Link)).toBe(true);
      expect(actions?.map((b) => (b as { label?: string }).label)).toEqual(['Cite', '▲ 0']);
      expect(m.body.allowed_mentions).toEqual({ parse: [] });
    }
  });

  it('posts at most once a day however often it is asked', async () => {
    const h = boot(new Clock(new Date('2026-11-22T12:00:00Z')));
    await h.service.configure(GUILD, { channelId: CHANNEL });
    await h.service.postNow(GUILD);
    const again = await h.service.postNow(GUILD);
    expect(again).toMatchObject({ kind: 'already-posted', messageIds: ['1000', '1001', '1002'] });
    expect(await h.service.runDue(GUILD)).toBeNull();
    expect(h.discord.messages).toHaveLength(3);
  });

  it('previews exactly what the next post will contain, without recording anything', async () => {
    const h = boot(new Clock(new Date('2026-11-22T12:00:00Z')));
    await h.service.configure(GUILD, { channelId: CHANNEL, count: 4 });
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
    await h.service.configure(GUILD, { channelId: CHANNEL, topic: 'diffusion', count: 3 });
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
    await a.service.configure(GUILD, { channelId: CHANNEL, count: 2 });
    const planned = a.service.preview(GUILD).papers.map((p) => p.id);
    a.db.close();
    const b = boot(clock, { clock, discord: a.discord });
    expect(b.service.preview(GUILD).papers.map((p) => p.id)).toEqual(planned);
  });
});

describe('when the server’s topic disappears in a corpus rebuild', () => {
  const withoutDiffusion = (keepTopic: boolean) => {
    const c = corpus();
    return makeCorpus(
      c.papers.filter((p) => !p.topics.includes('diffusion')),
      c.topics.filter((t) => keepTopic || t.slug !== 'diffusion'),
      'rebuilt',
    );
  };

  it('switches the schedule off, logs it and says in /daily status what to do, instead of failing quietly', async () => {
    const clock = new Clock(new Date('2026-11-21T12:00:00Z'));
    const a = boot(clock);
    await a.service.configure(GUILD, { channelId: CHANNEL, topic: 'diffusion' });
    a.db.close();
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    clock.set('2026-11-22T10:00:00Z'); // after 09:00: start-up catches the day up
    const b = boot(clock, { clock, discord: a.discord, corpus: withoutDiffusion(false), logger });
    await b.service.start();
    const reason = 'The topic "diffusion" no longer exists; run `/daily set` with another topic.';
    expect(b.service.status(GUILD)).toMatchObject({ settings: { enabled: false, disabledReason: reason }, nextRunAt: null });
    expect(b.scheduler.has(GUILD)).toBe(false);
    expect(lines.some((l) => /"level":40.*"topic":"diffusion".*daily picks disabled for this server/.test(l))).toBe(true);
    expect(a.discord.calls).toHaveLength(0);
    await expect(b.service.postNow(GUILD)).rejects.toThrow(/off in this server \(The topic "diffusion" no longer exists/);

    // /daily set without a topic would keep the vanished one: it asks for another instead
    await expect(b.service.configure(GUILD, { channelId: CHANNEL })).rejects.toThrow(/"diffusion" no longer exists; choose another topic/);
    expect((await b.service.configure(GUILD, { channelId: CHANNEL, topic: null })).settings).toMatchObject({ enabled: true, topic: null });
  });

  it('does the same when the topic still exists but lost all its papers', async () => {
    const clock = new Clock(new Date('2026-11-21T12:00:00Z'));
    const a = boot(clock);
    await a.service.configure(GUILD, { channelId: CHANNEL, topic: 'diffusion' });
    a.db.close();
    const b = boot(clock, { clock, discord: a.discord, corpus: withoutDiffusion(true) });
    clock.set('2026-11-22T10:00:00Z');
    await b.service.start();
    expect(b.service.status(GUILD)?.settings).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/"Diffusion Models" has no papers any more; run `\/daily set`/) });
  });
});

describe('shutting down', () => {
  it('refuses /daily now and ignores cron ticks once stop() was called', async () => {
    const clock = new Clock(new Date('2026-11-22T06:00:00Z'));
    const h = boot(clock);
    await h.service.start();
    await h.service.configure(GUILD, { channelId: CHANNEL });
    const job = h.scheduler.jobs.get(GUILD);
    clock.set('2026-11-22T10:00:00Z');
    await h.service.stop();
    const refused = h.service.postNow(GUILD);
    await expect(refused).rejects.toThrow(UserError);
    await expect(refused).rejects.toThrow('Paperboy is shutting down; try again in a minute.');
    expect(await h.service.runDue(GUILD)).toBeNull();
    await job?.run(); // a tick that fires anyway
    expect(h.discord.calls).toHaveLength(0);
    expect(h.service.status(GUILD)?.today).toBeNull(); // nothing claimed: the next start catches the day up
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
    await a.service.configure(GUILD, { channelId: OTHER_CHANNEL, time: '18:00' });
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

  it('stop applying once the variable is removed: the server is switched off with the reason, and nothing is posted', async () => {
    const clock = new Clock(new Date('2026-11-22T06:00:00Z'));
    const a = boot(clock, { clock, defaults: { channelId: CHANNEL } });
    await a.service.start();
    expect(a.service.status(GUILD)?.settings).toMatchObject({ enabled: true, source: 'env' });
    await a.service.stop();
    a.db.close();

    const b = boot(clock, { clock, discord: a.discord }); // DAILY_CHANNEL_ID unset
    await b.service.start();
    const st = b.service.status(GUILD);
    expect(st?.settings).toMatchObject({ enabled: false, source: 'env', disabledReason: expect.stringMatching(/^DAILY_CHANNEL_ID no longer points here/) });
    expect(st?.nextRunAt).toBeNull();
    expect(b.scheduler.has(GUILD)).toBe(false);
    clock.set('2026-11-23T10:00:00Z');
    expect(await b.service.runDue(GUILD)).toBeNull();
    await b.service.stop();
    b.db.close();

    await boot(clock, { clock, discord: a.discord }).service.start(); // the next day's start-up catch-up
    expect(a.discord.calls).toHaveLength(0);
  });

  it('follow the variable to another server, never touching a server an admin set up, and come back with it', async () => {
    const clock = new Clock(new Date('2026-11-22T06:00:00Z'));
    const discord = new FakeChannels();
    const restart = async (channelId?: string): Promise<Harness> => {
      const h = boot(clock, { clock, discord, defaults: { channelId } });
      await h.service.start();
      return h;
    };
    const a = await restart(CHANNEL);
    await a.service.configure(OTHER_GUILD, { channelId: FOREIGN_CHANNEL, time: '18:00' });
    await a.service.stop();
    a.db.close();

    const b = await restart(FOREIGN_CHANNEL); // now names a channel of the server the admin set up
    expect(b.service.status(GUILD)?.settings).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/DAILY_CHANNEL_ID no longer points here/) });
    expect(b.service.status(OTHER_GUILD)?.settings).toMatchObject({ enabled: true, source: 'command', time: '18:00' });
    await b.service.stop();
    b.db.close();

    const c = await restart(undefined);
    expect(c.service.status(OTHER_GUILD)?.settings).toMatchObject({ enabled: true, source: 'command' });
    expect(c.scheduler.has(OTHER_GUILD)).toBe(true);
    await c.service.stop();
    c.db.close();

    const d = await restart(CHANNEL); // pointed back: on again
    expect(d.service.status(GUILD)?.settings).toMatchObject({ enabled: true, source: 'env', disabledReason: null });
    expect(d.scheduler.has(GUILD)).toBe(true);
  });

  it('switch off the old server when the variable names a channel the bot cannot see, but not when Discord is only slow to answer', async () => {
    const clock = new Clock(new Date('2026-11-22T06:00:00Z'));
    const discord = new FakeChannels();
    const a = boot(clock, { clock, discord, defaults: { channelId: CHANNEL } });
    await a.service.start();
    await a.service.stop();
    a.db.close();

    discord.failNextLookup = [new PostError('retryable', 'Discord returned 503 after retries')];
    const b = boot(clock, { clock, discord, defaults: { channelId: FOREIGN_CHANNEL } });
    await b.service.start();
    expect(b.service.status(GUILD)?.settings.enabled).toBe(true);
    await b.service.stop();
    b.db.close();

    const c = boot(clock, { clock, discord, defaults: { channelId: '444444444444444444' } }); // a server the bot is not in
    await c.service.start();
    expect(c.service.status(GUILD)?.settings).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/DAILY_CHANNEL_ID no longer points here/) });
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
