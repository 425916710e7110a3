// Bot and console start-up at real sizes (issue 13 targets: start to ready at ~10k papers <= 1.5 s,
// RSS after start <= 250 MiB, 100k <= 5 s). Real child processes started the way users start them
// (`node bin/start.js`: the compiled build when dist/ is fresh), each against a corpus store that
// already holds the papers and its search snapshot (an unreported first run stores the snapshot):
//   - the bot against the fake Discord on 127.0.0.1: spawn -> "connected to Discord" (ready), RSS then,
//     and RSS once the post-login warm-up (similarity norms, autocomplete, typo tree) has finished;
//   - the console: spawn -> first /search reply printed, and its RSS then.
// Medians over interleaved runs; no pass/fail.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deployCommands } from '../src/discord/deploy.js';
import { BOT_TOKEN } from '../test/e2e/bot-harness.js';
import { startFakeDiscord } from '../test/support/fake-discord.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TIMEOUT_MS = 120_000;

export interface StartFigures {
  readyMs: number;
  /** CPU time (user + system) the process had used when it was ready: the start-up's own cost, whatever the machine's load. */
  cpuReadyMs: number;
  rssReadyMiB: number;
  /** RSS after the background warm-up finished (the bot) or after the first reply (the console). */
  rssAfterMiB: number;
  hwmMiB: number;
}

function procMemory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

function procCpuMs(pid: number): number {
  // /proc/<pid>/stat: fields 14 and 15 (utime, stime) after the parenthesised command name.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

function baseEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '', DISCORD_GUILD_ID: '', DISCORD_API_BASE: '', DAILY_CHANNEL_ID: '',
    LOG_LEVEL: '', NO_COLOR: '1', DATA_DIR: dataDir, CORPUS_DIR: `${ROOT}corpus`, SYNC_SCHEDULE: 'off',
  };
}

/** Spawns `node bin/start.js`, resolves with the child once `ready(output)` holds; rejects on exit or timeout. */
function startUntil(env: NodeJS.ProcessEnv, stdin: string | null, ready: (out: string) => boolean) {
  const start = performance.now();
  const child = spawn(process.execPath, ['bin/start.js'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const waitFor = (test: (out: string) => boolean) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; output:\n${out.slice(-2000)}`)), TIMEOUT_MS);
      const check = () => {
        if (test(out)) {
          clearTimeout(timer);
          resolve(performance.now() - start);
        }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited with ${code} before it was ready:\n${out.slice(-2000)}`));
      });
      check();
    });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  if (stdin !== null) child.stdin.write(stdin);
  return { child, ready: waitFor(ready), waitFor };
}

async function stop(child: ReturnType<typeof spawn>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** One bot start against a running fake Discord. */
async function botOnce(dataDir: string, fake: Awaited<ReturnType<typeof startFakeDiscord>>): Promise<StartFigures> {
  const env = { ...baseEnv(dataDir), DISCORD_TOKEN: BOT_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_GUILD_ID: fake.guildId, DISCORD_API_BASE: fake.apiBase, LOG_LEVEL: 'info' };
  const run = startUntil(env, null, (out) => out.includes('connected to Discord'));
  try {
    const readyMs = await run.ready;
    const cpuReadyMs = procCpuMs(run.child.pid!);
    const atReady = procMemory(run.child.pid!);
    await run.waitFor((out) => out.includes('search warmed up'));
    await new Promise((r) => setTimeout(r, 500)); // let the warm-up's garbage be collected
    const after = procMemory(run.child.pid!);
    return { readyMs, cpuReadyMs, rssReadyMiB: atReady.rss, rssAfterMiB: after.rss, hwmMiB: after.hwm };
  } finally {
    await stop(run.child);
  }
}

/** The first result line of a /search reply in the console. */
const REPLY_MARK = '│ 1. ';

/** One console start: spawn -> the first /search reply printed. */
async function consoleOnce(dataDir: string): Promise<StartFigures> {
  const run = startUntil(baseEnv(dataDir), '/search gradient clipping\n', (out) => out.includes(REPLY_MARK));
  try {
    const readyMs = await run.ready;
    const cpuReadyMs = procCpuMs(run.child.pid!);
    const m = procMemory(run.child.pid!);
    return { readyMs, cpuReadyMs, rssReadyMiB: m.rss, rssAfterMiB: m.rss, hwmMiB: m.hwm };
  } finally {
    run.child.stdin.end('quit\n');
    await stop(run.child);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

function medians(xs: StartFigures[]): StartFigures {
  return {
    readyMs: median(xs.map((x) => x.readyMs)),
    cpuReadyMs: median(xs.map((x) => x.cpuReadyMs)),
    rssReadyMiB: median(xs.map((x) => x.rssReadyMiB)),
    rssAfterMiB: median(xs.map((x) => x.rssAfterMiB)),
    hwmMiB: median(xs.map((x) => x.hwmMiB)),
  };
}

/** Bot and console start-up over the store in `dataDir`, `runs` interleaved runs after one warm-up each. */
export async function measureBotStart(dataDir: string, runs: number): Promise<{ bot: StartFigures; console: StartFigures }> {
  const fake = await startFakeDiscord({ token: BOT_TOKEN, heartbeatIntervalMs: 5_000, callbackDeadlineMs: 15_000, log: () => undefined });
  try {
    await deployCommands({ token: BOT_TOKEN, clientId: fake.applicationId, guildId: fake.guildId, apiBase: fake.apiBase });
    const bot: StartFigures[] = [];
    const cons: StartFigures[] = [];
    for (let i = -1; i < runs; i++) {
      const b = await botOnce(dataDir, fake);
      const c = await consoleOnce(dataDir);
      if (i < 0) continue;
      bot.push(b);
      cons.push(c);
    }
    return { bot: medians(bot), console: medians(cons) };
  } finally {
    await fake.close();
  }
}

export function formatStart(label: string, r: { bot: StartFigures; console: StartFigures }): string[] {
  const f = (x: StartFigures) => `ready ${x.readyMs.toFixed(0)} ms (CPU ${x.cpuReadyMs.toFixed(0)} ms), RSS at ready ${x.rssReadyMiB.toFixed(0)} MiB, after start ${x.rssAfterMiB.toFixed(0)} MiB, peak ${x.hwmMiB.toFixed(0)} MiB`;
  return [`${label} bot (spawn -> connected; RSS after the warm-up): ${f(r.bot)}`, `${label} console (spawn -> first /search reply): ${f(r.console)}`];
}
