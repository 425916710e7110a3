// Opens the state database. A damaged or unexpected file stops start-up with one clear message and is
// left exactly as found: silently recreating it would lose every server's settings and, worse, the
// posting journal that keeps daily picks at-most-once.
import { existsSync, statSync } from 'node:fs';
import { directoryProblem, DirectoryError, environmentProblem, isForeignFile, prepareDirectory } from '../fs-problems.js';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { enableWal } from '../sqlite-wal.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

export type Db = Database.Database;

export const DB_FILE = 'paperboy.sqlite';
/** The local console's pretend server keeps its /daily settings here, apart from the bot's. */
export const CONSOLE_DB_FILE = 'console.sqlite';
/** How long a write waits for another connection's lock before failing (ms). */
const BUSY_TIMEOUT_MS = 5000;

export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
}

export function databasePath(dataDir: string): string {
  return join(dataDir, DB_FILE);
}


const unreadable = (file: string, why: string) =>
  new DatabaseError(
    `The state database ${file} is unreadable (${why}). It was left untouched: restore it from a backup, or move it aside to start with empty settings.`,
  );

/** Opens (creating the directory and file if needed), checks integrity, sets pragmas and migrates. */
export function openDatabase(file: string): Db {
  try {
    prepareDirectory(dirname(file), 'the state database', 'Set DATA_DIR to a directory paperboy can write.');
  } catch (e) {
    throw e instanceof DirectoryError ? new DatabaseError(e.message) : e;
  }
  const existed = existsSync(file) && statSync(file).size > 0;
  // A new database that cannot be made is an environment problem, not a damaged file: say so.
  const cannotCreate = (e: unknown) =>
    new DatabaseError(`The state database ${file} cannot be created: ${environmentProblem(e) ?? directoryProblem(dirname(file)) ?? (e as Error).message}. Free some space or make ${dirname(file)} writable, or set DATA_DIR elsewhere.`);
  if (isForeignFile(file)) throw unreadable(file, 'not an SQLite database');
  let db: Db;
  try {
    db = new Database(file);
  } catch (e) {
    if (!existed) throw cannotCreate(e);
    const problem = environmentProblem(e);
    if (problem) throw new DatabaseError(`The state database ${file} cannot be opened: ${problem}.`);
    throw unreadable(file, (e as Error).message);
  }
  try {
    checkIntegrity(db, file);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new DatabaseError(
        `The state database ${file} has schema version ${version}, but this paperboy only knows up to ${SCHEMA_VERSION}. It was written by a newer release: upgrade paperboy, or restore an older backup.`,
      );
    }
    // WAL: readers never block the writer, and a crash mid-write cannot tear a committed transaction.
    enableWal(db, BUSY_TIMEOUT_MS);
    // FULL: a claim must reach the disk before the message is sent, even across a power cut.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    migrate(db);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof DatabaseError) throw e;
    if (!existed && environmentProblem(e)) throw cannotCreate(e);
    const problem = environmentProblem(e);
    if (problem) throw new DatabaseError(`The state database ${file} cannot be written: ${problem}. It was left untouched.`);
    const code = (e as { code?: string }).code ?? '';
    if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) throw unreadable(file, (e as Error).message);
    throw e;
  }
}

function checkIntegrity(db: Db, file: string): void {
  // quick_check reads every page (cheap at our size) but skips index/content cross-checks.
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length) throw unreadable(file, `integrity check failed: ${problems.slice(0, 3).join('; ')}`);
}

/** Applies pending migrations in one IMMEDIATE transaction, so two starting processes cannot both migrate. */
export function migrate(db: Db): number {
  const run = db.transaction(() => {
    const from = db.pragma('user_version', { simple: true }) as number;
    for (let v = from; v < SCHEMA_VERSION; v++) {
      db.exec(MIGRATIONS[v] as string);
      // user_version lives in the database header, so it commits or rolls back with the DDL.
      db.pragma(`user_version = ${v + 1}`);
    }
    return SCHEMA_VERSION;
  });
  return run.immediate();
}
