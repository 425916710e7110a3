// `npm run start:sharded` for real: discord.js's ShardingManager forks one bot process per shard against
// the fake Discord serving two shards. Each guild's daily post goes out exactly once, from the shard that
// owns the guild, and stays that way when a shard process is killed (and respawned) and when the whole
// bot restarts; interactions in guilds on both shards are answered.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommands } from '../../src/discord/deploy.js';
import { databasePath, openDatabase } from '../../src/store/db.js';
import { createGuildSettingsRepo } from '../../src/store/guild-settings.js';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { BOT_TOKEN } from './bot-harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Snowflakes whose shard (of 2) is n % 2. */
const GUILD_A = String(100_000_000_000n << 22n);
const GUILD_B = String(100_000_000_001n << 22n);
const PICKS = 2;

/** A fixed-offset zone where it is around noon now, so the local date cannot roll over mid-test. */
function noonZone(): string {
  const d = 12 - new Date().getUTCHours();
  return d === 0 ? 'UTC' : d > 0 ? `Etc/GMT-${d}` : `Etc/GMT+${-d}`;
}

interface LogLine {
  msg?: string;
  shard?: number;
  pid?: number;
  guild?: string;
  component?: string;
}

interface Sharded {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
  lines(): LogLine[];
  waitForLines(what: string, pred: (l: LogLine[]) => boolean, timeoutMs?: number): Promise<LogLine[]>;
}

/** The manager process, as `npm run start:sharded` runs it; shards inherit its stdout/stderr. */
function startSharded(fake: FakeDiscord, dataDir: string): Sharded {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/shard/manager.ts'], {
    cwd: ROOT,
    env: {
      ...process.env, DISCORD_TOKEN: BOT_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_API_BASE: fake.apiBase,
      DATA_DIR: dataDir, LOG_LEVEL: 'info', SHARD_COUNT: 'auto', DAILY_CHANNEL_ID: '', DISCORD_GUILD_ID: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = () =>
    out.split('\n').flatMap((l) => {
      try {
        return [JSON.parse(l) as LogLine];
      } catch {
        return [];
      }
    });
  return {
    child, exited, output: () => out, lines,
    async waitForLines(what, pred, timeoutMs = 150_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const all = lines();
        if (pred(all)) return all;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`sharded bot never logged ${what}; its output:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

const count = (lines: LogLine[], msg: string, shard?: number) => lines.filter((l) => l.msg === msg && (shard === undefined || l.shard === shard)).length;

let fake: FakeDiscord;
let dataDir: string;
const running: Sharded[] = [];

beforeAll(async () => {
  fake = await startFakeDiscord({
    token: BOT_TOKEN, shards: 2, maxConcurrency: 2, heartbeatIntervalMs: 1000, callbackDeadlineMs: 15_000, log: () => undefined,
    guilds: [{ id: GUILD_A, channels: [{ name: 'papers' }] }, { id: GUILD_B, channels: [{ name: 'papers' }] }],
  });
  dataDir = mkdtempSync(join(tmpdir(), 'paperboy-shard-'));
  await deployCommands({ token: BOT_TOKEN, clientId: fake.applicationId, apiBase: fake.apiBase });
  // Both servers had daily picks set up days ago, due at midnight: today's post is due the moment a shard starts.
  const db = openDatabase(databasePath(dataDir));
  const settings = createGuildSettingsRepo(db);
  const since = new Date(Date.now() - 2 * 86_400_000);
  for (const guild of [GUILD_A, GUILD_B]) {
    settings.save(guild, { channelId: fake.channelId('papers', guild), time: '00:00', timezone: noonZone(), count: PICKS, topic: null }, 'command', since);
  }
  db.close();
});

afterAll(async () => {
  for (const p of running) p.child.kill('SIGKILL');
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function answered(guildId: string): Promise<void> {
  const h = fake.interact.command({ name: 'search', guildId, options: { query: 'diffusion' } });
  const cb = await h.callback(20_000);
  expect([4, 5]).toContain(cb.type);
}

function postsIn(guildId: string) {
  return fake.messages(fake.channelId('papers', guildId));
}

describe('npm run start:sharded against a two-shard Discord', () => {
  it('posts each guild\'s daily picks once, from its own shard, across a shard crash and a full restart', async () => {
    expect([fake.shardOf(GUILD_A), fake.shardOf(GUILD_B)]).toEqual([0, 1]);
    const first = startSharded(fake, dataDir);
    running.push(first);
    await first.waitForLines('"all shards ready"', (l) => count(l, 'all shards ready') === 1);
    expect(fake.identifies.map((i) => i.shard)).toEqual(expect.arrayContaining([[0, 2], [1, 2]]));
    await fake.waitFor(() => postsIn(GUILD_A).length >= PICKS && postsIn(GUILD_B).length >= PICKS, { timeoutMs: 120_000, describe: () => 'for both daily posts' });
    const logs = await first.waitForLines('both daily posts', (l) => count(l, 'daily picks posted') === 2 && count(l, 'daily picks scheduled') === 2);
    // Each post came from the shard that owns the guild; each shard scheduled only its own guild.
    expect(logs.filter((l) => l.msg === 'daily picks posted').map((l) => [l.guild, l.shard]).sort()).toEqual([[GUILD_A, 0], [GUILD_B, 1]]);
    expect(logs.filter((l) => l.msg === 'daily picks scheduled').map((l) => [l.shard, (l as { servers?: number }).servers]).sort()).toEqual([[0, 1], [1, 1]]);
    await answered(GUILD_A);
    await answered(GUILD_B);

    // Shard 1's process dies; the manager respawns it, and its catch-up finds today's post already sent.
    const pid1 = logs.find((l) => l.shard === 1 && l.msg === 'connected to Discord')?.pid;
    expect(pid1).toBeTypeOf('number');
    process.kill(pid1!, 'SIGKILL');
    await first.waitForLines('a respawned shard 1', (l) => l.some((x) => x.shard === 1 && x.msg === 'daily picks scheduled' && x.pid !== pid1));
    await answered(GUILD_B);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    // A full restart on the same database: both shards catch up, nothing is posted again.
    const second = startSharded(fake, dataDir);
    running.push(second);
    await second.waitForLines('both shards scheduled', (l) => count(l, 'daily picks scheduled') === 2);
    await answered(GUILD_A);
    await answered(GUILD_B);
    const again = fake.interact.command({ name: 'daily', subcommand: 'now', guildId: GUILD_B, member: { permissions: PermissionFlagsBits.ManageGuild } });
    expect(JSON.stringify((await again.waitForEvent('original.edit', 1, 20_000)).body)).toMatch(/already/i);
    expect(postsIn(GUILD_A)).toHaveLength(PICKS);
    expect(postsIn(GUILD_B)).toHaveLength(PICKS);
    expect(count(second.lines(), 'daily picks posted')).toBe(0);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(count(second.lines(), 'disconnected from Discord')).toBe(2);
    expect(first.output() + second.output()).not.toContain(BOT_TOKEN);
    // Generous: three rounds of process start-up, which on a loaded 2-core machine take tens of seconds each.
  }, 400_000);
});
