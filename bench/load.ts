// Load: the real bot as its own process (`node --import tsx src/main.ts`, what `npm start` runs) serving
// the ~9,000-paper real corpus, driven through the fake Discord on 127.0.0.1 by an open-loop generator:
// a fixed rate of mixed interactions (/search, /paper, /similar, /ask, autocomplete, Next buttons),
// injected on schedule whether or not earlier ones were answered, so a slow bot cannot slow the arrivals.
//
//   npm run bench:load                       200/s for 60 s (also a step of `npm run bench`)
//   npm run bench:load -- --long             100,000 interactions at 200/s (~8.5 min): is RSS flat?
//   npm run bench:load -- --profile          same as the default, with a V8 CPU profile of the bot summarised
//   npm run bench:load -- --rate 100 --seconds 30
//
// Measured: time from injecting INTERACTION_CREATE to the fake accepting the bot's first callback (what
// Discord's 3 s deadline is about), per kind; /ask's deferred answer separately; every interaction answered
// exactly once (no missing, late or second callback); the bot's RSS and CPU each second; the machine's load.
// The generator and the fake share this process; its own event-loop delay is reported, since a lagging
// generator inflates the latencies it measures. Targets (issue 12): p99 <= 100 ms, RSS flat.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { APIMessage } from 'discord-api-types/v10';
import type { Corpus } from '../src/corpus/corpus.js';
import { CORPUS_DB_FILE, openCorpusStore } from '../src/corpus/store.js';
import { deployCommands } from '../src/discord/deploy.js';
import { GENERIC_ERROR } from '../src/dispatch.js';
import type { ReplyPayload } from '../src/reply.js';
import { BOT_TOKEN, customIds } from '../test/e2e/bot-harness.js';
import { startFakeDiscord, type FakeDiscord, type InteractionHandle } from '../test/support/fake-discord.js';
import { installLoadCorpus } from './load-corpus.js';
import { prng } from './search-speed.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGET_P99_MS = 100;
/** Discord's initial-response deadline; the fake enforces it, so a later callback is refused (404). */
const DEADLINE_MS = 3_000;
const WARMUP_S = 5;
/** Interactions older than this are forgotten by the fake (after being tallied) so a long run stays bounded. */
const PRUNE_AFTER_MS = 30_000;

export interface LoadOptions {
  rate: number;
  /** Total interactions in the measured phase. */
  interactions: number;
  profile: boolean;
}

type Kind = 'search' | 'paper' | 'similar' | 'ask' | 'autocomplete' | 'button';
/** The mix, in interactions out of 100. */
const MIX: [Kind, number][] = [['search', 25], ['autocomplete', 25], ['paper', 15], ['button', 15], ['similar', 10], ['ask', 10]];
const EXPECTED: Record<Kind, number[]> = {
  search: [4, 5], paper: [4, 5], similar: [4, 5], ask: [5], autocomplete: [8], button: [7, 6],
};

interface Pending {
  kind: Kind;
  injectedAt: number;
  handle: InteractionHandle;
}

interface Tally {
  injected: number;
  answered: number;
  /** Callback refused because it came after the deadline, or never came. */
  late: number;
  missing: number;
  /** A second initial response attempted for an interaction (Discord: 40060 already acknowledged). */
  doubled: number;
  /** Callback of the wrong type, or our generic error text. */
  odd: number;
  /** /ask deferrals whose answer never replaced the placeholder. */
  unfinished: number;
}

export interface LoadReport {
  options: LoadOptions;
  papers: number;
  seconds: number;
  achievedRate: number;
  tally: Tally;
  firstCallback: Map<Kind | 'all', number[]>;
  askAnswer: number[];
  rss: { t: number; mb: number; interactions: number }[];
  /** This process (generator + fake Discord), sampled alongside: if it grew or was busy, that would inflate the bot's figures. */
  generatorRss: { t: number; mb: number }[];
  generatorCpuMsPerInteraction: number;
  botCpuPercent: number;
  /** The bot's CPU time (user + system) during the measured phase, per interaction: what one core can sustain is 1000 / this per second. */
  botCpuMsPerInteraction: number;
  load: { start: number[]; end: number[]; cores: number };
  generatorLagMs: { p50: number; p99: number; max: number };
  profile?: string[];
}

const pct = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

function procStat(pid: number): { rssMb: number; cpuTicks: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { rssMb: rssKb / 1024, cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

interface Bot {
  child: ChildProcess;
  errors: string[];
  /** The last few KiB of stderr, for a bot that dies before connecting. */
  tail(): string;
  exited: Promise<number | null>;
}

function startBot(fake: FakeDiscord, dataDir: string, profileDir: string | null): Bot {
  const args = [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), '--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env, DISCORD_TOKEN: BOT_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_GUILD_ID: fake.guildId, DISCORD_API_BASE: fake.apiBase,
      DATA_DIR: dataDir, LOG_LEVEL: 'info', DAILY_CHANNEL_ID: '', SHARD_COUNT: '', NO_COLOR: '1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const errors: string[] = [];
  let buf = '';
  let tail = '';
  child.stderr!.on('data', (d: Buffer) => {
    buf += d.toString();
    tail = (tail + d.toString()).slice(-4_000);
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    // pino levels: 40 warn, 50 error, 60 fatal. Keep the first few for the report.
    for (const l of lines) if (/"level":(40|50|60)/.test(l) && errors.length < 20) errors.push(l.slice(0, 300));
  });
  return { child, errors, tail: () => tail, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

interface Material {
  queries: string[];
  ids: string[];
  prefixes: string[];
  pages: { customId: string; message: APIMessage }[];
}

/** Queries people might type: two or three consecutive title words of random papers. */
function material(corpus: Corpus): Omit<Material, 'pages'> {
  const random = prng(7);
  const papers = corpus.papers;
  const queries: string[] = [];
  const prefixes: string[] = [];
  for (let i = 0; i < 2_000; i++) {
    const p = papers[Math.floor(random() * papers.length)]!;
    const words = p.title.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2);
    if (words.length >= 2) {
      const at = Math.floor(random() * (words.length - 1));
      queries.push(words.slice(at, at + 2 + Math.floor(random() * 2)).join(' '));
    }
    prefixes.push(p.title.toLowerCase().slice(0, 2 + Math.floor(random() * 8)));
  }
  return { queries, ids: papers.map((p) => p.id), prefixes };
}

/** Result lists with a Next button, made by real /search calls before the run. */
async function nextPages(fake: FakeDiscord, queries: readonly string[]): Promise<Material['pages']> {
  const pages: Material['pages'] = [];
  for (const query of queries.slice(0, 80)) {
    const h = fake.interact.command({ name: 'search', options: { query } });
    let data: ReplyPayload;
    try {
      const cb = await h.callback(30_000);
      data = cb.type === 5 ? ((await h.waitForEvent('original.edit', 1, 30_000)).body as ReplyPayload) : (cb.data as unknown as ReplyPayload);
    } catch {
      continue; // a bot still warming up (similarity model) may miss the 3 s deadline: try the next query
    }
    const next = customIds(data)['Next ▶'];
    const message = h.original();
    if (next && message) pages.push({ customId: next, message: structuredClone(message) });
    if (pages.length >= 30) break;
  }
  if (pages.length === 0) throw new Error('no /search result list had a Next button');
  return pages;
}

function inject(fake: FakeDiscord, m: Material, kind: Kind, i: number): InteractionHandle {
  const pick = <T>(xs: readonly T[]): T => xs[(i * 7919) % xs.length]!;
  const { interact } = fake;
  switch (kind) {
    case 'search':
      return interact.command({ name: 'search', options: { query: pick(m.queries) } });
    case 'paper':
      return interact.command({ name: 'paper', options: { paper: pick(m.ids) } });
    case 'similar':
      return interact.command({ name: 'similar', options: { paper: pick(m.ids) } });
    case 'ask':
      return interact.command({ name: 'ask', options: { question: `how do people ${pick(m.queries)}?` } });
    case 'autocomplete':
      return interact.autocomplete({ name: i % 2 ? 'paper' : 'similar', options: { paper: pick(m.prefixes) }, focused: 'paper' });
    case 'button': {
      const page = pick(m.pages);
      return interact.button({ customId: page.customId, message: page.message });
    }
  }
}

/** Deterministic interleaving of the mix: kind of the i-th interaction. */
function kindOf(i: number): Kind {
  let slot = (i * 37) % 100;
  for (const [kind, share] of MIX) {
    if (slot < share) return kind;
    slot -= share;
  }
  return 'search';
}

/**
 * Self time per function (and per area) from a .cpuprofile, top entries as lines. Only samples inside
 * `window` (CLOCK_MONOTONIC µs, which V8's profile timestamps and process.hrtime share on Linux) count,
 * so start-up and shutdown stay out of the picture.
 */
export function summariseProfile(file: string, window: { fromUs: number; toUs: number }): string[] {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
    startTime: number;
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = prof.startTime;
  prof.samples.forEach((id, k) => {
    const delta = prof.timeDeltas[k] ?? 0;
    at += delta;
    if (at >= window.fromUs && at <= window.toUs) self.set(id, (self.get(id) ?? 0) + delta / 1000);
  });
  const idle = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
  for (const [id] of self) if (byId.get(id)!.callFrame.functionName === '(idle)') self.delete(id);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map<string, number>();
  const area = new Map<string, number>();
  for (const [id, t] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const path = url.replace(/^file:\/\//, '').replace(ROOT, '');
    const name = `${functionName || '(anonymous)'} ${path ? `${path.split('/').slice(-2).join('/')}:${lineNumber + 1}` : ''}`.trim();
    fn.set(name, (fn.get(name) ?? 0) + t);
    const where = !path ? (functionName.startsWith('(') ? functionName : '(native)')
      : path.includes('node_modules/') ? `deps: ${/node_modules\/((@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? '?'}`
      : path.startsWith('node:') ? 'node internals'
      : `ours: ${path.split('/').slice(0, -1).join('/') || path}`;
    area.set(where, (area.get(where) ?? 0) + t);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, t]) => `  ${((100 * t) / total).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(1).padStart(6)} s  ${k}`);
  if (total === 0) return ['(the CPU profile has no samples inside the measured window)'];
  return [`CPU profile of the bot during the measured phase: busy ${(total / 1000).toFixed(1)} s, idle ${(idle / 1000).toFixed(1)} s. Share of busy time by area:`, ...top(area, 12), 'Self time by function:', ...top(fn, 20)];
}

export async function measureLoad(options: LoadOptions, log: (line: string) => void = console.log): Promise<LoadReport> {
  log('installing the load corpus (built once, then cached)…');
  const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-load-'));
  const { papers } = installLoadCorpus(dataDir, log);
  const store = openCorpusStore(join(dataDir, CORPUS_DB_FILE), { seedDir: join(ROOT, 'corpus'), warn: log });
  const corpus = store.loadCorpus();
  store.close();
  const fake = await startFakeDiscord({
    token: BOT_TOKEN, rateLimit: { limit: 1_000_000_000, windowMs: 1_000 }, callbackDeadlineMs: DEADLINE_MS, log: () => undefined,
  });
  const profileDir = options.profile ? mkdtempSync(join(tmpdir(), 'paperboy-load-prof-')) : null;
  let bot: Bot | undefined;
  try {
    await deployCommands({ token: BOT_TOKEN, clientId: fake.applicationId, guildId: fake.guildId, apiBase: fake.apiBase });
    bot = startBot(fake, dataDir, profileDir);
    const pid = bot.child.pid!;
    const died = bot.exited.then((code) => {
      throw new Error(`the bot exited (code ${code}) before connecting:\n${bot!.tail()}`);
    });
    await Promise.race([fake.waitForGateway(180_000), died]);
    died.catch(() => undefined);
    const m: Material = { ...material(corpus), pages: await nextPages(fake, material(corpus).queries) };
    log(`bot up (pid ${pid}) with ${papers} papers; ${m.pages.length} result pages to click; warming up ${WARMUP_S} s…`);

    const pending = new Map<string, Pending>();
    const tally: Tally = { injected: 0, answered: 0, late: 0, missing: 0, doubled: 0, odd: 0, unfinished: 0 };
    const firstCallback = new Map<Kind | 'all', number[]>();
    const askAnswer: number[] = [];
    /** Interactions of the measured phase (warm-up ones are not counted, whenever they settle). */
    const measured = new Set<string>();
    let measuring = false;
    const lateIds = new Set<string>();
    const doubledIds = new Set<string>();
    let requestCursor = 0;

    /** Tallies settled interactions and refused callbacks, then lets the fake forget old ones. */
    const harvest = (final: boolean) => {
      const now = Date.now();
      for (const [id, p] of pending) {
        const cb = p.handle.response;
        const waitingForAnswer = p.kind === 'ask' && cb && !p.handle.events.some((e) => e.kind === 'original.edit' || e.kind === 'followup.create');
        if (cb && (!waitingForAnswer || final)) {
          if (measured.has(id)) {
            const ms = cb.at - p.injectedAt;
            for (const k of [p.kind, 'all'] as const) (firstCallback.get(k) ?? firstCallback.set(k, []).get(k)!).push(ms);
            tally.answered++;
            const content = (cb.data as { content?: string } | undefined)?.content ?? '';
            if (!EXPECTED[p.kind].includes(cb.type) || content.includes(GENERIC_ERROR)) tally.odd++;
            if (p.kind === 'ask') {
              const edit = p.handle.events.find((e) => e.kind === 'original.edit' || e.kind === 'followup.create');
              if (edit) askAnswer.push(edit.at - p.injectedAt);
              else tally.unfinished++;
            }
          }
          pending.delete(id);
        } else if (!cb && (final || now - p.injectedAt > DEADLINE_MS + 5_000)) {
          if (measured.has(id)) tally.missing++;
          pending.delete(id);
        }
      }
      for (; requestCursor < fake.requests.length; requestCursor++) {
        const r = fake.requests[requestCursor]!;
        if (!r.path.endsWith('/callback') || r.status < 400 || !measured.has(r.path.split('/')[2] ?? '')) continue;
        const id = r.path.split('/')[2]!;
        // Count interactions, not requests: after a refused reply the bot's last resort may try once more.
        if (r.status === 400) doubledIds.add(id);
        else lateIds.add(id);
        tally.doubled = doubledIds.size;
        tally.late = lateIds.size;
      }
      if (!final) {
        const before = fake.requests.length;
        fake.pruneHistory(PRUNE_AFTER_MS);
        requestCursor -= before - fake.requests.length;
      }
    };

    const rss: LoadReport['rss'] = [];
    const generatorRss: LoadReport['generatorRss'] = [];
    const lag = monitorEventLoopDelay({ resolution: 5 });
    const loadStart = loadavg();

    const run = async (count: number, label: string) => {
      const start = performance.now();
      let sent = 0;
      let lastHarvest = start;
      while (sent < count) {
        const due = Math.min(count, Math.floor(((performance.now() - start) / 1000) * options.rate) + 1);
        while (sent < due) {
          const i = tally.injected + sent;
          const kind = kindOf(i);
          const injectedAt = Date.now();
          const handle = inject(fake, m, kind, i);
          pending.set(handle.id, { kind, injectedAt, handle });
          if (measuring) measured.add(handle.id);
          sent++;
        }
        if (performance.now() - lastHarvest > 2_000) {
          harvest(false);
          lastHarvest = performance.now();
        }
        await new Promise((r) => setTimeout(r, 1));
      }
      log(`  ${label}: ${count} interactions in ${((performance.now() - start) / 1000).toFixed(1)} s`);
      return (performance.now() - start) / 1000;
    };

    await run(options.rate * WARMUP_S, 'warm-up');
    await new Promise((r) => setTimeout(r, 3_000));
    harvest(false);
    measuring = true;
    lag.enable();
    const s0 = procStat(pid);
    const cpuStart = s0 && { ticks: s0.cpuTicks, at: performance.now() };
    const t0 = performance.now();
    const generatorCpu0 = process.cpuUsage();
    const windowFromUs = Number(process.hrtime.bigint() / 1000n);
    const sampler = setInterval(() => {
      const s = procStat(pid);
      if (s) rss.push({ t: (performance.now() - t0) / 1000, mb: s.rssMb, interactions: tally.injected });
      generatorRss.push({ t: (performance.now() - t0) / 1000, mb: process.memoryUsage.rss() / 2 ** 20 });
    }, 1_000);
    const progress = setInterval(() => log(`  … ${tally.injected} injected, RSS ${rss.at(-1)?.mb.toFixed(0) ?? '?'} MiB, load ${loadavg()[0]!.toFixed(1)}`), 30_000);
    let seconds = 0;
    try {
      // Inject in chunks so `tally.injected` (RSS samples' x axis) moves during long runs.
      const chunk = options.rate * 10;
      for (let done = 0; done < options.interactions; done += chunk) {
        const n = Math.min(chunk, options.interactions - done);
        seconds += await run(n, `interactions ${done + 1}-${done + n}`);
        tally.injected += n;
      }
    } finally {
      clearInterval(sampler);
      clearInterval(progress);
    }
    const windowToUs = Number(process.hrtime.bigint() / 1000n);
    const generatorCpu = process.cpuUsage(generatorCpu0);
    const s1 = procStat(pid);
    const botCpuSeconds = cpuStart && s1 ? (s1.cpuTicks - cpuStart.ticks) / 100 : NaN;
    const botCpuPercent = cpuStart ? (botCpuSeconds / ((performance.now() - cpuStart.at) / 1000)) * 100 : NaN;
    lag.disable();
    const loadEnd = loadavg();
    // Let the last ones settle (a deferred /ask may still be answering), then count what never came.
    const settleBy = Date.now() + DEADLINE_MS + 5_000;
    while (pending.size > 0 && Date.now() < settleBy) {
      harvest(false);
      await new Promise((r) => setTimeout(r, 200));
    }
    harvest(true);
    if (bot.errors.length) log(`bot warnings/errors (first ${bot.errors.length}):\n  ${bot.errors.join('\n  ')}`);

    bot.child.kill('SIGTERM');
    await bot.exited;
    let profile: string[] | undefined;
    if (profileDir) {
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      profile = file ? summariseProfile(join(profileDir, file), { fromUs: windowFromUs, toUs: windowToUs }) : ['(no CPU profile was written)'];
    }
    for (const xs of firstCallback.values()) xs.sort((a, b) => a - b);
    askAnswer.sort((a, b) => a - b);
    return {
      options, papers, seconds, achievedRate: options.interactions / seconds, tally, firstCallback, askAnswer, rss, botCpuPercent,
      generatorRss, generatorCpuMsPerInteraction: (generatorCpu.user + generatorCpu.system) / 1000 / options.interactions,
      botCpuMsPerInteraction: (botCpuSeconds * 1000) / options.interactions,
      load: { start: loadStart, end: loadEnd, cores: availableParallelism() },
      generatorLagMs: { p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 },
      ...(profile ? { profile } : {}),
    };
  } finally {
    bot?.child.kill('SIGKILL');
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  }
}

/** RSS growth: median of the last tenth of samples minus median of the second tenth (after warm caches). */
export function rssGrowth(rss: LoadReport['rss']): { earlyMb: number; lateMb: number; growthMb: number; peakMb: number } {
  const med = (xs: number[]) => pct([...xs].sort((a, b) => a - b), 0.5);
  const n = rss.length;
  const tenth = Math.max(1, Math.floor(n / 10));
  const earlyMb = med(rss.slice(tenth, 2 * tenth).map((r) => r.mb));
  const lateMb = med(rss.slice(n - tenth).map((r) => r.mb));
  return { earlyMb, lateMb, growthMb: lateMb - earlyMb, peakMb: Math.max(...rss.map((r) => r.mb)) };
}

export function formatLoad(r: LoadReport): string[] {
  const f = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'n/a');
  const lines = [
    `${r.options.interactions} interactions at ${r.options.rate}/s (achieved ${r.achievedRate.toFixed(0)}/s over ${r.seconds.toFixed(1)} s), ${r.papers} papers, bot in its own process`,
    `machine: ${r.load.cores} cores, load average ${r.load.start.map((x) => x.toFixed(1)).join('/')} before, ${r.load.end.map((x) => x.toFixed(1)).join('/')} after`,
    `bot CPU ${r.botCpuPercent.toFixed(0)}% of one core, ${r.botCpuMsPerInteraction.toFixed(1)} ms CPU per interaction (one uncontended core would sustain ~${(1000 / r.botCpuMsPerInteraction).toFixed(0)}/s)`,
    `generator + fake process: ${r.generatorCpuMsPerInteraction.toFixed(2)} ms CPU per interaction, RSS ${r.generatorRss[0]?.mb.toFixed(0) ?? '?'} -> ${r.generatorRss.at(-1)?.mb.toFixed(0) ?? '?'} MiB`,
    `generator/fake event-loop delay: p50 ${r.generatorLagMs.p50.toFixed(1)} ms, p99 ${r.generatorLagMs.p99.toFixed(1)} ms, max ${r.generatorLagMs.max.toFixed(0)} ms`,
    '',
    `time to first callback  ${'n'.padStart(6)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}`,
  ];
  for (const [kind, xs] of [...r.firstCallback].sort((a, b) => (a[0] === 'all' ? 1 : b[0] === 'all' ? -1 : a[0].localeCompare(b[0])))) {
    lines.push(`  ${kind.padEnd(21)} ${String(xs.length).padStart(6)} ${f(pct(xs, 0.5)).padStart(8)} ${f(pct(xs, 0.95)).padStart(8)} ${f(pct(xs, 0.99)).padStart(8)} ${f(xs.at(-1) ?? NaN).padStart(8)}`);
  }
  const a = r.askAnswer;
  lines.push(`  /ask answer (edit)    ${String(a.length).padStart(6)} ${f(pct(a, 0.5)).padStart(8)} ${f(pct(a, 0.95)).padStart(8)} ${f(pct(a, 0.99)).padStart(8)} ${f(a.at(-1) ?? NaN).padStart(8)}`);
  const all = r.firstCallback.get('all') ?? [];
  const p99 = pct(all, 0.99);
  const t = r.tally;
  const exactlyOnce = t.answered === t.injected && t.missing === 0 && t.late === 0 && t.doubled === 0;
  lines.push(
    '',
    `answered exactly once, in time: ${t.answered}/${t.injected}${exactlyOnce ? ' (all)' : ''}; no callback accepted ${t.missing} (of which refused as later than ${DEADLINE_MS / 1000} s: ${t.late}), second callbacks ${t.doubled}, odd replies ${t.odd}, /ask never answered ${t.unfinished}`,
    `p99 first callback ${f(p99)}: target <= ${TARGET_P99_MS} ms ${p99 <= TARGET_P99_MS ? 'met' : 'MISSED'}`,
  );
  const g = rssGrowth(r.rss);
  const every = Math.max(1, Math.floor(r.rss.length / 12));
  lines.push(
    `bot RSS: ${g.earlyMb.toFixed(0)} MiB early -> ${g.lateMb.toFixed(0)} MiB late (growth ${g.growthMb >= 0 ? '+' : ''}${g.growthMb.toFixed(0)} MiB), peak ${g.peakMb.toFixed(0)} MiB`,
    `  samples (s: MiB @ interactions): ${r.rss.filter((_, i) => i % every === 0 || i === r.rss.length - 1).map((s) => `${s.t.toFixed(0)}: ${s.mb.toFixed(0)} @ ${s.interactions}`).join(', ')}`,
  );
  if (r.profile) lines.push('', ...r.profile);
  return lines;
}

export function parseLoadArgs(argv: readonly string[]): LoadOptions {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  const rate = value('--rate') ?? 200;
  const interactions = argv.includes('--long') ? 100_000 : value('--interactions') ?? rate * (value('--seconds') ?? 60);
  if (!Number.isInteger(rate) || rate < 1 || rate > 5_000) throw new Error('--rate must be a whole number from 1 to 5000');
  if (!Number.isInteger(interactions) || interactions < 1 || interactions > 10_000_000) throw new Error('--interactions must be a whole number from 1 to 10,000,000');
  return { rate, interactions, profile: argv.includes('--profile') };
}

/** The `npm run bench` step: prints the report; fails only when an interaction was not answered exactly once. */
export async function runLoad(options: LoadOptions = parseLoadArgs([])): Promise<string[]> {
  const r = await measureLoad(options);
  const lines = formatLoad(r);
  console.log(lines.join('\n'));
  const t = r.tally;
  if (t.answered !== t.injected || t.missing || t.late || t.doubled) {
    throw new Error(`not every interaction was answered exactly once (${t.answered}/${t.injected}, late ${t.late}, doubled ${t.doubled})`);
  }
  return lines.slice(0, 3).concat(lines.filter((l) => /^ {2}all|^answered|^p99|^bot RSS/.test(l)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runLoad(parseLoadArgs(process.argv.slice(2)));
