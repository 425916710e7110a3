// `npm run start:sharded` refusing to start: each problem is one clear line and exit code 1, and a shard
// that cannot start does not leave the manager respawning it forever.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { BOT_TOKEN } from './bot-harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runManager(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/shard/manager.ts'], {
      cwd: ROOT,
      env: { ...process.env, DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '', DISCORD_GUILD_ID: '', DISCORD_API_BASE: '', DAILY_CHANNEL_ID: '', SHARD_COUNT: '', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stderr += d.toString()));
    // Generous: loading tsx and the manager takes a minute or more on a heavily loaded 2-core machine.
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

let fake: FakeDiscord;
let dataDir: string;

beforeAll(async () => {
  fake = await startFakeDiscord({ token: BOT_TOKEN, shards: 2, maxConcurrency: 2, log: () => undefined });
  dataDir = mkdtempSync(join(tmpdir(), 'paperboy-shard-start-'));
});

afterAll(async () => {
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

// Independent processes: run them side by side.
describe.concurrent('npm run start:sharded refusing to start', () => {
  it('needs a token', async () => {
    const r = await runManager({});
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('paperboy: `npm run start:sharded` needs DISCORD_TOKEN (and DISCORD_CLIENT_ID); without a token use `npm start` for the local console.');
  }, 250_000);

  it('names a bad SHARD_COUNT', async () => {
    const r = await runManager({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, SHARD_COUNT: 'many' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Invalid configuration.*\n {2}SHARD_COUNT must be auto or a whole number from 1 to 128\n$/);
  }, 250_000);

  it('says which API did not give a shard count', async () => {
    const r = await runManager({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_API_BASE: `${fake.apiBase}/nowhere` });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^paperboy: could not read the shard count from http:\/\/127\.0\.0\.1:\d+\/api\/nowhere\/v10\/gateway\/bot: /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  }, 250_000);

  it('stops, without respawning, when a shard cannot start', async () => {
    const r = await runManager({
      DISCORD_TOKEN: BOT_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_API_BASE: fake.apiBase, DATA_DIR: dataDir, CORPUS_DIR: join(dataDir, 'no-corpus'),
    });
    expect(r.code).toBe(1);
    // The shard's own one-line reason, then the manager's.
    expect(r.stderr).toMatch(/paperboy: .*no-corpus/);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^paperboy: a shard failed to start \(.*\); its own error is printed above$/);
    expect(fake.identifies).toHaveLength(0);
  }, 250_000);
});
