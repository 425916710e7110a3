// Child processes that start together: each runs a fixture script that prints "ready", waits for a
// "go" file, does its work and prints one JSON line last. Used to put several real processes on one
// SQLite file at the same moment (shards starting together, votes pressed on several shards).
import { spawn, type ChildProcess } from 'node:child_process';

export interface WaitingProcess {
  /** Resolves once the process has loaded and waits for the go file. */
  ready: Promise<void>;
  /** Resolves with its last output line when it exits 0; rejects with its output otherwise. */
  done: Promise<string>;
}

export function startWaitingProcess(fixture: string, args: readonly string[]): WaitingProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('ready')) markReady();
  });
  const done = new Promise<string>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').at(-1) ?? '') : reject(new Error(`exit ${code}: ${out}`)))),
  );
  return { ready, done };
}

export interface KillableChild {
  child: ChildProcess;
  /** Resolves once the child printed "ready" (or exited). */
  ready: Promise<void>;
  /** Resolves once the child printed "done ..." (its work committed). */
  reported: Promise<void>;
  /** Resolves when it exits, however it exits (a crash spec SIGKILLs it). */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** A fixture script through tsx that prints "ready", works, and prints "done ...": for SIGKILL specs. */
export function startKillableChild(fixture: string, args: readonly string[], cwd: string): KillableChild {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], { cwd });
  let stdout = '';
  let stderr = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  let onReported: () => void = () => undefined;
  const reported = new Promise<void>((resolve) => (onReported = resolve));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.includes('ready\n')) onReady();
    if (stdout.includes('done ')) onReported();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => {
      onReady();
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return { child, ready, reported, done };
}

/**
 * Round `round` of `rounds` of a crash spec: once the child is ready, SIGKILLs it at a random instant in
 * the round-th slice of 1.5x `windowMs` (so the rounds cover its start, its work, the commit and its
 * exit alike). Returns how it exited and the window widened to the child's own "done <ms>" when it got
 * that far: work slows down as a store grows and as the machine's load changes.
 */
export async function killInRound(run: KillableChild, round: number, rounds: number, windowMs: number): Promise<{ result: Awaited<KillableChild['done']>; windowMs: number }> {
  await run.ready;
  const timer = setTimeout(() => run.child.kill('SIGKILL'), ((round + Math.random()) / rounds) * windowMs * 1.5);
  const result = await run.done;
  clearTimeout(timer);
  const took = /done ([\d.]+)/.exec(result.stdout)?.[1];
  return { result, windowMs: took === undefined ? windowMs : Math.max(windowMs, Number(took)) };
}

/** SIGKILLs the child as soon as it reported its work done (a crash after the commit); resolves when it exited. */
export async function killWhenReported(run: KillableChild): Promise<Awaited<KillableChild['done']>> {
  await run.reported;
  run.child.kill('SIGKILL');
  return run.done;
}
