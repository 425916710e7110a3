// The JSON text of paper rows, read on demand, for a long-running process (the bot, the console) that
// loaded its corpus without it: at 100k papers the rows are ~200 MB of text that start-up would read,
// copy into strings and keep, although it only ever reads a few papers' abstracts and authors.
//
// A running bot serves the revision it loaded even after another process (an import) or its own sync
// has rewritten rows, so a row is read from a *pin*: a read transaction on a second connection, held
// at a revision at or after the load, in which every row a waiting paper needs is unchanged. When the
// store moves on (checked every few seconds, and before each read), the text of the waiting papers
// whose rows were rewritten or removed is read from the old pin and kept, and the pin moves to the
// new revision; so a paper's text is always the text of the revision it was loaded at. The pin also
// moves every few seconds without a new revision (a snapshot write keeps the revision), so it never
// keeps the write-ahead log from being checkpointed and reset for long.
import Database from 'better-sqlite3';
import { STORE_SQL } from './store-schema.js';

/** How often the pin moves to the latest commit (and keeps what rewritten rows held). */
const SETTLE_EVERY_MS = 5_000;
/** Each pin connection's page cache (negative KiB): it reads single rows by key. */
const PIN_CACHE_KIB = -512;

interface Pin {
  db: Database.Database;
  revision: number;
  row: Database.Statement<[string], { revision: number; json: string }>;
}

export class RowTextSource {
  /** Loaded papers whose text has not been read yet: id -> the revision their row was written at. */
  private readonly waiting = new Map<string, number>();
  /** Text of waiting papers whose rows the store has since rewritten or removed. */
  private readonly kept = new Map<string, string>();
  private pin: Pin | undefined;
  private spare: Database.Database | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly file: string,
    private readonly damaged: (id: string) => Error,
  ) {}

  /** Begins a pin at the latest revision on a connection. */
  private begin(db: Database.Database): Pin {
    db.exec('BEGIN');
    const revision = Number((db.prepare(STORE_SQL.revision).get() as { value: string } | undefined)?.value ?? 0);
    return { db, revision, row: db.prepare<[string], { revision: number; json: string }>('SELECT revision, json FROM papers WHERE id = ?') };
  }

  private connect(): Database.Database {
    const db = new Database(this.file);
    db.pragma(`cache_size = ${PIN_CACHE_KIB}`);
    return db;
  }

  /** Pins the current revision and returns it; the caller loads exactly this revision (see pinned()). */
  open(): number {
    this.pin ??= this.begin(this.connect());
    return this.pin.revision;
  }

  /** Re-pins when the store moved between open() and the load (a writer got in between). */
  repin(): number {
    if (this.pin) {
      this.pin.db.exec('COMMIT');
      this.pin = this.begin(this.pin.db);
    }
    return this.open();
  }

  /** Registers a loaded paper whose text waits in row `id`, written at `revision`; text(id) reads it. */
  wait(id: string, revision: number): void {
    this.waiting.set(id, revision);
  }

  /** Starts the background check that keeps the pin from holding back the store (once papers wait). */
  follow(): void {
    this.timer ??= setInterval(() => this.settle(true), SETTLE_EVERY_MS);
    this.timer.unref();
  }

  /** The row text of a waiting paper at the revision it was loaded at; it then no longer waits. */
  text(id: string): string {
    const json = this.peek(id);
    this.waiting.delete(id);
    this.kept.delete(id);
    return json;
  }

  /** text(id) for a look that keeps nothing: the paper still waits (a later text(id) reads it again). */
  peek(id: string): string {
    this.settle();
    const revision = this.waiting.get(id);
    const kept = this.kept.get(id);
    let json: string | undefined;
    if (kept !== undefined) json = kept;
    else if (revision !== undefined && this.pin) {
      const row = this.pin.row.get(id);
      if (row && row.revision === revision) json = row.json;
    }
    if (json === undefined) throw this.pin ? this.damaged(id) : new Error(`the text of paper "${id}" cannot be read: the corpus store ${this.file} was closed`);
    return json;
  }

  /**
   * When the store has moved past the pin: keeps the old text of every waiting row rewritten or removed
   * since, then moves the pin to the current revision.
   * With `move`, the pin moves even when the revision did not (a snapshot write keeps the revision).
   */
  settle(move = false): void {
    const old = this.pin;
    if (!old) return;
    if (this.waiting.size === 0) {
      this.close(); // nothing waits: no pin needed
      return;
    }
    this.spare ??= this.connect();
    const next = this.begin(this.spare);
    if (next.revision === old.revision && !move) {
      next.db.exec('COMMIT');
      return;
    }
    // Always one pin held: `next` before `old` ends, `again` before `next` ends.
    if (next.revision !== old.revision) this.keepChanged(old, next);
    old.db.exec('COMMIT');
    // No checkpoint here: it would copy the log on this (the bot's) thread. Writers checkpoint as they
    // commit (SQLite's auto-checkpoint), up to the oldest pin; a read that begins after a complete
    // checkpoint holds no place in the log, so moving the pin lets the next writer reset the log.
    const again = this.begin(old.db);
    if (again.revision !== next.revision) this.keepChanged(next, again); // a writer got in meanwhile
    next.db.exec('COMMIT');
    this.spare = next.db;
    this.pin = again;
  }

  /** Keeps the text at `from` of the waiting rows that `to` (a later revision) rewrote or removed. */
  private keepChanged(from: Pin, to: Pin): void {
    const changed = to.db.prepare<[number], { id: string }>('SELECT id FROM papers WHERE revision > ?').all(from.revision).map((r) => r.id);
    // A paper row only ever goes away when its id becomes an alias (merged, or it gained an arXiv id).
    const aliases = to.db.prepare<[], { alias: string }>('SELECT alias FROM aliases').all().map((r) => r.alias);
    for (const id of [...changed, ...aliases]) {
      const revision = this.waiting.get(id);
      if (revision === undefined || this.kept.has(id)) continue;
      const row = from.row.get(id);
      if (row && row.revision === revision) this.kept.set(id, row.json);
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const db of [this.pin?.db, this.spare]) if (db?.open) db.close();
    this.pin = undefined;
    this.spare = undefined;
  }
}
