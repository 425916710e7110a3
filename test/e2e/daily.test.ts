// Daily picks end to end: /daily set through the fake Discord, the scheduler's tick as time moves,
// and the posts the channel actually receives.
import { afterEach, describe, expect, it } from 'vitest';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { Clock, FakeScheduler } from '../daily/helpers.js';
import { EPHEMERAL, startHarness, type Harness } from './bot-harness.js';
import type { FakeDiscordOptions } from '../support/fake-discord.js';

const ADMIN = { permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages };

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function setup(startIso: string, env: Record<string, string> = {}, fake: FakeDiscordOptions = {}) {
  const clock = new Clock(new Date(startIso));
  const scheduler = new FakeScheduler();
  h = await startHarness({ bot: { now: clock.now, daily: { scheduler, sleep: async () => undefined } }, env, fake });
  return { h, clock, scheduler };
}

/** What the cron job does when it fires. */
async function tick(scheduler: FakeScheduler, guildId: string) {
  const job = scheduler.jobs.get(guildId);
  expect(job, 'no daily job scheduled').toBeDefined();
  await job!.run();
}

describe('daily picks through Discord', () => {
  it('only Manage Server members may configure it, and a bad time zone is explained', async () => {
    const { h } = await setup('2025-11-20T08:00:00Z');
    const denied = h.fake.interact.command({ name: 'daily', subcommand: 'set', options: { channel: h.fake.channelId() }, member: { permissions: PermissionFlagsBits.SendMessages } });
    expect(((await denied.callback()).data as { flags: number }).flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(JSON.stringify((await denied.waitForEvent('original.edit')).body)).toMatch(/Manage Server/);
    const tz = await h.fake.interact.command({ name: 'daily', subcommand: 'set', options: { channel: h.fake.channelId(), timezone: 'Mars/Olympus' }, member: ADMIN }).waitForEvent('original.edit');
    expect(JSON.stringify(tz.body)).toMatch(/IANA/);
    expect(h.fake.messages(h.fake.channelId())).toHaveLength(0);
  });

  it('posts exactly once per day at the configured time, with no repeats across days', async () => {
    const { h, clock, scheduler } = await setup('2025-11-20T08:00:00Z');
    const channel = h.fake.channelId();
    const set = h.fake.interact.command({ name: 'daily', subcommand: 'set', options: { channel, time: '09:00', timezone: 'UTC', count: 2 }, member: ADMIN });
    const setReply = await set.waitForEvent('original.edit');
    expect((set.response!.data as { flags?: number } | undefined)?.flags ?? EPHEMERAL).toBe(EPHEMERAL);
    expect(JSON.stringify(setReply.body)).toMatch(/09:00/);

    await tick(scheduler, h.fake.guildId); // 08:00: not yet due
    expect(h.fake.messages(channel)).toHaveLength(0);

    clock.set('2025-11-20T09:00:05Z');
    await tick(scheduler, h.fake.guildId);
    await tick(scheduler, h.fake.guildId); // a second tick the same day posts nothing more
    const day1 = h.fake.messages(channel);
    expect(day1).toHaveLength(2); // one message per pick, the header on the first
    expect(day1[0]!.content).toMatch(/Daily picks: Thursday 20 Nov/);
    for (const m of day1) expect(m.embeds).toHaveLength(1);

    const now = await h.fake.interact.command({ name: 'daily', subcommand: 'now', member: ADMIN }).waitForEvent('original.edit');
    expect(JSON.stringify(now.body)).toMatch(/already/i);
    expect(h.fake.messages(channel)).toHaveLength(2);

    clock.set('2025-11-21T09:00:30Z');
    await tick(scheduler, h.fake.guildId);
    const all = h.fake.messages(channel);
    expect(all).toHaveLength(4);
    const titles = all.map((m) => m.embeds[0]!.title);
    expect(new Set(titles).size).toBe(4);

    const status = await h.fake.interact.command({ name: 'daily', subcommand: 'status', member: ADMIN }).waitForEvent('original.edit');
    expect(JSON.stringify(status.body)).toMatch(/left before repeats|before repeats/i);
  });

  it('DAILY_CHANNEL_ID configures the server of that channel without any command', async () => {
    const channel = '444444444444444444';
    const { h, clock, scheduler } = await setup(
      '2025-11-20T06:00:00Z',
      { DAILY_CHANNEL_ID: channel, DAILY_TIME: '07:30', DAILY_TIMEZONE: 'Europe/Berlin', DAILY_COUNT: '1' },
      { guilds: [{ channels: [{ id: channel, name: 'papers' }] }] },
    );
    expect(scheduler.has(h.fake.guildId)).toBe(true);
    const status = await h.fake.interact.command({ name: 'daily', subcommand: 'status', member: ADMIN }).waitForEvent('original.edit');
    expect(JSON.stringify(status.body)).toMatch(/07:30.*Europe\/Berlin/);
    clock.set('2025-11-20T06:31:00Z'); // 07:31 in Berlin
    await tick(scheduler, h.fake.guildId);
    expect(h.fake.messages(channel)).toHaveLength(1);
  });

  it('losing permission in the channel disables the schedule and /daily status says why', async () => {
    const { h, clock, scheduler } = await setup('2025-11-20T08:00:00Z');
    await h.fake.interact.command({ name: 'daily', subcommand: 'set', options: { channel: h.fake.channelId(), time: '09:00', timezone: 'UTC' }, member: ADMIN }).waitForEvent('original.edit');
    h.fake.setChannelPermissions(h.fake.channelId(), 0);
    clock.set('2025-11-20T09:01:00Z');
    await tick(scheduler, h.fake.guildId);
    expect(scheduler.has(h.fake.guildId)).toBe(false);
    const status = await h.fake.interact.command({ name: 'daily', subcommand: 'status', member: ADMIN }).waitForEvent('original.edit');
    expect(JSON.stringify(status.body)).toMatch(/Daily picks are off.*cannot post in .*Send Messages/);
  });
});
