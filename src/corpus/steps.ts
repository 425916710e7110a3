// Work written as steps (generators that yield between small pieces of work), run either in one go or
// in slices that yield to the event loop: how a new corpus revision's view is built while the bot keeps
// answering interactions from the current one.
import { lowerHelperThreads } from '../thread-priority.js';

/**
 * Longest run of steps between two yields to the event loop, in ms: what an interaction may wait at most
 * (issue 9: a swap adds at most 10 ms to an interaction, GC pauses included). Was 4: an interaction
 * arriving in a slice waited up to 4-5 ms for it; the turns in between cost microseconds.
 */
export const DEFAULT_SLICE_MS = 2;

export interface SliceOptions {
  /** Longest run of work between two yields to the event loop, in ms (default DEFAULT_SLICE_MS). */
  sliceMs?: number;
  /** How to yield (default setImmediate: timers and I/O, hence interactions, run in between). */
  pause?: () => Promise<void>;
  /** What the steps build, passed to the trace (traceSteps) so a bench can say which work held the event loop. */
  label?: string;
}

export type StepTrace = (start: number, ms: number, label: string) => void;

let stepTrace: StepTrace | undefined;

/** While set, told of every step runInSlices runs (start and duration, performance.now() ms, and its label): bench/sync.ts names the long ones. */
export function traceSteps(trace: StepTrace | undefined): void {
  stepTrace = trace;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs steps to the end in one go. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

// Sliced work running at the same time (a new view's snapshot encode beside its warm-up, the similarity
// pass) takes turns: one slice per turn of the event loop in all, so an interaction arriving meanwhile
// waits for one slice, never for one of each. `holder` is true while a slice runs or a turn is handed
// over; the tasks waiting for theirs queue in `waiting`, first come first served.
let holder = false;
const waiting: Array<() => void> = [];

function takeTurn(): Promise<void> | undefined {
  if (!holder) {
    holder = true;
    return undefined;
  }
  return new Promise<void>((resolve) => waiting.push(resolve));
}

function passTurn(): void {
  const next = waiting.shift();
  // The next task's slice runs in a later turn (setImmediate), after timers and I/O had theirs.
  if (next) setImmediate(next);
  else holder = false;
}

/**
 * Runs steps in slices of about `sliceMs` each, yielding to the event loop between slices: a slice
 * stops before a step that, as long as the last one, would take it past `sliceMs`. Sliced tasks
 * running at the same time take turns (one slice per turn of the event loop in all).
 */
export async function runInSlices<T>(steps: Generator<void, T>, options: SliceOptions = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const pause = options.pause ?? nextTurn;
  const label = options.label ?? '';
  let lastStep = 0;
  // A slice is only as short as the core lets it be: the process's other threads give way to this one.
  lowerHelperThreads();
  await takeTurn();
  for (;;) {
    const sliceStart = performance.now();
    let step: IteratorResult<void, T>;
    try {
      do {
        const t0 = performance.now();
        step = steps.next();
        const t1 = performance.now();
        lastStep = t1 - t0;
        stepTrace?.(t0, lastStep, label);
      } while (!step.done && performance.now() - sliceStart + lastStep < sliceMs);
    } finally {
      passTurn();
    }
    if (step.done) return step.value;
    await pause();
    await takeTurn();
  }
}
