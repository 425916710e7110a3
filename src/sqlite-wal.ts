// Switching a new SQLite file into WAL mode, safely when several processes open it at once. The switch
// can fail with SQLITE_BUSY at once, without SQLite's busy handler, when another connection converts
// or locks the file at the same instant (seen in CI: four shard processes opening a fresh state
// database). Retrying for a bounded time is what SQLite's busy handler would have done. A leaf module:
// the corpus store and the state database both use it.
import type Database from 'better-sqlite3';

const RETRY_SLEEP_MS = 5;

/** True for SQLITE_BUSY and its extended codes. */
export function isBusyError(error: unknown): boolean {
  return String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY');
}

/** Blocks this thread for `ms` (start-up only, before anything is served). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Puts `db` in WAL mode, retrying SQLITE_BUSY for up to `timeoutMs`; then rethrows the last error. */
export function enableWal(db: Database.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!isBusyError(error) || Date.now() >= deadline) throw error;
      sleepSync(RETRY_SLEEP_MS);
    }
  }
}
