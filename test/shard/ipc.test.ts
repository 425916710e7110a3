// The manager -> shard "new corpus revision" message over a real IPC channel (a forked process, as the
// ShardingManager forks shards).
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { announceCorpusRevision } from '../../src/shard/ipc.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/revision-echo.ts', import.meta.url));
let child: ChildProcess | undefined;

afterEach(() => {
  child?.kill();
  child = undefined;
});

describe('corpus revision announcements', () => {
  it('reach the shard as revisions; other messages on the channel are ignored', async () => {
    child = fork(FIXTURE, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const got: number[] = [];
    child.on('message', (m: { got?: number }) => {
      if (typeof m.got === 'number') got.push(m.got);
    });
    await once(child, 'message'); // ready
    const c = child;
    const manager = { broadcast: (message: unknown) => new Promise<void>((resolve, reject) => c.send(message as object, (err) => (err ? reject(err) : resolve()))) };
    await manager.broadcast({ _eval: 'this.guilds.cache.size' }); // discord.js's own traffic
    await manager.broadcast({ type: 'paperboy:corpus-revision', revision: -1 }); // malformed
    await announceCorpusRevision(manager, 7);
    await announceCorpusRevision(manager, 8);
    await new Promise<void>((resolve) => {
      const check = () => (got.length >= 2 ? resolve() : setTimeout(check, 10));
      check();
    });
    expect(got).toEqual([7, 8]);
  }, 30_000);
});
