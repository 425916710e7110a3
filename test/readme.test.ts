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

/** Every `inline code` span of the README. */
const SPANS = [...README.matchAll(/(?<!`)`([^`\n]+)`(?!`)/g)].map((m) => m[1]!.trim());

/**
 * Shell lines of every ```sh block (comments dropped), plus every inline span that is a shell command
 * (npx, npm, echo/printf into npm start, cp): a new example anywhere in the README is picked up here.
 */
function readmeCommands(): string[] {
  const lines: string[] = [];
  for (const block of README.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.split('\n')) {
      const line = raw.replace(/\s+#.*$/, '').trim();
      if (line) lines.push(line);
    }
  }
  // `paperboy search … --json` abbreviates a command rather than giving one.
  // `npx paperboy` and `npx paperboy search` in prose name the tool or a command; they are not lines to run.
  const nameOnly = (span: string) => /^npx paperboy( [a-z]+)?$/.test(span);
  for (const span of SPANS) if (/^(npx|npm|echo|printf|cp) /.test(span) && !span.includes('…') && !nameOnly(span)) lines.push(span);
  return [...new Set(lines)];
}

/** What cannot or must not run inside the test suite, and why. */
const NOT_RUN: Record<string, string> = {
  'npm install && npm start': 'installs packages (CI does it) and opens an interactive console (test/e2e/first-run covers npm start)',
  'npm install': 'installs packages (CI does it)',
  'npm start': 'opens the console or the bot and waits (test/e2e/first-run covers it; the piped echo example runs here)',
  'npm test': 'this very suite',
  'npm run bench': 'minutes of benchmarks, outside the test suite by design',
  'npm run deploy-commands': 'needs a real DISCORD_TOKEN (test/e2e/deploy runs the same code against the fake Discord)',
  'npm run build': 'npm ci runs it (prepare); rebuilding dist/ here would race the CLI tests that run it',
  'npm run start:sharded': 'starts shard processes and waits (test/e2e/shard runs the manager against the fake Discord)',
  'npm run bench:sync': 'a benchmark, outside the test suite by design',
  'npm run bench:sync -- --skip-backfill': 'a benchmark, outside the test suite by design',
  'npx tsx bench/store-startup.ts --runs 3': 'minutes of start-up and import benchmarks over the real export and a 100k store',
  'npm run bench:load': 'a 60-second load benchmark, outside the test suite by design',
  'npm run semantic:train': 'minutes of training that rewrite the committed model (test/semantic checks the committed one)',
  'npx vitest run test/corpus/topics': 'part of this very suite',
  'npx tsx bench/relevance-real.ts': 'a benchmark over the real export (test/search/relevance-real runs the same harness)',
  'npx tsx bench/relevance-real.ts --set both --module scripts/semantic-systems.ts --export semantic': 'a benchmark over the real export',
  'npx tsx bench/relevance-real.ts --set both --split all --module scripts/semantic-systems.ts --export lexical': 'a benchmark over the real export (four rankers, both sets)',
  'npx tsx scripts/semantic-latency.ts': 'a benchmark, outside the test suite by design',
  'npx tsx scripts/rank-tune.ts': 'a tuning run over the real export (about 40 rankers built in turn), outside the test suite by design',
  'npx tsx bench/watch-threshold.ts': 'a benchmark over the real export (a minute of scoring judged pairs)',
  'npx tsx bench/watch-detect.ts': 'a benchmark over the real export',
  'npx tsx scripts/semantic-load-time.ts': 'a benchmark, outside the test suite by design',
  'npx tsx scripts/chart-timing.ts': 'a timing run over the real export, outside the test suite by design (test/chart renders charts)',
  'cp .env.example .env': 'would overwrite a developer’s .env; test/harden/config-docs parses .env.example as a copied .env',
};

const FILES: Record<string, string> = {
  'export.json': join(ROOT, 'test/fixtures/hf-daily-sample.json'),
  'daily_papers.json': join(ROOT, 'test/fixtures/hf-daily-sample.json'),
  'day-1.json': join(ROOT, 'test/fixtures/hf-daily-sample.json'),
  'day-2.json': join(ROOT, 'test/fixtures/hf-daily-sample-2.json'),
  'backup.sqlite': join(work, 'backup.sqlite'),
};

function asRun(line: string): string {
  // Files the examples write (any *.sqlite copy, a *.png chart) go to the temporary directory, never the checkout.
  return line.replace(/\b(export\.json|daily_papers\.json|day-[12]\.json)\b/g, (f) => FILES[f]!).replace(/(?<![\w/.-])([\w-]+\.(?:sqlite|png))\b/g, (f) => join(work, f));
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
    const { stdout } = await run('bash', ['-o', 'pipefail', '-c', asRun(line)], { cwd: ROOT, env, timeout: 120_000 });
    expect(stdout.trim().length, `${line} printed nothing`).toBeGreaterThan(0);
    // A line may start several processes (`a && b`): the test waits as long as the command may run.
  }, 125_000);
});

// ---- console examples ----------------------------------------------------------------------------

/**
 * Slash-command examples typed in the console: inline spans such as `/search gradient clipping`, and the
 * `paperboy> …` lines of transcripts. Usage patterns (with [optional] parts or a/b/c alternatives) are not
 * examples; a bare command name that needs options (`/paper`) is a reference to the command, not a line to type.
 */
async function consoleExamples(): Promise<{ run: string[]; references: string[] }> {
  const { commands } = await import('../commands/index.js');
  const { parseLine } = await import('../src/console/parse-line.js');
  const defs = commands.map((c) => c.data);
  const names = new Set(defs.map((d) => d.name));
  const transcript = [...README.matchAll(/^paperboy> (.+)$/gm)].map((m) => m[1]!.trim());
  // An ellipsis abbreviates an example (`/daily set channel:#papers …`) rather than giving one.
  const inline = SPANS.filter((s) => /^\/[a-z]+/.test(s) && names.has(/^\/([a-z]+)/.exec(s)![1]!) && !/[[\]…]/.test(s) && !/^\/\S*\/|^\/\S+ \S+\//.test(s));
  const run: string[] = [];
  const references: string[] = [];
  for (const line of [...new Set([...transcript, ...inline])]) {
    const parsed = parseLine(line, defs);
    const bare = line.split(' ').length <= 2 && parsed.kind === 'error' && / needs /.test(parsed.message);
    (bare ? references : run).push(line);
  }
  // Set daily picks and the weekly digest up before the lines that read them, and switch them off last.
  const rank = (l: string) => (/^\/(daily|weekly) set/.test(l) ? 0 : /^\/(daily|weekly) off/.test(l) ? 2 : 1);
  return { run: run.sort((a, b) => rank(a) - rank(b)), references };
}

/** Console examples that answer with a refusal by design, and why. */
const EXPECTED_REFUSALS: Record<string, RegExp> = {
  '/daily now': /Posting needs the Discord connection/, // the console never posts
  '/weekly now': /Posting needs the Discord connection/,
};

describe('README console examples', async () => {
  const { run, references } = await consoleExamples();
  const { createContext } = await import('../src/bootstrap.js');
  const { loadConfig } = await import('../src/config.js');
  const { createLogger } = await import('../src/logger.js');
  const { buildRegistry } = await import('../src/dispatch.js');
  const { commands } = await import('../commands/index.js');
  const { createSession } = await import('../src/console/session.js');
  const config = loadConfig({ CORPUS_DIR: corpusDir, DATA_DIR: join(work, 'console-data') }, ROOT);
  // The console's own set-up, as src/main.ts makes it: its pretend server's settings in console.sqlite.
  const app = await createContext(config, createLogger('silent'), { databaseFile: join(work, 'console-data', 'console.sqlite') });
  afterAll(() => app.close());
  const session = createSession(app.ctx, buildRegistry(commands), { width: () => 100, color: false });

  it('finds the examples (the command table, the daily set line, the transcript)', () => {
    expect(run).toEqual(expect.arrayContaining(['/paper spam', '/daily set channel:#papers time:08:30 timezone:Europe/Berlin', '/search query:gradient clipping has_code:true', '/about']));
    expect(references).toEqual(expect.arrayContaining(['/paper']));
  });

  it.each(run)('%s', async (line) => {
    const { text } = await session.handle(line);
    expect(text.length, `${line} showed nothing`).toBeGreaterThan(0);
    const refusal = EXPECTED_REFUSALS[line];
    if (refusal) expect(text).toMatch(refusal);
    else expect(text, text).not.toMatch(/^⚠️/m);
  });
});
