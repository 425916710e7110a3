// The loopback fake Hugging Face API (test/support/fake-hf) in a process of its own, for benchmarks of
// the bot's process: on a real install Hugging Face answers from another machine, so serving a response
// (and holding the recorded export, ~83 MiB of text) must not cost the measured process's main thread
// or heap. The parent sends the days to serve ('shared': the whole real export, read here) and gets the
// base URL back; the child exits when the parent disconnects.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadSharedDays, startFakeHf } from '../test/support/fake-hf/index.js';

type Request = { days: Array<[string, string[]]> | 'shared' };
type Reply = { baseUrl: string } | { error: string };

export interface FakeHfProcess {
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts the fake in a child process (through tsx, as the benches run) serving `days`. */
export async function startFakeHfProcess(days: ReadonlyMap<string, readonly string[]> | 'shared'): Promise<FakeHfProcess> {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const reply = await new Promise<Reply>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Reply));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the fake HF process exited (code ${code})`)));
    child.send({ days: days === 'shared' ? 'shared' : [...days].map(([d, items]) => [d, [...items]]) } satisfies Request);
  });
  if ('error' in reply) {
    child.kill();
    throw new Error(reply.error);
  }
  return {
    baseUrl: reply.baseUrl,
    async close() {
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}

/** The child's side: the days asked for, served until the parent disconnects. */
async function serveFromChild(): Promise<void> {
  const send = (reply: Reply) => process.send?.(reply);
  const req = await new Promise<Request>((resolve) => process.once('message', (m) => resolve(m as Request)));
  const days = req.days === 'shared' ? loadSharedDays() : new Map(req.days);
  if (!days) {
    send({ error: 'the real export is needed: ../shared/data/hf-daily-papers' });
    return;
  }
  const hf = await startFakeHf({ days });
  process.once('disconnect', () => void hf.close());
  send({ baseUrl: hf.baseUrl });
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) await serveFromChild();
