// Switching to WAL while another connection holds a lock: SQLite may refuse at once with SQLITE_BUSY;
// enableWal waits it out for a bounded time (four processes opening one fresh database hit this in CI).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { enableWal, isBusyError } from '../../src/sqlite-wal.js';
import { tempDir } from '../daily/helpers.js';

/** A worker thread that holds a read lock on `file` (rollback mode) for `holdMs`, then lets go. */
async function holdReadLock(file: string, holdMs: number): Promise<{ released: Promise<void> }> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const Database = require(workerData.module);
     const db = new Database(workerData.file);
     db.exec('BEGIN');
     db.prepare('SELECT count(*) FROM t').get();
     parentPort.postMessage('locked');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
     db.exec('COMMIT');
     db.close();`,
    { eval: true, workerData: { file, holdMs, module: createRequire(import.meta.url).resolve('better-sqlite3') } },
  );
  await new Promise((resolve) => worker.once('message', resolve));
  return { released: new Promise((resolve) => worker.once('exit', () => resolve())) };
}

function rollbackModeDatabase(dir: string): string {
  const file = join(dir, 'wal.sqlite');
  const db = new Database(file);
  db.exec('CREATE TABLE t(x); INSERT INTO t VALUES (1)');
  db.close();
  return file;
}

describe('enableWal', () => {
  it('waits out a lock that makes the switch fail at once, then the file is in WAL mode', async () => {
    const tmp = tempDir();
    try {
      const file = rollbackModeDatabase(tmp.dir);
      // No busy handler at all: every refusal reaches enableWal, as the handler-less refusal in CI did.
      const db = new Database(file, { timeout: 0 });
      const lock = await holdReadLock(file, 150);
      expect(() => db.pragma('journal_mode = WAL')).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
      const started = Date.now();
      enableWal(db, 5000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(50);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      await lock.released;
      db.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('gives up with the SQLite error once its time is over', async () => {
    const tmp = tempDir();
    try {
      const file = rollbackModeDatabase(tmp.dir);
      const db = new Database(file, { timeout: 0 });
      const lock = await holdReadLock(file, 1000);
      let caught: unknown;
      try {
        enableWal(db, 30);
      } catch (error) {
        caught = error;
      }
      expect(isBusyError(caught)).toBe(true);
      expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
      await lock.released;
      db.close();
    } finally {
      tmp.cleanup();
    }
  });

  it('leaves other errors alone', () => {
    const db = new Database(':memory:');
    db.close();
    expect(() => enableWal(db, 5000)).toThrow(/not open/);
  });
});
