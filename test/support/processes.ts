// Child processes that start together: each runs a fixture script that prints "ready", waits for a
// "go" file, does its work and prints one JSON line last. Used to put several real processes on one
// SQLite file at the same moment (shards starting together, votes pressed on several shards).
import { spawn } from 'node:child_process';

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
