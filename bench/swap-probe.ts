// The interaction probe of bench/sync.ts: what a sync and its swap add to an interaction's latency.
// A search is due at random instants (a seeded PRNG, mean PROBE_MEAN_MS apart, so arrivals fall
// anywhere in a slice, as interactions do) and is timed from when it was due, so time the event loop
// was held (a step, a garbage-collection pause, a message from a thread) counts as it would for an
// interaction arriving then. Probes are labelled with the window they were due in: sync windows (a
// day's fetch+apply, next view, swap, warm-up, snapshot write) interleave with idle windows of the same
// length in the same process, in alternating order, so slow drift of the machine's load hits both alike.
// Each probe that waited is matched against the steps runInSlices traced and the GC pauses V8 reported
// in its wait, to say what held it.
import { readFileSync } from 'node:fs';
import { constants, PerformanceObserver, performance } from 'node:perf_hooks';
import { traceSteps } from '../src/corpus/steps.js';
import { mulberry32 as prng } from '../src/prng.js';

/** Mean gap between two probe searches, ms (uniform in [5, 35]): ~50 interactions/s. */
export const PROBE_MEAN_MS = 20;
/** A probe that waited at least this long (due -> started) is attributed (steps, GC, other). */
export const ATTRIBUTE_MS = 5;

export interface ProbeSample {
  /** performance.now() when it was due, when it started, when it was answered. */
  due: number;
  start: number;
  end: number;
  window: 'sync' | 'idle';
  round: number;
  /** Within a sync window: fetch+apply, swap (next view .. snapshot written), tail. */
  phase: string;
  /** The probe's number (the search it ran is search(n)): the same query in sync and idle windows. */
  n: number;
  /**
   * From the previous probe's end to this one's start (which holds this probe's wait), ms the main
   * thread spent waiting in the run queue for a core (/proc/thread-self/schedstat; 0 where unreadable).
   */
  queuedMs: number;
  /** Of the search itself (start -> end), ms the main thread waited in the run queue. */
  searchQueuedMs: number;
}

export interface Span {
  start: number;
  ms: number;
  label: string;
}

/** The q-quantile (nearest rank) of xs; NaN for none. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/**
 * A 95% interval for quantile(sync) - quantile(idle), resampling whole rounds with replacement (a round's
 * sync and idle windows stay together: they ran minutes apart at most and share the machine's load).
 */
export function bootstrapAdded(rounds: ReadonlyArray<{ sync: number[]; idle: number[] }>, q: number, iterations = 2000, seed = 7): [number, number] {
  const rand = prng(seed);
  const diffs: number[] = [];
  for (let b = 0; b < iterations; b++) {
    const sync: number[] = [];
    const idle: number[] = [];
    for (let i = 0; i < rounds.length; i++) {
      const r = rounds[Math.floor(rand() * rounds.length)]!;
      sync.push(...r.sync);
      idle.push(...r.idle);
    }
    diffs.push(quantile(sync, q) - quantile(idle, q));
  }
  return [quantile(diffs, 0.025), quantile(diffs, 0.975)];
}

export interface Prober {
  /** Probes due from now on count in this window (undefined: not counted, e.g. between windows). */
  label(window: ProbeSample['window'] | undefined, round?: number, phase?: string): void;
  /** Windows that opened with searches still owed from before (dropped: see label). */
  skippedBacklogs(): number;
  /** Stops probing and tracing; the samples, the traced steps and the GC pauses seen meanwhile. */
  stop(): { samples: ProbeSample[]; steps: Span[]; gcs: Span[]; allSteps: Span[] };
}

/** Starts probing: `search` runs at every due instant until stop(). Steps of 1 ms or more and every GC pause are recorded. */
export function startProber(search: (i: number) => void, seed = 1, keepAllSteps = false): Prober {
  const rand = prng(seed);
  const samples: ProbeSample[] = [];
  const steps: Span[] = [];
  const gcs: Span[] = [];
  let current: Omit<ProbeSample, 'due' | 'start' | 'end' | 'n' | 'queuedMs' | 'searchQueuedMs'> | undefined;
  // Label changes, so a probe counts in the window it was due in, even if it ran after the window ended.
  const changes: Array<[number, typeof current]> = [];
  const labelAt = (t: number) => {
    for (let i = changes.length - 1; i >= 0; i--) if (changes[i]![0] <= t) return changes[i]![1];
    return undefined;
  };
  const allSteps: Span[] = [];
  traceSteps((start, ms, label) => {
    // A checkout from before steps had labels passes none.
    const name = label ?? '';
    if (ms >= 1) steps.push({ start, ms, label: name });
    if (keepAllSteps) allSteps.push({ start, ms, label: name });
  });
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ start: e.startTime, ms: e.duration, label: gcKind((e as { detail?: { kind?: number } }).detail?.kind) });
  });
  observer.observe({ entryTypes: ['gc'] });
  let stopped = false;
  let i = 0;
  let due = performance.now();
  let timer: NodeJS.Timeout;
  let skipped = 0;
  let lastSched = threadSchedstat();
  const tick = () => {
    if (stopped) return;
    const start = performance.now();
    const sched = threadSchedstat();
    const queuedMs = sched && lastSched ? sched.queuedMs - lastSched.queuedMs : 0;
    const n = i++;
    search(n);
    const end = performance.now();
    lastSched = threadSchedstat();
    const searchQueuedMs = sched && lastSched ? lastSched.queuedMs - sched.queuedMs : 0;
    const label = labelAt(due);
    if (label) samples.push({ due, start, end, n, queuedMs, searchQueuedMs, ...label });
    due += 5 + 30 * rand();
    timer = setTimeout(tick, Math.max(0, due - performance.now()));
  };
  due += 5 + 30 * rand();
  timer = setTimeout(tick, due - performance.now());
  return {
    label(window, round = 0, phase = '') {
      const opening = window !== undefined && current === undefined;
      current = window ? { window, round, phase } : undefined;
      const now = performance.now();
      changes.push([now, current]);
      // Windows are independent: searches still owed from before one opens (a backlog, when searches
      // cost more than the machine gives) are dropped, not carried into it.
      if (opening && due < now) {
        skipped++;
        clearTimeout(timer);
        due = now + 5 + 30 * rand();
        timer = setTimeout(tick, due - now);
      }
    },
    skippedBacklogs: () => skipped,
    stop() {
      stopped = true;
      clearTimeout(timer);
      traceSteps(undefined);
      observer.disconnect();
      return { samples, steps, gcs, allSteps };
    },
  };
}

function gcKind(kind: number | undefined): string {
  // perf_hooks constants NODE_PERFORMANCE_GC_*, read from Node (sessions 5-7 had them in the wrong order:
  // what those benches called "major GC" were scavenges, and "incremental marking" the mark-compacts).
  const names: Record<number, string> = { [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major GC (mark-compact)', [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks' };
  return names[kind ?? 0] ?? `gc kind ${kind}`;
}

/** ms of `s` inside [from, to] (negative when it lies outside). */
function overlap(s: Span, from: number, to: number): number {
  return Math.min(s.start + s.ms, to) - Math.max(s.start, from);
}

export interface Attribution {
  /** Probes that waited ATTRIBUTE_MS or more. */
  waited: number;
  /** Of those, by what overlapped their wait the longest: a traced step (by label), a GC pause (by kind), or nothing traced (off a core, or untraced work). */
  by: Map<string, { count: number; longestMs: number }>;
}

/** For each probe that waited ATTRIBUTE_MS or more, the traced step or GC pause that overlapped its wait the most. */
export function attribute(samples: readonly ProbeSample[], steps: readonly Span[], gcs: readonly Span[]): Attribution {
  const by = new Map<string, { count: number; longestMs: number }>();
  let waited = 0;
  for (const p of samples) {
    if (p.start - p.due < ATTRIBUTE_MS) continue;
    waited++;
    // The longest overlap of each kind; a GC pause inside a step lengthens that step, so the pause is named
    // when it covers at least half of what the step does.
    const longest = (spans: readonly Span[]) => {
      let top: { span: Span; over: number } | undefined;
      for (const s of spans) {
        if (s.start > p.start || s.start + s.ms < p.due) continue;
        const over = overlap(s, p.due, p.start);
        if (over >= 1 && over > (top?.over ?? 0)) top = { span: s, over };
      }
      return top;
    };
    const step = longest(steps);
    const gc = longest(gcs);
    const best = gc && (!step || gc.over >= step.over / 2)
      ? { name: `GC: ${gc.span.label}`, ms: gc.span.ms }
      : step
        ? { name: `step: ${step.span.label || '(unlabelled)'}`, ms: step.span.ms }
        : p.queuedMs >= (p.start - p.due) / 2
          ? { name: 'nothing traced, off a core (the main thread waited in the run queue for most of it)', ms: p.start - p.due }
          : { name: 'nothing traced, on a core (untraced main-thread work)', ms: p.start - p.due };
    const entry = by.get(best.name) ?? { count: 0, longestMs: 0 };
    entry.count++;
    entry.longestMs = Math.max(entry.longestMs, best.ms);
    by.set(best.name, entry);
  }
  return { waited, by };
}

/**
 * What the sync added to each interaction: its latency minus the median latency of the same search
 * (`key`) in the idle windows, so a slow query is not counted as the swap's. Issue 9's bound is on the
 * largest of these ("no more than 10 ms to any interaction"); the idle windows' own values, measured
 * the same way, are the noise floor the machine gives without any sync.
 */
export function addedPerInteraction(samples: readonly ProbeSample[], key: (p: ProbeSample) => number): { sync: number[]; idle: number[] } {
  const added = addedBy(samples, key);
  return { sync: samples.filter((p) => p.window === 'sync').map(added), idle: samples.filter((p) => p.window === 'idle').map(added) };
}

/** A probe's added latency (addedPerInteraction) and its search's time over the same query's idle median. */
function addedBy(samples: readonly ProbeSample[], key: (p: ProbeSample) => number): (p: ProbeSample) => number {
  const slower = slowerBy(samples, key);
  return (p) => p.start - p.due + slower(p);
}

function slowerBy(samples: readonly ProbeSample[], key: (p: ProbeSample) => number): (p: ProbeSample) => number {
  const idleBy = new Map<number, number[]>();
  for (const p of samples) if (p.window === 'idle') (idleBy.get(key(p)) ?? idleBy.set(key(p), []).get(key(p))!).push(p.end - p.start);
  const base = new Map([...idleBy].map(([k, xs]) => [k, quantile(xs, 0.5)]));
  return (p) => p.end - p.start - (base.get(key(p)) ?? p.end - p.start);
}

/**
 * The calling thread's scheduler statistics (Linux /proc/thread-self/schedstat): ms it ran on a core and
 * ms it waited in a run queue for one. On a shared machine the second says how much of a window's wall
 * time was the machine's load rather than our code. Undefined where the file does not exist.
 */
export function threadSchedstat(): { runMs: number; queuedMs: number } | undefined {
  try {
    const [run, queued] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    return { runMs: (run ?? 0) / 1e6, queuedMs: (queued ?? 0) / 1e6 };
  } catch {
    return undefined;
  }
}

/**
 * The runs of steps with no other work between them (one event-loop turn of sliced work: what an
 * interaction arriving then waits for), from every traced step: consecutive steps less than 0.05 ms apart.
 */
export function turnsOf(steps: readonly Span[]): Span[] {
  const turns: Span[] = [];
  let cur: Span | undefined;
  for (const s of [...steps].sort((a, b) => a.start - b.start)) {
    if (cur && s.start - (cur.start + cur.ms) < 0.05) {
      cur.ms = s.start + s.ms - cur.start;
      if (!cur.label.split(' + ').includes(s.label)) cur.label += ` + ${s.label}`;
      continue;
    }
    if (cur) turns.push(cur);
    cur = { ...s };
  }
  if (cur) turns.push(cur);
  return turns;
}

export interface SlowInteraction {
  sample: ProbeSample;
  /** Latency minus the same query's idle median (addedPerInteraction). */
  addedMs: number;
  /** Its wait (due -> started) and its search (started -> answered) minus the same query's idle median. */
  waitMs: number;
  slowerMs: number;
  /** ms of GC pauses (by kind) and of traced steps (by label) inside due -> answered. */
  gc: Map<string, number>;
  steps: Map<string, number>;
  /** ms the main thread waited for a core, before it started and during its search. */
  queuedMs: number;
}

/**
 * The interactions a sync window added more than `overMs` to, each with what overlapped it from when it
 * was due until it was answered: GC pauses, traced steps, time off a core. Issue 9's bound is about these
 * few, so they are shown one by one rather than as a quantile.
 */
export function slowInteractions(samples: readonly ProbeSample[], steps: readonly Span[], gcs: readonly Span[], overMs: number, key: (p: ProbeSample) => number): SlowInteraction[] {
  const slower = slowerBy(samples, key);
  const sum = (spans: readonly Span[], from: number, to: number) => {
    const by = new Map<string, number>();
    for (const s of spans) {
      const over = overlap(s, from, to);
      const label = s.label || '(unlabelled)';
      if (over > 0.05) by.set(label, (by.get(label) ?? 0) + over);
    }
    return by;
  };
  return samples.flatMap((p) => {
    const slowerMs = slower(p);
    const addedMs = p.start - p.due + slowerMs;
    if (p.window !== 'sync' || addedMs <= overMs) return [];
    return [{ sample: p, addedMs, waitMs: p.start - p.due, slowerMs, gc: sum(gcs, p.due, p.end), steps: sum(steps, p.due, p.end), queuedMs: p.queuedMs + p.searchQueuedMs }];
  }).sort((x, y) => y.addedMs - x.addedMs);
}
