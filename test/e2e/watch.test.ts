// A watch firing exactly once across a restart: the real bot (startBotApp) against the fake Discord and
// the fake Hugging Face. An admin adds a watch; a sync brings a day of real papers; Discord creates the
// watch's message but its answer never reaches the bot, which is then stopped. The next bot on the
// same database resumes the delivery with the same nonce: one message in the channel, never two, and
// later syncs and restarts add nothing. A member's DM watch on the same query arrives once, by DM.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { openCorpusStore } from '../../src/corpus/store.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { createLogger } from '../../src/logger.js';
import { startBotApp, type App } from '../../src/main.js';
import { addDays } from '../../src/sync/plan.js';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { groupByListingDay, requireSharedDays, startFakeHf, type FakeHf } from '../support/fake-hf/index.js';
import { BOT_TOKEN, finalReply, messageData } from './bot-harness.js';

const DAYS = requireSharedDays() ?? groupByListingDay([readFileSync(new URL('../fixtures/hf-daily-sample.json', import.meta.url), 'utf8')]);
/** A real recorded day, served as today's listing. */
const [, ITEMS] = [...DAYS].filter(([, items]) => items.length >= 5).at(-1) ?? [...DAYS].at(-1)!;
const NEW = (JSON.parse(ITEMS[0] as string) as { paper: { id: string; title: string } }).paper;
const TODAY = new Date().toISOString().slice(0, 10);
/** What the admin watches for: the new paper's three longest words (a query /search accepts as typed). */
const QUERY = [...new Set(NEW.title.split(/[^A-Za-z]+/).filter((w) => w.length > 3))]
  .sort((a, b) => b.length - a.length)
  .slice(0, 3)
  .join(' ');
const ADMIN = { permissions: PermissionFlagsBits.ManageGuild };
const MESSAGES = /^\/channels\/\d+\/messages$/;
const DM_USER = { id: '5000000000000000777', username: 'watcher' };

let fake: FakeDiscord;
let hf: FakeHf;
let dataDir: string;
let config: Config;
const apps: App[] = [];

/** A bot process on the shared data directory; one delivery attempt, so a lost answer ends it at once. */
async function startBot(): Promise<App> {
  const app = await startBotApp(config, createLogger(process.env.WATCH_E2E_LOG ?? 'silent').child({ bot: apps.length + 1 }), { watches: { retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } } });
  apps.push(app);
  return app;
}

const watchMessages = () => fake.messages(fake.channelId()).filter((m) => /Watch “/.test(m.content));

/** Polls until `probe` returns something (a loaded machine may take a while), or fails after 30 s. */
async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const watchPosts = () => fake.requests.filter((r) => r.method === 'POST' && MESSAGES.test(r.path) && /Watch “/.test(String((r.body as { content?: string }).content)));

beforeAll(async () => {
  fake = await startFakeDiscord({ token: BOT_TOKEN, heartbeatIntervalMs: 500, callbackDeadlineMs: 15_000, log: () => undefined });
  hf = await startFakeHf({ days: new Map() });
  dataDir = mkdtempSync(join(tmpdir(), 'paperboy-e2e-watch-'));
  // The 29 days before today were synced earlier (and were empty): a sync fetches today.
  const store = openCorpusStore(join(dataDir, 'corpus.sqlite'), { seedDir: join(process.cwd(), 'corpus') });
  for (let i = 1; i < 30; i++) store.markSyncDay(addDays(TODAY, -i), 0);
  store.close();
  config = loadConfig({
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_GUILD_ID: fake.guildId,
    DISCORD_API_BASE: fake.apiBase,
    DATA_DIR: dataDir,
    HF_API_BASE: hf.baseUrl,
    SYNC_SCHEDULE: 'off',
    DAILY_CHANNEL_ID: '',
  });
  await deployCommands({ token: BOT_TOKEN, clientId: fake.applicationId, guildId: fake.guildId, apiBase: fake.apiBase });
}, 60_000);

afterAll(async () => {
  for (const app of apps) await app.stop().catch(() => undefined);
  await fake?.close();
  await hf?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a watch across a restart', () => {
  it('posts the synced day’s matching papers exactly once, though the first bot never heard back from Discord', async () => {
    const channel = fake.channelId();
    const first = await startBot();
    const added = messageData((await finalReply(fake.interact.command({ name: 'watch', subcommand: 'add', options: { query: QUERY }, member: ADMIN }))).payload);
    expect(added.content).toMatch(/^✅ Watching .* \(watch #1\)/);
    // A member who may not add channel watches watches the same for themselves, by DM.
    const mine = messageData((await finalReply(fake.interact.command({ name: 'watch', subcommand: 'add', options: { query: QUERY, dm: true }, user: DM_USER }))).payload);
    expect(mine.content).toMatch(/for you \(watch #2\)/);

    // Discord will create the watch's message, but its answer never reaches this bot.
    fake.failNext({ method: 'POST', path: MESSAGES, status: 500, mode: 'commit-then-hang' });
    hf.addDay(TODAY, ITEMS);
    const summary = await first.app.sync.runNow();
    expect('error' in summary && summary.error).toBeFalsy();
    const orphan = await fake.waitForMessage(channel, (m) => /Watch “/.test(m.content), 30_000);
    await first.stop(); // gives up waiting for the answer; the delivery stays unfinished in the database

    const second = await startBot(); // resumes it: same nonce, so Discord returns the message it has
    const listed = await eventually(async () => {
      const list = messageData((await finalReply(fake.interact.command({ name: 'watch', subcommand: 'list', member: ADMIN }))).payload);
      return /last sent \d{4}-\d\d-\d\d/.test(list.content ?? '') ? list.content : undefined;
    });
    expect(listed).toMatch(/\*\*#1\*\* .* in <#\d+> · last sent/);
    const posted = watchMessages();
    expect(posted).toHaveLength(1);
    expect(posted[0]!.id).toBe(orphan.id);
    expect(posted[0]!.content).toMatch(/new papers? from the latest sync/);
    expect(posted[0]!.embeds.map((e) => e.url ?? '').join(' ')).toContain(NEW.id);
    // Every attempt (the lost one, the resume, and any retry of the lost request) carried the same nonce.
    const bodies = watchPosts().map((r) => r.body as { nonce: string; enforce_nonce: boolean; allowed_mentions: unknown });
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    expect(new Set(bodies.map((b) => b.nonce)).size).toBe(1);
    expect(bodies.every((b) => b.enforce_nonce === true)).toBe(true);
    expect(bodies.every((b) => JSON.stringify(b.allowed_mentions) === '{"parse":[]}')).toBe(true);

    // The DM watch went to its maker's DM channel, once, and to nobody else.
    const dm = await eventually(async () => {
      const posts = fake.requests.filter((r) => r.method === 'POST' && MESSAGES.test(r.path) && /Your watch “/.test(String((r.body as { content?: string }).content)));
      return posts.length ? posts : undefined;
    });
    const dmChannel = /^\/channels\/(\d+)\/messages$/.exec(dm[0]!.path)![1]!;
    expect(fake.channel(dmChannel)?.recipientId).toBe(DM_USER.id);
    expect(fake.messages(dmChannel).filter((m) => /Your watch “/.test(m.content))).toHaveLength(1);

    // Another sync (nothing new) and another restart post nothing more.
    await second.app.sync.runNow();
    await second.stop();
    await startBot();
    await new Promise((r) => setTimeout(r, 500));
    expect(watchMessages()).toHaveLength(1);
    expect(new Set(watchPosts().map((r) => (r.body as { nonce: string }).nonce)).size).toBe(1);
    expect(fake.messages(dmChannel)).toHaveLength(1);
  }, 120_000);
});
