// `npm run deploy-commands` as a person runs it, against the fake Discord: idempotent, says what changed.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import { BOT_TOKEN } from './bot-harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let fake: FakeDiscord;

beforeAll(async () => {
  fake = await startFakeDiscord({ token: BOT_TOKEN, log: () => undefined });
});
afterAll(() => fake?.close());

function deploy(env: Record<string, string>) {
  return promisify(execFile)('npm', ['run', '--silent', 'deploy-commands'], {
    cwd: ROOT,
    timeout: 60_000,
    env: { ...process.env, DISCORD_TOKEN: BOT_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_GUILD_ID: fake.guildId, DISCORD_API_BASE: fake.apiBase, ...env },
  });
}

describe('npm run deploy-commands', () => {
  it('registers every command to the server, then reports nothing changed on a second run', async () => {
    const first = await deploy({});
    expect(first.stdout).toMatch(new RegExp(`Deployed ${commands.length} commands to server ${fake.guildId}`));
    expect(first.stdout).toMatch(/added: \/search, \/paper/);
    expect(fake.commands(fake.guildId)).toHaveLength(commands.length);

    const second = await deploy({});
    expect(second.stdout).toMatch(/added: none/);
    expect(second.stdout).toMatch(/updated: none/);
    expect(second.stdout).toMatch(new RegExp(`unchanged: ${commands.length}`));
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(2);
  });

  it('registers globally when no server is given', async () => {
    const r = await deploy({ DISCORD_GUILD_ID: '' });
    expect(r.stdout).toMatch(/globally/);
    expect(fake.commands()).toHaveLength(commands.length);
  });

  it('explains what is missing instead of failing obscurely', async () => {
    await expect(deploy({ DISCORD_TOKEN: '' })).rejects.toMatchObject({ stderr: expect.stringMatching(/DISCORD_TOKEN and DISCORD_CLIENT_ID must be set/) });
  });
});
