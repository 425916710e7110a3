// The main thread answers interactions; every other thread of the process (V8's helper threads:
// concurrent marking, sweeping and compiling; the writer thread; the snapshot worker; libuv's pool)
// does work nobody is waiting on within milliseconds. On a small machine they compete for the same
// cores, and the kernel then takes the core from the main thread for a scheduler slice (~4 ms): with
// each step of a swap already well under a millisecond of CPU, that was what made a step last 4-9 ms
// (one involuntary context switch per such step, /proc/thread-self/status; session 6 swapsteps). A
// helper thread at a lower priority (a higher nice value) gives way when the main thread wakes.
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { isMainThread } from 'node:worker_threads';

/** The nice value given to the process's other threads (the main thread keeps its own; 19 is the lowest priority). */
export const HELPER_NICE = 10;

/**
 * Lowers the priority of every thread of this process but the main one to HELPER_NICE (never raises
 * one). Linux only (a thread id is a process id to setpriority there); elsewhere, in a worker thread,
 * or where /proc cannot be read, it does nothing. Threads started later (a new worker) start at the
 * main thread's priority: called again after starting one, and before sliced work. About 0.1 ms.
 */
export function lowerHelperThreads(): void {
  if (process.platform !== 'linux' || !isMainThread) return;
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return;
  }
  const base = safePriority(process.pid) ?? 0;
  const target = Math.min(19, Math.max(HELPER_NICE, base));
  for (const task of tasks) {
    const tid = Number(task);
    if (!Number.isInteger(tid) || tid === process.pid) continue;
    const now = safePriority(tid);
    if (now === undefined || now >= target || isProfilerThread(tid)) continue;
    try {
      setPriority(tid, target);
    } catch {
      // The thread ended meanwhile, or the system refused: it keeps its priority.
    }
  }
}

/** V8's CPU-profiler thread (a bench's --cpu-profile) keeps its priority: lowered, it would drop the samples of the moments it is there to catch. */
function isProfilerThread(tid: number): boolean {
  try {
    return readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').startsWith('v8:Prof');
  } catch {
    return false;
  }
}

function safePriority(tid: number): number | undefined {
  try {
    return getPriority(tid);
  } catch {
    return undefined;
  }
}

/** The nice value of a background job's own process (src/semantic-trainer.ts): the lowest priority. */
export const BACKGROUND_NICE = 19;

/**
 * Lowers every thread of this process, the main one included, to BACKGROUND_NICE: for a child process
 * doing background work. Threads it starts later inherit the main thread's value. Linux only (see above).
 */
export function lowerWholeProcess(): void {
  if (process.platform !== 'linux') return;
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return;
  }
  for (const task of tasks) {
    const tid = Number(task);
    if (!Number.isInteger(tid)) continue;
    try {
      if ((safePriority(tid) ?? BACKGROUND_NICE) < BACKGROUND_NICE) setPriority(tid, BACKGROUND_NICE);
    } catch {
      // The thread ended meanwhile, or the system refused: it keeps its priority.
    }
  }
}
