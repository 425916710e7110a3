// The README is part of the product: every command it shows that can run offline is run here, as written
// (file names swapped for temporary files, corpus and state pointed at temporary copies).
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath, openDatabase } from '../src/store/db.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'paperboy-readme-'));
const corpusDir = join(work, 'corpus');
cpSync(join(ROOT, 'corpus'), corpusDir, { recursive: true });
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Shell lines of every ```sh block, comments dropped, plus inline `echo ... | npm start` examples. */
function readmeCommands(): string[] {
  const lines: string[] = [];
  for (const block of README.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.split('\n')) {
      const line = raw.replace(/\s+#.*$/, '').trim();
      if (line) lines.push(line);
    }
  }
  for (const m of README.matchAll(/`(echo [^`]+\| npm start[^`]*)`/g)) lines.push(m[1]!);
  return [...new Set(lines)];
}

/** What cannot or must not run inside the test suite, and why. */
const NOT_RUN: Record<string, string> = {
  'npm install && npm start': 'installs packages (CI does it) and opens an interactive console (test/e2e/first-run covers npm start)',
  'npm test': 'this very suite',
};

const FILES: Record<string, string> = {
  'export.json': join(ROOT, 'test/fixtures/hf-daily-sample.json'),
  'daily_papers.json': join(ROOT, 'test/fixtures/hf-daily-sample.json'),
  'backup.sqlite': join(work, 'backup.sqlite'),
};

function asRun(line: string): string {
  return line.replace(/\b(export\.json|daily_papers\.json|backup\.sqlite)\b/g, (f) => FILES[f]!);
}

const run = promisify(execFile);

describe('README commands', () => {
  const commands = readmeCommands();

  it('shows the CLI, corpus and console commands this suite runs', () => {
    expect(commands.filter((c) => c.startsWith('npx paperboy')).length).toBeGreaterThanOrEqual(10);
    expect(commands).toContain('npm run corpus:build');
    expect(commands.some((c) => c.includes('| npm start'))).toBe(true);
  });

  it.each(commands.filter((c) => !(c in NOT_RUN)))('%s', async (line) => {
    const env = { ...process.env, CORPUS_DIR: corpusDir, DATA_DIR: join(work, 'data'), DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '', NO_COLOR: '1' };
    if (line.includes('paperboy backup') && !existsSync(databasePath(join(work, 'data')))) {
      openDatabase(databasePath(join(work, 'data'))).close(); // the bot's first start creates it
    }
    const { stdout } = await run('bash', ['-o', 'pipefail', '-c', asRun(line)], { cwd: ROOT, env, timeout: 60_000 });
    expect(stdout.trim().length, `${line} printed nothing`).toBeGreaterThan(0);
  });
});
