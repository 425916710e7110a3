// Work written as steps (generators that yield between small pieces of work), run either in one go or
// in slices that yield to the event loop: how a new corpus revision's view is built while the bot keeps
// answering interactions from the current one.

/** Longest run of steps between two yields to the event loop, in ms: what an interaction may wait at most. */
export const DEFAULT_SLICE_MS = 4;

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

/** Runs steps in slices of at most about `sliceMs` each (plus one step), yielding to the event loop between slices. */
export async function runInSlices<T>(steps: Generator<void, T>, options: SliceOptions = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const pause = options.pause ?? nextTurn;
  let sliceStart = performance.now();
  for (;;) {
    const t0 = stepTrace ? performance.now() : 0;
    const step = steps.next();
    stepTrace?.(t0, performance.now() - t0, options.label ?? '');
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await pause();
      sliceStart = performance.now();
    }
  }
}
