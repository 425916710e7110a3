// First run as a newcomer does it: `npm start` in a fresh checkout, no .env, reading from a pipe.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CONSOLE_NOTICE } from '../../src/main.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-first-run-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs `npm start` with a clean Discord environment (blank beats any developer .env: dotenv never overrides). */
function npmStart(env: Record<string, string>, stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: { ...process.env, DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '', DISCORD_GUILD_ID: '', DISCORD_API_BASE: '', DAILY_CHANNEL_ID: '', LOG_LEVEL: '', DATA_DIR: dataDir, NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('npm start without Discord', () => {
  it('says it is starting the local console, then answers slash commands typed into a pipe', async () => {
    const r = await npmStart({}, '/search gradient clipping\n/paper peri-ln\nquit\n');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(CONSOLE_NOTICE);
    expect(r.stdout).toMatch(/Component-Wise Gradient Norm Clipping/);
    expect(r.stdout).toMatch(/Next ▶/);
    expect(r.stdout).toMatch(/Peri-LN: Revisiting Layer Normalization in the Transformer Architecture/);
    expect(r.stdout).not.toContain('\u001b['); // plain text in a pipe: no ANSI escapes
    expect(r.stderr).toBe('');
  });

  it.each([
    [{ DISCORD_TOKEN: 'definitely-not-a-token' }, /DISCORD_TOKEN looks malformed/],
    [{ DISCORD_TOKEN: 'MTE5ODc2NTQzMjEwOTg3NjU0Mw.GFakeX.fake-token-for-tests-0123456789abcdefghij' }, /DISCORD_CLIENT_ID is required/],
    [{ DAILY_TIMEZONE: 'Mars/Olympus' }, /DAILY_TIMEZONE must be an IANA time zone name/],
  ])('stops with a message naming the variable (%j)', async (env, message) => {
    const r = await npmStart(env, '');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('definitely-not-a-token');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing seed corpus on first start stops it with one line saying what is missing and how to fix it, not a stack trace', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'paperboy-no-seed-'));
    try {
      const r = await npmStart({ DATA_DIR: fresh, CORPUS_DIR: join(fresh, 'no-corpus-here') }, '');
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(/^paperboy: cannot create the corpus store .*corpus\.sqlite from the seed corpus: .*no-corpus-here\/manifest\.json: file not found; set CORPUS_DIR to paperboy's corpus\/ folder$/);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('refuses a damaged state database with one line naming the file, and leaves it as it was', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'paperboy-broken-'));
    const file = join(broken, 'console.sqlite');
    writeFileSync(file, 'this is not a database');
    try {
      const r = await npmStart({ DATA_DIR: broken }, '/topics\n');
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(file);
      expect(r.stderr).toMatch(/unreadable/);
      expect(readFileSync(file, 'utf8')).toBe('this is not a database');
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
