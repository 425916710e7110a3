// The bot as a real process (src/main.ts, what `npm start` runs), killed in the middle of a daily post
// and started again on the same database: the post completes and nothing is posted twice.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommands } from '../../src/discord/deploy.js';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { BOT_TOKEN } from './bot-harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN = { permissions: PermissionFlagsBits.ManageGuild };

/** A fixed-offset zone where it is around noon now, so the local date cannot roll over mid-test. */
function noonZone(): string {
  const d = 12 - new Date().getUTCHours();
  return d === 0 ? 'UTC' : d > 0 ? `Etc/GMT-${d}` : `Etc/GMT+${-d}`;
}

interface BotProcess {
  child: ChildProcess;
  log: () => string;
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

function startBotProcess(fake: FakeDiscord, dataDir: string): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DISCORD_TOKEN: BOT_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_GUILD_ID: fake.guildId, DISCORD_API_BASE: fake.apiBase, DATA_DIR: dataDir, LOG_LEVEL: 'info', DAILY_CHANNEL_ID: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    log: () => log,
    exited,
    async waitForLog(text, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!log.includes(text)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`bot never logged "${text}"; its output:\n${log}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

let fake: FakeDiscord;
let dataDir: string;
const running: BotProcess[] = [];

beforeAll(async () => {
  fake = await startFakeDiscord({ token: BOT_TOKEN, heartbeatIntervalMs: 1000, callbackDeadlineMs: 15_000, log: () => undefined });
  dataDir = mkdtempSync(join(tmpdir(), 'paperboy-restart-'));
  await deployCommands({ token: BOT_TOKEN, clientId: fake.applicationId, guildId: fake.guildId, apiBase: fake.apiBase });
});

afterAll(async () => {
  for (const p of running) p.child.kill('SIGKILL');
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a bot process killed mid-post', () => {
  it('finishes the post after a restart without posting anything twice, and shuts down gracefully', async () => {
    const channel = fake.channelId();
    const first = startBotProcess(fake, dataDir);
    running.push(first);
    await first.waitForLog('daily picks scheduled');
    const set = fake.interact.command({ name: 'daily', subcommand: 'set', options: { channel, time: '23:30', timezone: noonZone(), count: 3 }, member: ADMIN });
    await set.waitForEvent('original.edit');

    // Discord creates the first message, but its answer never reaches the bot: then the bot dies.
    fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 500, mode: 'commit-then-hang' });
    fake.interact.command({ name: 'daily', subcommand: 'now', member: ADMIN });
    const orphan = await fake.waitForMessage(channel);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(fake.messages(channel)).toHaveLength(1);

    const second = startBotProcess(fake, dataDir);
    running.push(second);
    await second.waitForLog('daily picks posted');
    const posted = fake.messages(channel);
    expect(posted).toHaveLength(3);
    expect(posted[0]!.id).toBe(orphan.id);
    expect(posted[0]!.content).toMatch(/Daily picks/);
    expect(new Set(posted.map((m) => m.embeds[0]!.title)).size).toBe(3);
    const nonces = fake.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path)).map((r) => (r.body as { nonce: string; enforce_nonce: boolean }));
    expect(nonces.every((b) => b.enforce_nonce === true)).toBe(true);
    expect(new Set(nonces.map((b) => b.nonce)).size).toBe(3); // the resend reused the orphan's nonce

    const again = fake.interact.command({ name: 'daily', subcommand: 'now', member: ADMIN });
    expect(JSON.stringify((await again.waitForEvent('original.edit')).body)).toMatch(/already/i);
    expect(fake.messages(channel)).toHaveLength(3);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.log()).toMatch(/disconnected from Discord/);
    expect(second.log()).not.toContain(BOT_TOKEN);
  }, 90_000);
});
