// The bot's handle on a background retrain: src/semantic-trainer.ts run as a child process. A child
// process rather than a worker thread: training peaks at a few hundred MiB (co-occurrence pairs, the
// PPMI matrix, the eigen blocks) that all go back to the system when it exits, instead of staying in the
// bot's process as freed-but-kept heap; the whole process runs at the lowest priority, the garbage
// collector's threads included; and a crash or an out-of-memory kill ends only the child, never the bot.
// Starting it costs ~0.2 s of CPU, nothing beside tens of seconds of training.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { TrainerJob, TrainerResult } from './semantic-trainer.js';

/** Same value as src/semantic-trainer.ts TRAINER_ARG (not imported: that module holds the training code the bot itself never loads). */
const TRAINER_ARG = '--paperboy-semantic-trainer';

/** A training that has not answered in this long is stuck: it is killed and the previous model keeps serving. */
export const TRAINER_TIMEOUT_MS = 30 * 60 * 1000;

/** The child's one answer (checked: it crosses a process boundary). */
const AnswerSchema = z.union([
  z.object({
    ok: z.literal(true),
    result: z.object({ dir: z.string(), revision: z.number().int().nonnegative(), papers: z.number().int().nonnegative(), terms: z.number().int().nonnegative(), wallMs: z.number(), cpuMs: z.number(), maxRssKiB: z.number() }),
  }),
  z.object({ ok: z.literal(false), message: z.string().max(2000) }),
]);

export interface TrainerRun {
  /** Settles with what the child wrote, or rejects when it failed, died or was killed (nothing half-written is ever loaded). */
  done: Promise<TrainerResult>;
  /** Kills the child (a stop of the bot); `done` then rejects. */
  kill(): void;
  readonly pid: number | undefined;
}

function startChild(): ChildProcess {
  const source = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(source ? './semantic-trainer.ts' : './semantic-trainer.js', import.meta.url));
  // From source, tsx's ESM loader (its .mjs: the CommonJS twin cannot register hooks) runs the TypeScript.
  const execArgv = source ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm').replace(/\.cjs$/, '.mjs')).href] : [];
  return fork(entry, [TRAINER_ARG], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
}

export function startTrainer(job: TrainerJob, options: { timeoutMs?: number } = {}): TrainerRun {
  const child = startChild();
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    if (stderr.length < 4096) stderr += chunk; // bounded: the last words of a crash, not a log
  });
  const done = new Promise<TrainerResult>((resolve, reject) => {
    let answer: z.infer<typeof AnswerSchema> | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? TRAINER_TIMEOUT_MS);
    timer.unref();
    child.once('message', (msg) => {
      const parsed = AnswerSchema.safeParse(msg);
      answer = parsed.success ? parsed.data : { ok: false, message: 'it answered something that is not a training result' };
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`the semantic trainer could not start: ${err.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (answer?.ok) resolve(answer.result satisfies TrainerResult);
      else if (answer) reject(new Error(`the semantic trainer failed: ${answer.message}`));
      else reject(new Error(`the semantic trainer ended without an answer (${signal ?? `exit code ${code}`})${stderr ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`));
    });
  });
  child.send(job);
  return {
    done,
    kill: () => void child.kill('SIGKILL'),
    get pid() {
      return child.pid;
    },
  };
}
