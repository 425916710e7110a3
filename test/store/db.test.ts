import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseError, databasePath, migrate, openDatabase } from '../../src/store/db.js';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { tempDir } from '../daily/helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

function errorOf(fn: () => unknown): DatabaseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DatabaseError);
    return e as DatabaseError;
  }
  throw new Error('expected a DatabaseError');
}

describe('the state database', () => {
  it('is created on first run, data directory included, with WAL, foreign keys and a busy timeout', () => {
    const file = databasePath(join(tmp.dir, 'nested', 'data'));
    const db = openDatabase(file);
    expect(existsSync(file)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual([
      'daily_picks',
      'daily_posts',
      'guild_settings',
      'sqlite_sequence', // watches' AUTOINCREMENT: a removed watch's id is never reused by a new one
      'votes',
      'watch_deliveries',
      'watch_delivery_papers',
      'watch_known',
      'watch_meta',
      'watches',
      'weekly_posts',
      'weekly_settings',
    ]);
    db.close();
  });

  it('applies migrations once: reopening and re-running them changes nothing and keeps the data', () => {
    const file = databasePath(tmp.dir);
    const first = openDatabase(file);
    first.prepare("INSERT INTO guild_settings VALUES ('1', '2', '09:00', 'UTC', 3, NULL, 1, NULL, 7, 'command', 'x')").run();
    expect(migrate(first)).toBe(SCHEMA_VERSION);
    first.close();
    const again = openDatabase(file);
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(again.prepare('SELECT count(*) FROM guild_settings').pluck().get()).toBe(1);
    again.close();
  });

  it('refuses a file of garbage bytes with a one-line message naming it, and leaves it untouched', () => {
    const file = databasePath(tmp.dir);
    const garbage = Buffer.from('definitely not a database '.repeat(40));
    writeFileSync(file, garbage);
    const err = errorOf(() => openDatabase(file));
    expect(err.message).toContain(file);
    expect(err.message).toMatch(/unreadable.*left untouched/);
    expect(err.message).not.toContain('\n');
    expect(readFileSync(file).equals(garbage)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a database whose pages are corrupt, and leaves it untouched', () => {
    const file = databasePath(tmp.dir);
    const seed = new Database(file);
    seed.exec('CREATE TABLE t (x TEXT); INSERT INTO t VALUES (hex(randomblob(3000)))');
    seed.close();
    const bytes = readFileSync(file);
    bytes.fill(0xab, 1024, bytes.length); // keep the header, wreck the schema and data pages
    writeFileSync(file, bytes);
    const err = errorOf(() => openDatabase(file));
    expect(err.message).toContain(file);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('refuses a database from a newer paperboy, saying which versions are involved', () => {
    const file = databasePath(tmp.dir);
    const future = new Database(file);
    future.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    future.close();
    const before = readFileSync(file);
    const err = errorOf(() => openDatabase(file));
    expect(err.message).toContain(file);
    expect(err.message).toContain(`schema version ${SCHEMA_VERSION + 5}`);
    expect(err.message).toMatch(/newer release/);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('treats an empty file as a new database', () => {
    const file = databasePath(tmp.dir);
    writeFileSync(file, '');
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });
});
