// The weekly digest (and /stats) end to end: /weekly set through the fake Discord, the scheduler's tick on the run day,
// and the one message the channel receives, with the week's chart uploaded as a multipart attachment.
// Exactly once: a second tick, a lost response (Discord created the message, the bot never heard) and a
// restart of the bot on the same database all leave that single message.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH } from '../../src/chart/spec.js';
import { loadConfig } from '../../src/config.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { createLogger } from '../../src/logger.js';
import { startBotApp, type App } from '../../src/main.js';
import { Clock, FakeScheduler } from '../daily/helpers.js';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { BOT_TOKEN, EPHEMERAL } from './bot-harness.js';

const ADMIN = { permissions: PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MESSAGES = /^\/channels\/\d+\/messages$/;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world(startIso: string) {
  const fake = await startFakeDiscord({ token: BOT_TOKEN, heartbeatIntervalMs: 500, callbackDeadlineMs: 15_000, log: () => undefined });
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-weekly-'));
  cleanups.push(async () => {
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  await deployCommands({ token: BOT_TOKEN, clientId: fake.applicationId, guildId: fake.guildId, apiBase: fake.apiBase });
  const config = loadConfig({
    DISCORD_TOKEN: BOT_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_GUILD_ID: fake.guildId, DISCORD_API_BASE: fake.apiBase,
    DATA_DIR: dataDir, SYNC_SCHEDULE: 'off',
  });
  const clock = new Clock(new Date(startIso));
  /** A bot process on this data directory; stop() is its shutdown (the database and journal survive). */
  async function startBot(): Promise<{ app: App; scheduler: FakeScheduler }> {
    const scheduler = new FakeScheduler();
    const app = await startBotApp(config, createLogger('silent'), { now: clock.now, weekly: { scheduler, sleep: async () => undefined } });
    let stopped = false;
    cleanups.push(async () => {
      if (!stopped) await app.stop();
    });
    return {
      app: Object.assign(Object.create(app) as App, {
        stop: async () => {
          stopped = true;
          await app.stop();
        },
      }),
      scheduler,
    };
  }
  return { fake, clock, startBot };
}

async function tick(scheduler: FakeScheduler, fake: FakeDiscord): Promise<void> {
  const job = scheduler.jobs.get(fake.guildId);
  expect(job, 'no weekly job scheduled').toBeDefined();
  await job!.run();
}

/** PNG width and height from the IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('weekly digest through Discord', () => {
  it('posts the week’s best with its chart attached exactly once: across a second tick, a lost response and a restart', async () => {
    // Wednesday 26 Nov 2025: the digest covers Wed 19 – Tue 25 Nov, which holds two papers of the seed corpus.
    const { fake, clock, startBot } = await world('2025-11-26T08:00:00Z');
    const channel = fake.channelId();
    const first = await startBot();

    const set = fake.interact.command({ name: 'weekly', subcommand: 'set', options: { channel, day: 'wednesday', time: '09:00', timezone: 'UTC', count: 3 }, member: ADMIN });
    const setReply = await set.waitForEvent('original.edit');
    expect((set.response!.data as { flags?: number } | undefined)?.flags ?? EPHEMERAL).toBe(EPHEMERAL);
    expect(JSON.stringify(setReply.body)).toMatch(/every \*\*Wednesday\*\* at \*\*09:00\*\*/);

    await tick(first.scheduler, fake); // 08:00: not yet due
    expect(fake.messages(channel)).toHaveLength(0);

    // Discord creates the message but the answer is lost (500): the REST client retries with the same nonce.
    fake.failNext({ method: 'POST', path: MESSAGES, status: 500, mode: 'commit-then-fail' });
    clock.set('2025-11-26T09:00:05Z');
    await tick(first.scheduler, fake);
    await tick(first.scheduler, fake); // the same run day again: nothing more

    const posted = fake.messages(channel);
    expect(posted).toHaveLength(1);
    const digest = posted[0]!;
    expect(digest.content).toMatch(/Weekly digest: Wednesday 19 Nov – Tuesday 25 Nov · 2 new papers/);
    expect(digest.embeds).toHaveLength(1);
    expect(digest.embeds[0]!.description).toMatch(/\*\*1\.\*\*[\s\S]*\*\*2\.\*\*/);
    expect(digest.embeds[0]!.image?.url).toBe('attachment://paperboy-week-2025-11-19.png');
    expect(digest.mentions).toEqual([]);

    // The upload as Discord receives it: multipart files[0] + attachments[0] in payload_json, nonce enforced.
    const posts = fake.requests.filter((r) => r.method === 'POST' && MESSAGES.test(r.path));
    expect(posts.length).toBeGreaterThanOrEqual(2); // the lost response was retried
    for (const r of posts) {
      expect(r.files.map((f) => [f.field, f.filename, f.contentType])).toEqual([['files[0]', 'paperboy-week-2025-11-19.png', 'image/png']]);
      expect(r.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] }, attachments: [{ id: 0, filename: 'paperboy-week-2025-11-19.png' }] });
    }
    expect(new Set(posts.map((r) => (r.body as { nonce: string }).nonce)).size).toBe(1);

    // The attachment is a real chart: a PNG of the size the chart spec asks for, with alt text.
    expect(digest.attachments).toHaveLength(1);
    const attachment = digest.attachments[0]!;
    expect(attachment.content_type).toBe('image/png');
    expect(attachment.description).toMatch(/Papers this week/);
    const png = fake.attachmentData(attachment.id)!;
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect(attachment.size).toBe(png.length);

    // A restart on the same database: the catch-up sees the run day done; /weekly now says so.
    await first.app.stop();
    const second = await startBot();
    await tick(second.scheduler, fake);
    const again = await fake.interact.command({ name: 'weekly', subcommand: 'now', member: ADMIN }).waitForEvent('original.edit');
    expect(JSON.stringify(again.body)).toMatch(/already posted/);
    expect(fake.messages(channel)).toHaveLength(1);

    const status = await fake.interact.command({ name: 'weekly', subcommand: 'status', member: ADMIN }).waitForEvent('original.edit');
    expect(JSON.stringify(status.body)).toMatch(/Last digest: Wednesday 26 Nov/);
  }, 90_000);

  it('only Manage Server members may configure it; a bad day is explained', async () => {
    const { fake, startBot } = await world('2025-11-26T08:00:00Z');
    await startBot();
    const denied = fake.interact.command({ name: 'weekly', subcommand: 'set', options: { channel: fake.channelId() }, member: { permissions: PermissionFlagsBits.SendMessages } });
    expect(JSON.stringify((await denied.waitForEvent('original.edit')).body)).toMatch(/Manage Server/);
    const badDay = await fake.interact.command({ name: 'weekly', subcommand: 'set', options: { channel: fake.channelId(), day: 'caturday' }, member: ADMIN }).waitForEvent('original.edit');
    expect(JSON.stringify(badDay.body)).toMatch(/day.*Monday/);
    expect(fake.messages(fake.channelId())).toHaveLength(0);
  }, 60_000);
});

describe('/stats through Discord', () => {
  it('replies with the corpus chart uploaded as an attachment and shown in the embed', async () => {
    const { fake, startBot } = await world('2025-11-26T08:00:00Z');
    await startBot();
    const stats = fake.interact.command({ name: 'stats', options: { public: true } });
    const edit = await stats.waitForEvent('original.edit');
    const message = edit.message!;
    expect(message.flags ?? 0).toBe(0); // public:true
    expect(message.embeds[0]!.image?.url).toBe('attachment://paperboy-corpus.png');
    expect(message.attachments.map((a) => [a.filename, a.content_type])).toEqual([['paperboy-corpus.png', 'image/png']]);
    const png = fake.attachmentData(message.attachments[0]!.id)!;
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: CHART_HEIGHT });
  }, 60_000);
});
