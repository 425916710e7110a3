// Start-up cost on the seed corpus as a user meets it, measured on real child processes from the repo root
// (bin/ runs the compiled build when dist/ is fresh, as after `npm install`):
//   - the CLI's first answer (`node bin/paperboy.js search ... --json --limit 1`), from a store whose search
//     snapshot is stored, and from one whose snapshot was dropped (rebuilt and stored again);
//   - the local console (`npm start` without a token) answering /topics and quitting;
//   - the bot's memory: a real `node bin/start.js` against an in-process fake Discord on 127.0.0.1,
//     RSS from /proc/<pid>/status after connecting and after 200 mixed interactions.
// Runs are interleaved round-robin after one unreported warm-up each (it fills tsx's transform cache), so
// drift on a shared machine spreads over all variants. Medians, minima and ratios; no pass/fail.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadCorpus } from '../src/corpus/load.js';
import { deployCommands } from '../src/discord/deploy.js';
import Database from 'better-sqlite3';
import { corpusStorePath } from '../src/corpus/store.js';
import { BOT_TOKEN } from '../test/e2e/bot-harness.js';
import { startFakeDiscord, type FakeDiscord } from '../test/support/fake-discord.js';
import { stats, type Stats } from './e2e-latency.js';
import { CORPUS_DIR, loadJudgedQueries } from './relevance.js';
import { ms } from './search-speed.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 7;
const INTERACTIONS = 200;
const CHILD_TIMEOUT_MS = 60_000;

/** A clean environment: no Discord settings from the shell or .env (dotenv never overrides a blank). */
function baseEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '', DISCORD_GUILD_ID: '', DISCORD_API_BASE: '', DAILY_CHANNEL_ID: '',
    LOG_LEVEL: '', NO_COLOR: '1', DATA_DIR: dataDir, CORPUS_DIR,
  };
}

interface ChildRun {
  wallMs: number;
  /** When stdout first contained `marker`, if one was given. */
  markerMs?: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a child to completion (SIGKILL after CHILD_TIMEOUT_MS) and times it from spawn to exit. */
function runChild(args: string[], env: NodeJS.ProcessEnv, stdin = '', marker?: string): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let markerMs: number | undefined;
    let wallMs = 0;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (marker && markerMs === undefined && stdout.includes(marker)) markerMs = performance.now() - start;
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', () => (wallMs = performance.now() - start));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n')[0] ?? ''}`));
      else resolve({ wallMs, ...(markerMs !== undefined ? { markerMs } : {}), code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

interface Variant {
  name: string;
  run: () => Promise<ChildRun>;
  /** Throws when the run did not produce what it should (so a broken run is never timed as a fast one). */
  check: (r: ChildRun) => void;
  marker?: string;
}

const CLI_ARGS = ['bin/paperboy.js', 'search', 'gradient clipping', '--json', '--limit', '1'];
const checkCli = (r: ChildRun) => {
  const out = JSON.parse(r.stdout) as { results: unknown[] };
  if (out.results.length !== 1) throw new Error(`CLI search returned ${out.results.length} results`);
};

export interface StartupReport {
  runs: number;
  timings: Array<{ name: string; wall: Stats; marker?: Stats }>;
  memory: MemoryReport;
}

export interface MemoryReport {
  interactions: number;
  connected: ProcMemory;
  half: ProcMemory;
  after: ProcMemory;
  wallMs: number;
}

interface ProcMemory {
  rssMib: number;
  hwmMib: number;
}

function procMemory(pid: number): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMib: kib('VmRSS') / 1024, hwmMib: kib('VmHWM') / 1024 };
}

/** Drops the stored search snapshot, so the next start rebuilds (and stores) it. */
function dropSnapshot(dataDir: string): void {
  const db = new Database(corpusStorePath(dataDir));
  try {
    db.prepare('DELETE FROM snapshots').run();
  } finally {
    db.close();
  }
}

async function measureTimings(dataDir: string, rebuildDir: string): Promise<StartupReport['timings']> {
  const variants: Variant[] = [
    { name: 'CLI search, snapshot loaded', run: () => runChild(CLI_ARGS, baseEnv(dataDir)), check: checkCli },
    {
      name: 'CLI search, snapshot rebuilt',
      run: () => {
        try {
          dropSnapshot(rebuildDir);
        } catch {
          // the first run creates the store
        }
        return runChild(CLI_ARGS, baseEnv(rebuildDir));
      },
      check: checkCli,
    },
    {
      name: 'console /topics then quit',
      marker: 'Topics (',
      run: () => runChild(['bin/start.js'], baseEnv(dataDir), '/topics\nquit\n', 'Topics ('),
      check: (r) => {
        if (!r.stdout.includes('Topics (')) throw new Error(`console printed no topic list: ${r.stdout.slice(0, 200)}`);
      },
    },
  ];
  const wall = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const marker = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let i = -1; i < RUNS; i++) {
    for (const v of variants) {
      const r = await v.run();
      v.check(r);
      if (i < 0) continue; // warm-up
      wall.get(v.name)?.push(r.wallMs);
      if (r.markerMs !== undefined) marker.get(v.name)?.push(r.markerMs);
    }
  }
  return variants.map((v) => ({
    name: v.name,
    wall: stats(wall.get(v.name) ?? []),
    ...(v.marker ? { marker: stats(marker.get(v.name) ?? []) } : {}),
  }));
}

/** Waits until `test()` holds, polling every 50 ms; throws after `timeoutMs`. */
async function until(test: () => boolean, what: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The real bot process against a fake Discord in this process: RSS after connecting and after INTERACTIONS replies. */
async function measureMemory(dataDir: string): Promise<MemoryReport> {
  const fake: FakeDiscord = await startFakeDiscord({
    token: BOT_TOKEN, heartbeatIntervalMs: 1_000, callbackDeadlineMs: 15_000, log: () => undefined, rateLimit: { limit: 100_000, windowMs: 1_000 },
  });
  let child: ReturnType<typeof spawn> | undefined;
  try {
    await deployCommands({ token: BOT_TOKEN, clientId: fake.applicationId, guildId: fake.guildId, apiBase: fake.apiBase });
    const env = { ...baseEnv(dataDir), DISCORD_TOKEN: BOT_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_GUILD_ID: fake.guildId, DISCORD_API_BASE: fake.apiBase, LOG_LEVEL: 'info' };
    const proc = spawn(process.execPath, ['bin/start.js'], { cwd: ROOT, env: { ...env, SYNC_SCHEDULE: 'off' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let log = '';
    const keep = (d: Buffer) => (log = (log + d.toString()).slice(-20_000));
    proc.stdout.on('data', keep);
    proc.stderr.on('data', keep);
    const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
    await until(() => log.includes('daily picks scheduled') || proc.exitCode !== null, () => `the bot to start; its output:\n${log}`);
    if (proc.exitCode !== null || proc.pid === undefined) throw new Error(`the bot exited during start-up:\n${log}`);
    const pid = proc.pid;
    const connected = procMemory(pid);

    const corpus = loadCorpus(CORPUS_DIR);
    const ids = corpus.papers.map((p) => p.id);
    const queries = loadJudgedQueries().map((q) => q.query);
    const at = <T>(xs: readonly T[], i: number) => xs[(i * 7) % xs.length] as T;
    const { interact } = fake;
    const mixed: Array<(i: number) => Promise<unknown>> = [
      (i) => interact.command({ name: 'search', options: { query: at(queries, i) } }).callback(),
      (i) => interact.command({ name: 'paper', options: { paper: at(ids, i) } }).callback(),
      (i) => interact.command({ name: 'similar', options: { paper: at(ids, i + 3) } }).callback(),
      (i) => interact.command({ name: 'ask', options: { question: at(queries, i + 5) } }).waitForEvent('original.edit'),
      () => interact.command({ name: 'topics' }).callback(),
    ];
    const start = performance.now();
    let half = connected;
    for (let i = 0; i < INTERACTIONS; i++) {
      await (mixed[i % mixed.length] as (i: number) => Promise<unknown>)(Math.floor(i / mixed.length));
      if (i === INTERACTIONS / 2 - 1) half = procMemory(pid);
    }
    const wallMs = performance.now() - start;
    const after = procMemory(pid);
    fake.assertNoUnexpectedRequests();

    proc.kill('SIGTERM');
    const stopTimer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(stopTimer);
    return { interactions: INTERACTIONS, connected, half, after, wallMs };
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await fake.close();
  }
}

const mib = (x: number) => `${x.toFixed(1)} MiB`;
const signedMs = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)} ms`;

export function formatStartup(r: StartupReport): string {
  const lines = [`Start-up, child processes from the repo root (${r.runs} runs each after 1 warm-up; median / min)`, ''];
  for (const t of r.timings) {
    lines.push(`  ${t.name.padEnd(30)} exit ${ms(t.wall.median).padStart(9)} / ${ms(t.wall.min).padStart(9)}`);
    if (t.marker) lines.push(`  ${''.padEnd(30)} first reply ${ms(t.marker.median)} / ${ms(t.marker.min)}`);
  }
  const [loaded, rebuilt] = r.timings;
  if (loaded && rebuilt) {
    lines.push(
      '',
      `  snapshot rebuild vs load at start-up: ${(rebuilt.wall.median / loaded.wall.median).toFixed(2)}x ` +
        `(median difference ${signedMs(rebuilt.wall.median - loaded.wall.median)})`,
    );
  }
  const m = r.memory;
  lines.push(
    '',
    `Bot process memory (node bin/start.js against the fake Discord; ${m.interactions} mixed interactions in ${ms(m.wallMs)})`,
    '',
    `  ${'when'.padEnd(28)} ${'VmRSS'.padStart(10)} ${'VmHWM'.padStart(10)}`,
    `  ${'connected, daily scheduled'.padEnd(28)} ${mib(m.connected.rssMib).padStart(10)} ${mib(m.connected.hwmMib).padStart(10)}`,
    `  ${`after ${m.interactions / 2} interactions`.padEnd(28)} ${mib(m.half.rssMib).padStart(10)} ${mib(m.half.hwmMib).padStart(10)}`,
    `  ${`after ${m.interactions} interactions`.padEnd(28)} ${mib(m.after.rssMib).padStart(10)} ${mib(m.after.hwmMib).padStart(10)}`,
  );
  return lines.join('\n');
}

export async function measureStartup(): Promise<StartupReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-bench-data-'));
  const noIndexDir = mkdtempSync(join(tmpdir(), 'paperboy-bench-rebuild-'));
  try {
    const timings = await measureTimings(dataDir, noIndexDir);
    const memory = await measureMemory(dataDir);
    return { runs: RUNS, timings, memory };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(noIndexDir, { recursive: true, force: true });
  }
}

export async function runStartup(): Promise<string[]> {
  const r = await measureStartup();
  console.log(formatStartup(r));
  const [loaded, rebuilt] = r.timings;
  const m = r.memory;
  return [
    ...r.timings.map((t) => `${t.name}: median ${ms(t.wall.median)}, min ${ms(t.wall.min)} (n=${t.wall.n})${t.marker ? `; first reply median ${ms(t.marker.median)}` : ''}`),
    ...(loaded && rebuilt ? [`snapshot rebuild/load at start-up ${(rebuilt.wall.median / loaded.wall.median).toFixed(2)}x (${signedMs(rebuilt.wall.median - loaded.wall.median)})`] : []),
    `bot RSS connected ${mib(m.connected.rssMib)}, after ${m.interactions} interactions ${mib(m.after.rssMib)}, peak (VmHWM) ${mib(m.after.hwmMib)}`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runStartup();
