// src/thread-priority.ts: every thread of the process but the main one runs at HELPER_NICE, so the
// main thread (interactions, the swap's slices) gets the core first. Run in a child process, so the
// test runner's own threads are left as they are.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HELPER_NICE } from '../../src/thread-priority.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const script = `
import { readdirSync } from 'node:fs';
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { lowerHelperThreads } from './src/thread-priority.ts';
const niceOf = () => Object.fromEntries(readdirSync('/proc/self/task').map((t) => [t, getPriority(Number(t))]));
const before = niceOf();
lowerHelperThreads();
const afterStart = niceOf();
const worker = new Worker('setTimeout(() => {}, 2000)', { eval: true });
const withWorker = niceOf();
lowerHelperThreads();
const afterWorker = niceOf();
console.log(JSON.stringify({ pid: process.pid, before, afterStart, withWorker, afterWorker }));
void worker.terminate();
`;

describe.runIf(process.platform === 'linux')('lowerHelperThreads', () => {
  it('lowers every thread but the main one, including a worker started later, and leaves the main thread as it was', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    type Nice = Record<string, number>;
    const { pid, before, afterStart, withWorker, afterWorker } = JSON.parse(out) as { pid: number; before: Nice; afterStart: Nice; withWorker: Nice; afterWorker: Nice };
    const main = String(pid);
    const others = (m: Nice) => Object.entries(m).filter(([tid]) => tid !== main);
    expect(others(before).length).toBeGreaterThan(0); // V8's and libuv's threads
    expect(afterStart[main]).toBe(before[main]);
    const target = Math.min(19, Math.max(HELPER_NICE, before[main] as number));
    for (const [, nice] of others(afterStart)) expect(nice).toBe(target);
    // A thread started afterwards starts at the main thread's priority, until the next call.
    expect(Object.keys(withWorker).length).toBeGreaterThan(Object.keys(afterStart).length);
    expect(others(withWorker).some(([, nice]) => nice === before[main])).toBe(true);
    expect(afterWorker[main]).toBe(before[main]);
    for (const [, nice] of others(afterWorker)) expect(nice).toBe(target);
  });

  it("leaves a CPU profiler's sampling thread at its priority (a bench's --cpu-profile), lowering the others", () => {
    const profiled = `
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { Session } from 'node:inspector/promises';
import { lowerHelperThreads } from './src/thread-priority.ts';
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
lowerHelperThreads();
const threads = readdirSync('/proc/self/task').map((t) => ({ tid: Number(t), name: readFileSync('/proc/self/task/' + t + '/comm', 'utf8').trim(), nice: getPriority(Number(t)) }));
await session.post('Profiler.stop');
console.log(JSON.stringify({ pid: process.pid, main: getPriority(process.pid), threads }));
`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', profiled], { cwd: ROOT, encoding: 'utf8' });
    const { pid, main, threads } = JSON.parse(out) as { pid: number; main: number; threads: Array<{ tid: number; name: string; nice: number }> };
    const profiler = threads.filter((t) => t.name.startsWith('v8:Prof'));
    expect(profiler.length).toBe(1);
    expect(profiler[0]!.nice).toBe(main);
    const target = Math.min(19, Math.max(HELPER_NICE, main));
    const others = threads.filter((t) => t.tid !== pid && !t.name.startsWith('v8:Prof'));
    expect(others.length).toBeGreaterThan(0);
    for (const t of others) expect(t.nice, t.name).toBe(target);
  });
});
