// The corpus of record: papers, their raw records, aliases and imported sources in SQLite
// (DATA_DIR/corpus.sqlite), with a revision that every write bumps. A fresh store seeds itself from
// the committed corpus/ folder (manifest.json, sources/, topics.json), so a fresh clone works with
// no import and no network, and a folder that already holds imports (the layout before the store)
// carries over with the same papers and ids.
//
// Every write is one IMMEDIATE transaction: a second writer waits (busy_timeout) and then merges on
// top of the first, or is refused with one line; WAL makes a SIGKILL at any instant leave exactly
// the old or the new revision. Readers read one revision in one read transaction and keep it until
// they load again.
//
// Papers are validated with zod when they are written, never on the hot read path: zod over 9k papers
// costs ~0.5 s at every start. The store is only ever written through this module, so a read does a
// cheap structural check (and the schema version is pinned by user_version) instead.
import { createHash, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { constants as zlibConstants, gzip, gzipSync } from 'node:zlib';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { DirectoryError, environmentProblem, isForeignFile, prepareDirectory } from '../fs-problems.js';
import { enableWal, isBusyError } from '../sqlite-wal.js';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Corpus, SourceInfo } from './corpus.js';
import { makeCorpus, titleSlugsOf } from './corpus.js';
import { runSteps } from './steps.js';
import { storedPaper, storedPaperOf } from './stored-paper.js';
import { RowTextSource } from './row-text.js';
import type { Paper, Topic } from './schema.js';
import { OTHER_TOPIC, PaperSchema } from './schema.js';
import type { Problem } from './problems.js';
import { describeIssue } from './problems.js';
import type { ParseResult, RawRecord } from './ingest/record.js';
import { parseSource, parseSourceBytes, sanitizeRecord } from './ingest/index.js';
import { corpusFileHint } from './restore-hint.js';
import type { Manifest, SourceFormat } from './manifest.js';
import { ManifestSchema } from './manifest.js';
import { assignTopics, compileTopics, parseTopicsFile, type CompiledTopic } from './topics.js';
import { readJsonFile } from './files.js';
import { BUILDER_VERSION } from './inputs.js';
import { planMerge, type StoredKeys, type StoredPaperKey } from './merge-plan.js';
import { normalizedTitleKey, slugifyTitle } from './ids.js';
import { cleanText } from './text.js';
import { cleanRecord, combineRecords } from './combine.js';
import { readImportFile, MAX_IMPORT_BYTES } from './read-input.js';
import { CORPUS_MIGRATIONS, CORPUS_SCHEMA_VERSION, SNAPSHOT_CHUNK_BYTES, STORE_SQL } from './store-schema.js';
import { readSnapshotRows, writeSnapshotRows } from './snapshot-rows.js';
import { UserError } from '../errors.js';

export const CORPUS_DB_FILE = 'corpus.sqlite';
/** How long a writer waits for another writer (an import, a sync) before giving up. */
export const DEFAULT_BUSY_TIMEOUT_MS = 30_000;

export function corpusStorePath(dataDir: string): string {
  return join(dataDir, CORPUS_DB_FILE);
}

/** The store cannot be used as it is (damaged, newer, unseedable); the message says what to do. */
export class CorpusStoreError extends Error {
  override readonly name = 'CorpusStoreError';
}

export interface ImportResult {
  /** The source's name in the store (imports/<file name>). */
  source: string;
  /** True when this exact content was imported before; nothing changed. */
  alreadyImported: boolean;
  /** Papers that were not in the corpus before. */
  added: number;
  /** Papers the corpus already had that this file's records joined. */
  merged: number;
  /** Items that were reported (and, if invalid, skipped). */
  problems: Problem[];
  /** Papers in the corpus after the import. */
  papers: number;
  /** Corpus revision after the import. */
  revision: number;
}

export interface ApplySource {
  /** Name of the source in the store, e.g. "hf-daily/2025-01-12.json"; applying the same name again replaces its records. */
  file: string;
  format: 'hf-daily-json';
  description?: string;
  /** YYYY-MM-DD; defaults to the newest date among the records. */
  capturedAt?: string;
}

export interface ApplyOptions {
  /** Records this listing day in the sync cursor, in the same transaction. */
  syncDay?: string;
}

export interface ApplyResult {
  revision: number;
  /** Ids of papers new to the corpus. */
  added: string[];
  /** Ids of papers that changed. */
  updated: string[];
  problems: Problem[];
}

export interface SyncDay {
  day: string;
  papers: number;
  revision: number | null;
  syncedAt: string;
}

export interface CorpusStore {
  readonly file: string;
  revision(): number;
  /**
   * The corpus at the current revision, read in one transaction. Given the corpus of an earlier revision
   * of this store, only the rows written since are parsed; the other papers are taken from it (a sync
   * adds tens of papers to thousands: the next view costs milliseconds, not a whole read).
   */
  loadCorpus(previous?: Corpus): Corpus;
  /**
   * What makeCorpus needs for the current revision, reading only the rows written since `previous` (an
   * earlier corpus of this store) through an index: its unchanged papers are taken as they are. Undefined
   * when `previous` cannot lend them (another store, made without title slugs, rows gone another way).
   */
  readChanges(previous: Corpus): CorpusChanges | undefined;
  /** readChanges in steps (the merge with the previous corpus a thousand papers at a time), for a next view built in slices. */
  readChangesSteps(previous: Corpus): Generator<void, CorpusChanges | undefined>;
  /** `paperboy import`: one transaction; idempotent by content hash. Throws UserError with one line. */
  importFile(path: string): ImportResult;
  /** importFile, with the file compressed for the store on libuv's thread pool while it is parsed. */
  importFileAsync(path: string): Promise<ImportResult>;
  /** Merges records (e.g. one day of the HF feed) in one transaction; ids stay stable. */
  applyRecords(records: readonly RawRecord[], source: ApplySource, options?: ApplyOptions): ApplyResult;
  /** Listing days the sync has recorded, oldest first. */
  syncDays(): SyncDay[];
  /** Records a listing day with nothing to apply (a weekend, an empty day). */
  markSyncDay(day: string, papers?: number): void;
  /** Ids of the papers written after `revision` (added or changed), for patching a loaded index. */
  changedSince(revision: number): string[];
  readSnapshot(revision: number, engineVersion: string): Buffer | undefined;
  /** The size of that snapshot in bytes, without reading it; undefined when there is none. */
  snapshotBytes(revision: number, engineVersion: string): number | undefined;
  /** Stores the search snapshot of `revision`; ignored when the store has moved past it. Replaces older snapshots. */
  writeSnapshot(revision: number, engineVersion: string, blob: Buffer): boolean;
  close(): void;
}

/** The inputs of makeCorpus for one revision, and the ids of the papers written since the previous one. */
export interface CorpusChanges {
  papers: Paper[];
  titleSlugs: string[];
  topics: Topic[];
  hash: string;
  sources: SourceInfo[];
  aliases: Map<string, string>;
  revision: number;
  /** Ids of the papers added or rewritten since the previous corpus (sorted). */
  changed: string[];
}

/** SQLite's order for TEXT (UTF-8 bytes, i.e. code points) on JavaScript strings (UTF-16 units). */
function compareIds(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort after U+E000..U+FFFF in code point order.
    if (x >= 0xd800) x = x < 0xe000 ? x + 0x2000 : x - 0x800;
    if (y >= 0xd800) y = y < 0xe000 ? y + 0x2000 : y - 0x800;
    return x - y;
  }
  return a.length - b.length;
}

export interface OpenCorpusStoreOptions {
  /** The committed corpus folder the store seeds from and takes topics.json from. */
  seedDir: string;
  warn?: (message: string) => void;
  busyTimeoutMs?: number;
  now?: () => Date;
  /**
   * false: a second connection to a store another connection of this process already opened and
   * prepared (the bot sync's writer thread, src/store-writer.ts): no seeding, no following the seed folder.
   */
  prepare?: boolean;
  /**
   * The first loadCorpus leaves every paper row's JSON text in the store and reads a row when one of its
   * lazy fields is first read (src/corpus/row-text.ts): for a process that keeps the store open while it
   * serves the corpus (the bot, the console). Later loads read the text as usual.
   */
  rowTextOnDemand?: boolean;
}

type Db = Database.Database;

interface PaperRow {
  id: string;
  arxiv_id: string | null;
  slug: string;
  ord: number;
}

/** Papers of the previous corpus walked between two yields of readChangesSteps. */
const MERGE_STEP = 1024;

/**
 * An imported file is kept in the store gzip-compressed at the fastest level: a quarter of the bytes
 * (44 MB of real exports become ~10 MB), which SQLite writes twice (the log, then the checkpoint), for
 * ~7 ms of compression per MB. gunzip gives the file back byte for byte; sha256 and bytes describe the
 * file itself. A JSON export never starts with gzip's magic bytes (1f 8b), so a stored content says
 * which it is (seed sources are stored as they are).
 */
const STORED_GZIP = { level: zlibConstants.Z_BEST_SPEED };
const gzipAsync = promisify(gzip);

/** An import between reading the file and its transaction. */
interface PendingImport {
  path: string;
  bytes: Buffer;
  sha: string;
  name: string;
  source: string;
}

/** Page cache for whole-table reads, in SQLite's negative-KiB form. */
const READ_CACHE_KIB = -2000;

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}


/** The cheap check a stored paper passes on every read (zod ran when it was written). */
function checkPaper(value: unknown, known: ReadonlySet<string>): value is Paper {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    typeof p.id === 'string' &&
    typeof p.title === 'string' &&
    typeof p.abstract === 'string' &&
    Array.isArray(p.authors) &&
    Array.isArray(p.codeLinks) &&
    Array.isArray(p.keywords) &&
    Array.isArray(p.sources) &&
    Array.isArray(p.topics) &&
    p.topics.length > 0 &&
    p.topics.every((t) => typeof t === 'string' && known.has(t))
  );
}

function validatePaper(paper: Paper): Paper {
  const parsed = PaperSchema.safeParse(paper);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // A merge produced something the schema rejects: a bug, never written.
    throw new Error(`paper "${paper.id}" does not match the schema: ${issue ? describeIssue(issue) : 'invalid'}`);
  }
  return parsed.data;
}

/**
 * Every write of a paper row, each with its paper_heads row (migration 3) beside it in the same
 * transaction: the only way the store writes papers, so no write path can leave a head out of step.
 */
interface PaperWrites {
  /** Inserts or replaces a paper row (its JSON text `json`, the paper's own JSON.stringify). */
  put(paper: Paper, json: string, slug: string, ord: number, revision: number): void;
  /** Rewrites an existing paper row's JSON text. */
  rewrite(paper: Paper, json: string, slug: string, revision: number): void;
  remove(id: string): void;
}

function preparePaperWrites(db: Db): PaperWrites {
  const upsert = db.prepare<[string, string | null, string, number, number, string]>(
    `INSERT INTO papers (id, arxiv_id, slug, ord, revision, json) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET arxiv_id = excluded.arxiv_id, slug = excluded.slug, ord = excluded.ord, revision = excluded.revision, json = excluded.json`,
  );
  const update = db.prepare<[string, number, string]>('UPDATE papers SET json = ?, revision = ? WHERE id = ?');
  const deletePaper = db.prepare<[string]>('DELETE FROM papers WHERE id = ?');
  // upvotes is an integer (PaperSchema); a JavaScript number is bound as REAL, while json ->> gave INTEGER.
  const upsertHead = db.prepare<[string, string, number, string | null, string, string | null, string | null, number | null, string, string]>(
    `INSERT INTO paper_heads (id, slug, revision, arxiv_id, title, published_at, listed_at, upvotes, topics, code_links)
     VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS INTEGER), ?, ?)
     ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, revision = excluded.revision, arxiv_id = excluded.arxiv_id, title = excluded.title,
       published_at = excluded.published_at, listed_at = excluded.listed_at, upvotes = excluded.upvotes, topics = excluded.topics, code_links = excluded.code_links`,
  );
  const deleteHead = db.prepare<[string]>('DELETE FROM paper_heads WHERE id = ?');
  // The fields json ->> and json -> would extract from the row's JSON text, taken from the paper object.
  const putHead = (paper: Paper, slug: string, revision: number) =>
    upsertHead.run(
      paper.id,
      slug,
      revision,
      paper.arxivId ?? null,
      paper.title,
      paper.publishedAt ?? null,
      paper.listedAt ?? null,
      paper.upvotes ?? null,
      JSON.stringify(paper.topics),
      JSON.stringify(paper.codeLinks),
    );
  return {
    put(paper, json, slug, ord, revision) {
      upsert.run(paper.id, paper.arxivId ?? null, slug, ord, revision, json);
      putHead(paper, slug, revision);
    },
    rewrite(paper, json, slug, revision) {
      update.run(json, revision, paper.id);
      putHead(paper, slug, revision);
    },
    remove(id) {
      deletePaper.run(id);
      deleteHead.run(id);
    },
  };
}

function newestDate(records: readonly RawRecord[]): string | undefined {
  let newest: string | undefined;
  for (const r of records) if (r.publishedAt !== undefined && (newest === undefined || r.publishedAt > newest)) newest = r.publishedAt;
  return newest;
}

function migrate(db: Db): void {
  // Only a store that is behind takes the write lock: a reader must never wait for an import to finish.
  if ((db.pragma('user_version', { simple: true }) as number) >= CORPUS_SCHEMA_VERSION) return;
  db.transaction(() => {
    const from = db.pragma('user_version', { simple: true }) as number;
    for (let v = from; v < CORPUS_SCHEMA_VERSION; v++) {
      db.exec(CORPUS_MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}

interface SeedInputs {
  manifest: Manifest;
  topics: Topic[];
  topicsText: string;
}

function readSeedTopics(seedDir: string): { topics: Topic[]; text: string } {
  const path = join(seedDir, 'topics.json');
  const text = readFileSync(path, 'utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CorpusStoreError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return { topics: parseTopicsFile(value, path), text };
}

function readSeedInputs(seedDir: string): SeedInputs {
  const manifest = readJsonFile(join(seedDir, 'manifest.json'), ManifestSchema);
  const { topics, text } = readSeedTopics(seedDir);
  return { manifest, topics, topicsText: text };
}

export function openCorpusStore(file: string, options: OpenCorpusStoreOptions): CorpusStore {
  const warn = options.warn ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  try {
    prepareDirectory(dirname(file), 'the corpus store', 'Set DATA_DIR to a directory paperboy can write.');
  } catch (error) {
    throw error instanceof DirectoryError ? new CorpusStoreError(error.message) : error;
  }
  if (isForeignFile(file)) throw new CorpusStoreError(`The corpus store ${file} is not an SQLite database. It was left untouched: restore it from a backup, or move it aside to reseed from ${options.seedDir}.`);
  let db: Db;
  try {
    db = new Database(file);
  } catch (error) {
    throw new CorpusStoreError(`The corpus store ${file} cannot be opened (${environmentProblem(error, dirname(file)) ?? (error as Error).message}).`);
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > CORPUS_SCHEMA_VERSION) {
      throw new CorpusStoreError(`The corpus store ${file} has schema version ${version}, but this paperboy only knows up to ${CORPUS_SCHEMA_VERSION}: upgrade paperboy, or restore an older backup.`);
    }
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // WAL: readers never block the writer; a crash mid-write never tears a committed transaction.
    enableWal(db, busyTimeoutMs);
    db.pragma('synchronous = FULL');
    migrate(db);
  } catch (error) {
    db.close();
    if (error instanceof CorpusStoreError) throw error;
    if (isBusyError(error)) throw new CorpusStoreError(`The corpus store ${file} is locked by another writer; try again in a moment.`);
    const code = (error as { code?: string }).code ?? '';
    if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) throw new CorpusStoreError(`The corpus store ${file} is damaged (${(error as Error).message}): restore it from a backup.`);
    const problem = environmentProblem(error, dirname(file));
    if (problem) throw new CorpusStoreError(`The corpus store ${file} cannot be written: ${problem}.`);
    throw error;
  }
  const store = new SqliteCorpusStore(db, file, options.seedDir, warn, now, options.rowTextOnDemand ?? false);
  if (options.prepare === false) return store;
  try {
    store.prepare();
  } catch (error) {
    db.close();
    if (isBusyError(error)) throw new CorpusStoreError(`The corpus store ${file} is locked by another writer; try again in a moment.`);
    throw error;
  }
  return store;
}

class SqliteCorpusStore implements CorpusStore {
  private readonly getMeta;
  private readonly setMeta;
  private compiled?: { json: string; topics: CompiledTopic[] };
  /** Where papers loaded without their text read it (rowTextOnDemand: the first load only). */
  private rowText?: RowTextSource;
  /** The statements that write a paper row and its paper_heads row (prepared once per connection). */
  private paperWrites?: PaperWrites;

  constructor(
    private readonly db: Db,
    readonly file: string,
    private readonly seedDir: string,
    private readonly warn: (message: string) => void,
    private readonly now: () => Date,
    private rowTextOnDemand: boolean,
  ) {
    const get = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    this.getMeta = (key: string): string | undefined => get.get(key)?.value;
    const set = db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.setMeta = (key: string, value: string | number) => set.run(key, String(value));
  }

  /** Seeds a fresh store, re-tags when topics.json changed, and adds seed sources a newer release ships. */
  prepare(): void {
    if (this.getMeta('seeded') === undefined) this.seed();
    this.followSeedDir();
  }

  private write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (error) {
      if (isBusyError(error)) throw new UserError(`the corpus store ${this.file} is busy: another import or sync is writing to it; try again when it has finished`, { cause: error });
      throw error;
    }
  }

  private seed(): void {
    let inputs: SeedInputs;
    try {
      inputs = readSeedInputs(this.seedDir);
    } catch (error) {
      // A missing topics.json or manifest.json is restored, not rebuilt: say how (corpusFileHint).
      const e = error as { path?: string; cause?: { path?: string } };
      // Only when the folder is there: a CORPUS_DIR pointing nowhere is fixed by pointing it somewhere.
      const missing = existsSync(this.seedDir) ? (e.path ?? e.cause?.path) : undefined;
      const hint = missing ? `${corpusFileHint(missing)}; or set CORPUS_DIR to paperboy's corpus/ folder` : "set CORPUS_DIR to paperboy's corpus/ folder";
      throw new CorpusStoreError(`cannot create the corpus store ${this.file} from the seed corpus: ${(error as Error).message}; ${hint}`);
    }
    this.write(() => {
      if (this.getMeta('seeded') !== undefined) return; // another process seeded it while we waited
      this.setMeta('store_id', randomUUID());
      this.setMeta('revision', 0);
      this.setMeta('builder_version', BUILDER_VERSION);
      this.setTopics(inputs.topics, inputs.topicsText);
      this.addSeedSources(inputs.manifest.sources.map((s) => s.file), inputs.manifest, 'seed');
      this.setMeta('seeded', this.now().toISOString());
    });
  }

  private setTopics(topics: readonly Topic[], text: string): void {
    this.setMeta('topics_json', JSON.stringify(topics));
    this.setMeta('topics_hash', sha256(text));
  }

  /**
   * Compiled topic rules, kept while topics_json is unchanged: an hourly sync, or `paperboy import` with
   * several files, need not recompile every pattern.
   */
  private currentTopics(): CompiledTopic[] {
    const json = this.getMeta('topics_json') ?? '[]';
    if (this.compiled?.json !== json) this.compiled = { json, topics: compileTopics(this.storedTopics()) };
    return this.compiled.topics;
  }

  /** The stored topics parsed, reused while the stored JSON is the same (a sync's next view would parse ~25 KB each time). */
  private parsedTopics?: { json: string; topics: Topic[] };

  /** The topic rules in topics_json (or in `json`, read from it inside a caller's transaction). */
  private storedTopics(json = this.getMeta('topics_json') ?? '[]'): Topic[] {
    if (this.parsedTopics?.json !== json) {
      this.parsedTopics = { json, topics: parseTopicsFile({ version: 1, topics: JSON.parse(json) as unknown }, `${this.file} (stored topics)`) };
    }
    return this.parsedTopics.topics;
  }

  /** Inside a write: reads the listed seed sources and merges them as one revision. */
  private addSeedSources(files: readonly string[], manifest: Manifest, kind: 'seed' | 'seed-update', replacing?: string): void {
    const topics = compileTopics(this.storedTopics());
    const records: RawRecord[] = [];
    const rows: { entry: Manifest['sources'][number]; bytes: Buffer; count: number }[] = [];
    for (const name of files) {
      const entry = manifest.sources.find((s) => s.file === name);
      if (!entry) continue;
      const path = join(this.seedDir, 'sources', entry.file);
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch (error) {
        throw new CorpusStoreError(`${path}: listed in manifest.json but cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      const parsed = parseSource(bytes.toString('utf8'), entry.file, entry.format, entry.defaultYear !== undefined ? { defaultYear: entry.defaultYear } : {});
      records.push(...parsed.records);
      rows.push({ entry, bytes, count: parsed.records.length });
    }
    const revision = this.nextRevision();
    const result = this.mergeInto(records, topics, revision, replacing);
    if (replacing !== undefined) this.db.prepare('DELETE FROM sources WHERE file = ?').run(replacing);
    for (const { entry, bytes, count } of rows) {
      this.insertSource({
        file: entry.file,
        format: entry.format,
        origin: entry.file.startsWith('imports/') ? 'import' : 'seed',
        sha: sha256(bytes),
        bytes: bytes.length,
        content: bytes,
        description: entry.description,
        capturedAt: entry.capturedAt,
        defaultYear: entry.defaultYear ?? null,
        note: entry.note ?? null,
        records: count,
        revision,
      });
    }
    this.commitRevision(revision, kind, replacing ?? null, result.added.length, result.updated.length);
    if (replacing !== undefined) this.warn(`${join(this.seedDir, 'sources', replacing)} changed since it was stored: merged it again (${result.added.length} new, ${result.updated.length} changed papers)`);
  }

  /**
   * Keeps the store in step with the seed folder without hashing sources at start: topics.json is
   * small (hashed), and manifest.json only ever grows, so a source it lists that the store lacks is
   * new (a newer release, or an import made with an older paperboy) and is merged in.
   */
  private followSeedDir(): void {
    let topics: { topics: Topic[]; text: string } | undefined;
    let manifest: Manifest | undefined;
    try {
      topics = readSeedTopics(this.seedDir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.warn(`${join(this.seedDir, 'topics.json')} is missing; using the topics stored in ${this.file}`);
    }
    try {
      manifest = readJsonFile(join(this.seedDir, 'manifest.json'), ManifestSchema);
    } catch {
      manifest = undefined; // no seed folder here: the store is the corpus
    }
    if (topics && sha256(topics.text) !== this.getMeta('topics_hash')) {
      const changed = topics;
      this.write(() => {
        if (sha256(changed.text) === this.getMeta('topics_hash')) return;
        this.setTopics(changed.topics, changed.text);
        this.retag(compileTopics(changed.topics));
      });
    }
    if (this.getMeta('builder_version') !== BUILDER_VERSION) {
      this.write(() => {
        if (this.getMeta('builder_version') === BUILDER_VERSION) return;
        this.recombineAll();
        this.setMeta('builder_version', BUILDER_VERSION);
      });
    }
    if (manifest) {
      // Sizes only (a stat per source, no hashing): a seed source edited in place almost always changes size.
      const known = new Map(this.db.prepare<[], { file: string; bytes: number; origin: string }>('SELECT file, bytes, origin FROM sources').all().map((r) => [r.file, r]));
      const missing = manifest.sources.filter((s) => !known.has(s.file)).map((s) => s.file);
      const resized = manifest.sources
        .filter((s) => known.get(s.file)?.origin !== 'sync' && known.has(s.file))
        .filter((s) => {
          try {
            return statSync(join(this.seedDir, 'sources', s.file)).size !== known.get(s.file)?.bytes;
          } catch {
            return false; // a seed source that is gone: the store keeps what it had
          }
        })
        .map((s) => s.file);
      if (missing.length > 0 || resized.length > 0) {
        const m = manifest;
        this.write(() => {
          const now = new Map(this.db.prepare<[], { file: string; bytes: number }>('SELECT file, bytes FROM sources').all().map((r) => [r.file, r.bytes]));
          const still = missing.filter((f) => !now.has(f));
          if (still.length > 0) this.addSeedSources(still, m, 'seed-update');
          for (const file of resized) this.addSeedSources([file], m, 'seed-update', file);
        });
      }
    }
  }

  /**
   * Inside a write: a newer paperboy cleans or combines records differently (BUILDER_VERSION), so every
   * paper is recombined from its own records with the current code. Papers keep their ids and grouping.
   */
  private recombineAll(): void {
    const revision = this.nextRevision();
    const topics = compileTopics(this.storedTopics());
    const records = new Map<string, RawRecord[]>();
    for (const r of this.db.prepare<[], { paper_id: string; json: string }>('SELECT paper_id, json FROM records ORDER BY seq').iterate()) {
      const list = records.get(r.paper_id);
      const record = JSON.parse(r.json) as RawRecord;
      if (list) list.push(record);
      else records.set(r.paper_id, [record]);
    }
    const writes = this.writes();
    let updated = 0;
    for (const row of this.db.prepare<[], { id: string; slug: string; json: string }>('SELECT id, slug, json FROM papers').all()) {
      const own = records.get(row.id);
      if (!own) continue;
      const { titleKey: _titleKey, sources, ...facts } = combineRecords(own.map(cleanRecord));
      const paper = validatePaper({ id: row.id, ...facts, topics: assignTopics({ title: facts.title, abstract: facts.abstract, keywords: facts.keywords }, topics), sources });
      const json = JSON.stringify(paper);
      if (json === row.json) continue;
      writes.rewrite(paper, json, row.slug, revision);
      updated++;
    }
    this.commitRevision(revision, 'rebuild', BUILDER_VERSION, 0, updated);
    if (updated > 0) this.warn(`this paperboy cleans papers differently (${BUILDER_VERSION}): recombined ${updated} papers from their records`);
  }

  /** Inside a write: topics.json changed, so every paper's topics are assigned again. */
  private retag(topics: readonly CompiledTopic[]): void {
    const revision = this.nextRevision();
    const writes = this.writes();
    let updated = 0;
    for (const row of this.db.prepare<[], { id: string; slug: string; json: string }>('SELECT id, slug, json FROM papers').all()) {
      const paper = JSON.parse(row.json) as Paper;
      const slugs = assignTopics({ title: paper.title, abstract: paper.abstract, keywords: paper.keywords }, topics);
      if (slugs.join('\0') === paper.topics.join('\0')) continue;
      const { sources, ...rest } = paper;
      const retagged = { ...rest, topics: slugs, sources };
      writes.rewrite(retagged, JSON.stringify(retagged), row.slug, revision);
      updated++;
    }
    this.commitRevision(revision, 'retag', 'topics.json', 0, updated);
    this.warn(`topics.json changed: re-tagged the corpus (${updated} papers changed topics)`);
  }

  revision(): number {
    return Number(this.getMeta('revision') ?? 0);
  }

  changedSince(revision: number): string[] {
    return this.db.prepare<[number], { id: string }>('SELECT id FROM papers WHERE revision > ? ORDER BY id').all(revision).map((r) => r.id);
  }

  private nextRevision(): number {
    return this.revision() + 1;
  }

  private commitRevision(revision: number, kind: string, source: string | null, added: number, updated: number): void {
    const papers = (this.db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
    this.db.prepare('INSERT INTO revisions (revision, at, kind, source, added, updated, papers) VALUES (?, ?, ?, ?, ?, ?, ?)').run(revision, this.now().toISOString(), kind, source, added, updated, papers);
    this.setMeta('revision', revision);
  }

  private insertSource(s: {
    file: string;
    format: SourceFormat;
    origin: 'seed' | 'import' | 'sync';
    sha: string;
    bytes: number;
    content: Buffer | null;
    description: string;
    capturedAt: string;
    defaultYear: number | null;
    note: string | null;
    records: number;
    revision: number;
  }): void {
    this.db
      .prepare(
        `INSERT INTO sources (file, format, origin, sha256, bytes, content, description, captured_at, default_year, note, records, added_revision, added_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (file) DO UPDATE SET sha256 = excluded.sha256, bytes = excluded.bytes, content = excluded.content,
           description = excluded.description, captured_at = excluded.captured_at, records = excluded.records`,
      )
      .run(s.file, s.format, s.origin, s.sha, s.bytes, s.content, s.description, s.capturedAt, s.defaultYear, s.note, s.records, s.revision, this.now().toISOString());
  }

  private storedKeys(): StoredKeys {
    // Both read a covering index (papers_keys, records_paper_title), never the rows with their JSON.
    const rows = this.db.prepare<[], PaperRow>('SELECT id, arxiv_id, slug, ord FROM papers ORDER BY ord').all();
    // In source order (seq), sorted here: ORDER BY seq would walk the record rows instead of the index.
    const records = this.db.prepare<[], [number, string, string]>('SELECT seq, paper_id, title_key FROM records').raw().all();
    records.sort((a, b) => a[0] - b[0]);
    const titleKeys = new Map<string, string[]>();
    for (const [, paperId, titleKey] of records) {
      const keys = titleKeys.get(paperId);
      if (keys === undefined) titleKeys.set(paperId, [titleKey]);
      else if (!keys.includes(titleKey)) keys.push(titleKey);
    }
    const papers: StoredPaperKey[] = rows.map((r) => ({
      id: r.id,
      ...(r.arxiv_id !== null ? { arxivId: r.arxiv_id } : {}),
      slug: r.slug,
      titleKeys: titleKeys.get(r.id) ?? [],
    }));
    const aliases = this.db.prepare<[], { alias: string }>('SELECT alias FROM aliases').all().map((r) => r.alias);
    return { papers, aliases };
  }

  /**
   * The stored keys a merge of `records` can touch, read through indexes instead of every row (a day of
   * the sync: tens of records against thousands of papers). planMerge joins a record only to a paper with
   * its arXiv id or, first in paper order, one of its normalised titles; every paper with such a key is
   * here, in paper order, so it picks the same papers as over all keys. Every other id in use (real ids,
   * the slugs arXiv papers reserve) goes in as an alias, which planMerge only checks new ids against.
   */
  private storedKeysFor(records: readonly RawRecord[]): StoredKeys {
    const arxivIds = [...new Set(records.flatMap((r) => (r.arxivId !== undefined ? [r.arxivId] : [])))];
    const titleKeys = [...new Set(records.map((r) => normalizedTitleKey(cleanText(r.rawTitle))))];
    const ids = new Set<string>();
    const byArxiv = this.db.prepare<[string], { id: string }>('SELECT id FROM papers WHERE arxiv_id = ?');
    const byTitle = this.db.prepare<[string], { paper_id: string }>('SELECT DISTINCT paper_id FROM records WHERE title_key = ?');
    for (const a of arxivIds) for (const r of byArxiv.all(a)) ids.add(r.id);
    for (const k of titleKeys) for (const r of byTitle.all(k)) ids.add(r.paper_id);
    const row = this.db.prepare<[string], PaperRow>('SELECT id, arxiv_id, slug, ord FROM papers WHERE id = ?');
    const keysOf = this.db.prepare<[string], { title_key: string }>('SELECT title_key FROM records WHERE paper_id = ? ORDER BY seq');
    const papers: (StoredPaperKey & { ord: number })[] = [];
    for (const id of ids) {
      const r = row.get(id);
      if (!r) continue;
      papers.push({ id: r.id, ...(r.arxiv_id !== null ? { arxivId: r.arxiv_id } : {}), slug: r.slug, ord: r.ord, titleKeys: [...new Set(keysOf.all(id).map((k) => k.title_key))] });
    }
    papers.sort((a, b) => a.ord - b.ord);
    const used: string[] = this.db.prepare<[], { alias: string }>('SELECT alias FROM aliases').all().map((r) => r.alias);
    // Both read an index only (the primary key's, papers_arxiv_slug), never the rows with their JSON.
    for (const [id] of this.db.prepare<[], [string]>('SELECT id FROM papers').raw().iterate()) used.push(id);
    for (const [slug] of this.db.prepare<[], [string]>('SELECT slug FROM papers WHERE arxiv_id IS NOT NULL').raw().iterate()) used.push(slug);
    return { papers: papers.map(({ ord: _ord, ...key }) => key), aliases: used };
  }

  /**
   * Inside a write: merges records into the stored papers and writes the result. With `replacing`,
   * stored records of that source are dropped from the papers the new records touch (a refreshed
   * sync day replaces what the same day said before).
   */
  private mergeInto(records: readonly RawRecord[], topics: readonly CompiledTopic[], revision: number, replacing: string | undefined, keys: StoredKeys = this.storedKeys()) {
    const ordRow = this.db.prepare<[string], { ord: number }>('SELECT ord FROM papers WHERE id = ?');
    const recordsOfPaper = this.db.prepare<[string], { seq: number; source: string; json: string }>('SELECT seq, source, json FROM records WHERE paper_id = ?');
    const plan = planMerge(keys, records, topics, (ids) => {
      const rows = ids.flatMap((id) => recordsOfPaper.all(id)).filter((r) => r.source !== replacing);
      rows.sort((a, b) => a.seq - b.seq);
      return rows.map((r) => JSON.parse(r.json) as RawRecord);
    });
    const oldJson = this.db.prepare<[string], { json: string }>('SELECT json FROM papers WHERE id = ?');
    const writes = this.writes();
    const moveRecords = this.db.prepare<[string, string]>('UPDATE records SET paper_id = ? WHERE paper_id = ?');
    const moveAliases = this.db.prepare<[string, string]>('UPDATE aliases SET paper_id = ? WHERE paper_id = ?');
    const addAlias = this.db.prepare<[string, string]>('INSERT INTO aliases (alias, paper_id) VALUES (?, ?) ON CONFLICT (alias) DO UPDATE SET paper_id = excluded.paper_id');
    const dropAlias = this.db.prepare<[string]>('DELETE FROM aliases WHERE alias = ?');
    const dropReplaced = this.db.prepare<[string, string]>('DELETE FROM records WHERE paper_id = ? AND source = ?');
    let nextOrd = (this.db.prepare('SELECT coalesce(max(ord), -1) + 1 AS n FROM papers').get() as { n: number }).n; // papers_keys: no scan
    const added: string[] = [];
    const updated: string[] = [];
    for (const planned of plan.papers) {
      const paper = validatePaper(planned.paper);
      const json = JSON.stringify(paper);
      let ord: number;
      if (planned.isNew) {
        ord = nextOrd++;
      } else {
        const members = [paper.id, ...planned.replaces].map((id) => ordRow.get(id)?.ord).filter((o): o is number => o !== undefined);
        ord = Math.min(...members);
      }
      const before = planned.isNew || planned.replaces.length > 0 ? undefined : oldJson.get(paper.id)?.json;
      for (const old of planned.replaces) {
        writes.remove(old);
        moveRecords.run(paper.id, old);
        moveAliases.run(paper.id, old);
        addAlias.run(old, paper.id);
      }
      if (replacing !== undefined) dropReplaced.run(paper.id, replacing);
      dropAlias.run(paper.id);
      if (before !== json) {
        writes.put(paper, json, slugifyTitle(paper.title), ord, revision);
        (planned.isNew ? added : updated).push(paper.id);
      }
    }
    const insertRecord = this.db.prepare<[string, string, string, string]>('INSERT INTO records (paper_id, source, title_key, json) VALUES (?, ?, ?, ?)');
    records.forEach((record, i) => {
      const id = plan.recordPaper[i];
      if (id !== undefined) insertRecord.run(id, record.source.file, plan.recordTitleKey[i] as string, JSON.stringify(record));
    });
    return { plan, added, updated };
  }

  private writes(): PaperWrites {
    return (this.paperWrites ??= preparePaperWrites(this.db));
  }

  /**
   * Runs a whole-table read with a small page cache: it reads each page once, so SQLite's default
   * 16 MiB cache would only be resident memory a long-running bot keeps (about 14 MiB at 10k papers).
   */
  private withSmallCache<T>(read: () => T): T {
    const previous = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma(`cache_size = ${READ_CACHE_KIB}`);
    try {
      return read();
    } finally {
      this.db.pragma(`cache_size = ${previous}`);
    }
  }

  loadCorpus(previous?: Corpus): Corpus {
    return this.withSmallCache(() => this.readCorpus(previous));
  }

  /** A stored paper row as a Paper, with the cheap structural check (zod ran when it was written). */
  private parsePaper(json: string, known: ReadonlySet<string>): Paper {
    const value: unknown = JSON.parse(json);
    if (!checkPaper(value, known)) throw this.damagedRow(json);
    return value;
  }

  private damagedRow(json: string): CorpusStoreError {
    return new CorpusStoreError(`The corpus store ${this.file} holds a damaged paper row (${json.slice(0, 60)}…): restore it from a backup.`);
  }

  private knownTopics(topics: readonly Topic[]): Set<string> {
    return new Set([...topics.map((t) => t.slug), OTHER_TOPIC.slug]);
  }

  private readAliases(): Map<string, string> {
    return new Map(this.db.prepare<[], { alias: string; paper_id: string }>('SELECT alias, paper_id FROM aliases').all().map((r) => [r.alias, r.paper_id]));
  }

  /** Description and date of the sources holding a file verbatim, by file and content hash (see readSourcesCheaply). */
  private readonly sourceTexts = new Map<string, { description: string; capturedAt: string }>();

  /**
   * The sources list, without walking past the stored files: a source row keeps its file
   * verbatim (tens of MB for an export) before its description, and SQLite reads a row's columns in
   * order, so reading every column costs ~25 ms (far more when cold) at 9k papers. The columns before the
   * content and its type are cheap; an imported file's description and date are read once per file
   * and content hash (a file's row changes only with its content) and remembered. Same list and order
   * as reading every column in (added_revision, rowid) order: rows are only ever appended with the current revision, so rowid order is its order.
   */
  private readSourcesCheaply(): SourceInfo[] {
    const one = this.db.prepare<[number], { description: string; captured_at: string }>('SELECT description, captured_at FROM sources WHERE rowid = ?');
    return this.db
      .prepare<[], { rowid: number; file: string; format: string; sha256: string; kind: string }>('SELECT rowid, file, format, sha256, typeof(content) AS kind FROM sources ORDER BY rowid')
      .all()
      .map((r) => {
        const key = `${r.file}\n${r.sha256}`;
        let text = r.kind === 'null' ? undefined : this.sourceTexts.get(key);
        if (!text) {
          const row = one.get(r.rowid) as { description: string; captured_at: string };
          text = { description: row.description, capturedAt: row.captured_at };
          if (r.kind !== 'null') this.sourceTexts.set(key, text);
        }
        return { file: r.file, format: r.format, description: text.description, capturedAt: text.capturedAt };
      });
  }

  private readCorpus(previous: Corpus | undefined): Corpus {
    const changes = previous && this.readChanges(previous);
    if (changes) return makeCorpus(changes.papers, changes.topics, changes.hash, changes.sources, changes);
    if (this.rowTextOnDemand) {
      this.rowTextOnDemand = false;
      const rows = new RowTextSource(this.file, (id) => new CorpusStoreError(`The corpus store ${this.file} no longer holds paper "${id}" as it was loaded: restart paperboy.`));
      this.rowText = rows;
      try {
        // The rows are read later from the pinned revision: load exactly that one.
        for (let pinned = rows.open(); ; pinned = rows.repin()) {
          const corpus = this.readWholeCorpus(rows);
          if (corpus.revision === pinned) {
            rows.follow();
            return corpus;
          }
        }
      } catch (error) {
        rows.close();
        throw error;
      }
    }
    return this.readWholeCorpus();
  }

  /** Every paper of the current revision, in one read transaction; with `rows`, without the rows' text. */
  private readWholeCorpus(rows?: RowTextSource): Corpus {
    return this.db
      .transaction(() => {
        const revision = this.revision();
        const topics = this.storedTopics();
        const known = this.knownTopics(topics);
        const papers: Paper[] = [];
        // The stored title slugs save makeCorpus slugifying every title again (a tenth of the load at 10k).
        const titleSlugs: string[] = [];
        // A start reads every row but parses only the fields it uses (SQLite extracts them); the rest
        // of a row is parsed, and checked, when first read (src/corpus/stored-paper.ts).
        this.readStoredPapers(known, papers, titleSlugs, rows);
        const hash = sha256(`${this.getMeta('store_id') ?? ''}:${revision}`);
        // readSourcesCheaply: reading every column would walk past each stored export's bytes (~0.3 s at 100k papers).
        return makeCorpus(papers, topics, hash, this.readSourcesCheaply(), { aliases: this.readAliases(), revision, titleSlugs });
      })
      .deferred();
  }

  readChanges(previous: Corpus): CorpusChanges | undefined {
    return runSteps(this.readChangesSteps(previous));
  }

  /**
   * readChanges in steps: the rows are read in one read transaction (one revision), then merged into the
   * previous corpus's paper list a thousand papers per step, so a bot's next view never holds the event
   * loop for the whole walk (one step of 4-7 ms CPU at 9k papers before, bench:sync --cpu-profile).
   */
  *readChangesSteps(previous: Corpus): Generator<void, CorpusChanges | undefined> {
    const baseSlugs = titleSlugsOf(previous);
    if (!baseSlugs || baseSlugs.length !== previous.papers.length) return undefined;
    const read = this.db
      .transaction(() => {
        const revision = this.revision();
        const storeId = this.getMeta('store_id') ?? '';
        // Only an earlier corpus of this very store (its hash names the store and its revision) lends its papers.
        if (previous.revision > revision || previous.hash !== sha256(`${storeId}:${previous.revision}`)) return undefined;
        return {
          revision,
          storeId,
          topicsJson: this.getMeta('topics_json') ?? '[]',
          // papers_revision: the rows a sync wrote (a retag or recombine rewrites the revision too), not the table.
          rows: this.db.prepare<[number], [string, string, string]>('SELECT id, slug, json FROM papers WHERE revision > ?').raw().all(previous.revision),
          aliases: this.readAliases(),
          count: (this.db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n,
          sources: this.readSourcesCheaply(),
        };
      })
      .deferred();
    if (!read) return undefined;
    yield;
    const { rows, aliases, revision, storeId } = read;
    // Sorted here, in SQLite's id order: with ORDER BY id, SQLite walks every row by id instead of the index (~50 ms at 9k under load).
    rows.sort((a, b) => compareIds(a[0], b[0]));
    const topics = this.storedTopics(read.topicsJson);
    const known = this.knownTopics(topics);
    const rewritten = new Set(rows.map((r) => r[0]));
    // A paper row only ever goes away when its id becomes an alias (merged, or it gained an arXiv id).
    const gone = new Set([...aliases.keys()].filter((alias) => previous.byId.get(alias)?.id === alias && !rewritten.has(alias)));
    const papers: Paper[] = [];
    const titleSlugs: string[] = [];
    let j = 0;
    const takeRow = () => {
      const [, slug, json] = rows[j++] as [string, string, string];
      papers.push(storedPaperOf(this.parsePaper(json, known))); // laid out like the start-up papers (see storedPaperOf)
      titleSlugs.push(slug);
    };
    // Both lists are in id order (SQLite's): merge them.
    for (let i = 0; i < previous.papers.length; i++) {
      if (i % MERGE_STEP === MERGE_STEP - 1) yield;
      const paper = previous.papers[i] as Paper;
      while (j < rows.length && compareIds((rows[j] as [string, string, string])[0], paper.id) < 0) takeRow();
      if (j < rows.length && (rows[j] as [string, string, string])[0] === paper.id) takeRow();
      else if (!gone.has(paper.id)) {
        papers.push(paper);
        titleSlugs.push(baseSlugs[i] as string);
      }
    }
    while (j < rows.length) takeRow();
    // Anything else (a row removed some other way): not a safe patch; the caller reads everything.
    if (read.count !== papers.length) return undefined;
    return { papers, titleSlugs, topics, hash: sha256(`${storeId}:${revision}`), sources: read.sources, aliases, revision, changed: [...rewritten] };
  }

  /**
   * Every paper row as a stored paper: the eager fields from columns SQLite extracts (checked now),
   * the rest parsed and checked (checkPaper) on first read. raw(): arrays, not an object per row.
   */
  private readStoredPapers(known: ReadonlySet<string>, papers: Paper[], titleSlugs: string[], onDemand?: RowTextSource): void {
    const check = (value: unknown, json: string, id: string): Paper => {
      if (!checkPaper(value, known) || value.id !== id) throw this.damagedRow(json);
      return value;
    };
    // On demand, the narrow paper_heads table (the same fields, written beside each row) and each row's revision
    // instead of its text (see RowTextSource.wait).
    const rows = this.db.prepare<[], [string, string, string | null, unknown, string | null, string | null, unknown, string | null, string | null, string | number]>(
      onDemand
        ? 'SELECT id, slug, arxiv_id, title, published_at, listed_at, upvotes, topics, code_links, revision FROM paper_heads ORDER BY id'
        : `SELECT id, slug, json ->> '$.arxivId', json ->> '$.title', json ->> '$.publishedAt', json ->> '$.listedAt', json ->> '$.upvotes',
                  json -> '$.topics', json -> '$.codeLinks', json
           FROM papers ORDER BY id`,
    );
    for (const [id, slug, arxivId, title, publishedAt, listedAt, upvotes, topicsJson, codeLinksJson, last] of rows.raw().iterate()) {
      const json = onDemand ? `{"id":${JSON.stringify(id)}}` : (last as string);
      const topics: unknown = topicsJson === null ? null : JSON.parse(topicsJson);
      const codeLinks: unknown = codeLinksJson === null ? null : JSON.parse(codeLinksJson);
      if (
        typeof title !== 'string' ||
        (upvotes !== null && typeof upvotes !== 'number') ||
        !Array.isArray(codeLinks) ||
        !Array.isArray(topics) ||
        topics.length === 0 ||
        !topics.every((t) => typeof t === 'string' && known.has(t))
      ) {
        throw this.damagedRow(json);
      }
      const eager = { id, arxivId, title, publishedAt, listedAt, upvotes, topics: topics as string[], codeLinks: codeLinks as Paper['codeLinks'] };
      if (onDemand) onDemand.wait(id, last as number);
      papers.push(onDemand ? storedPaper(eager, () => onDemand.text(id), check, () => onDemand.peek(id)) : storedPaper(eager, json, check));
      titleSlugs.push(slug);
    }
  }

  importFile(path: string): ImportResult {
    const pending = this.readImport(path);
    if ('done' in pending) return pending.done;
    return this.finishImport(pending, this.parseImport(pending), gzipSync(pending.bytes, STORED_GZIP));
  }

  async importFileAsync(path: string): Promise<ImportResult> {
    const pending = this.readImport(path);
    if ('done' in pending) return pending.done;
    // Compressed on libuv's thread pool while this thread parses: on two cores it costs no time here.
    const compressing = gzipAsync(pending.bytes, STORED_GZIP);
    let parsed: ParseResult;
    try {
      parsed = this.parseImport(pending);
    } catch (error) {
      await compressing.catch(() => undefined);
      throw error;
    }
    return this.finishImport(pending, parsed, await compressing);
  }

  /** The file's bytes and names, or the earlier result when this content is already imported. */
  private readImport(path: string): PendingImport | { done: ImportResult } {
    const bytes = readImportFile(path);
    const sha = sha256(bytes);
    const name = basename(path);
    const pending = { path, bytes, sha, name, source: `imports/${name}` };
    const already = this.findImported(sha, pending.source, path);
    return already ? { done: already } : pending;
  }

  private parseImport(p: PendingImport): ParseResult {
    const parsed = parseSourceBytes(p.bytes, p.source, 'hf-daily-json'); // parses and sanitises every string
    if (parsed.records.length === 0) {
      const first = parsed.problems[0];
      const reason = first ? first.message.replace(/ \(skipped\)$/, '') : 'it holds no papers';
      throw new UserError(`${p.path} is not a Hugging Face daily-papers export: ${reason}`);
    }
    return parsed;
  }

  /** The import's one transaction; `content` is the file gzip-compressed (see STORED_GZIP). */
  private finishImport(p: PendingImport, parsed: ParseResult, content: Buffer): ImportResult {
    const { sha, source, name, bytes } = p;
    return this.write(() => {
      // Checked again under the write lock: another import may have landed while we parsed.
      const again = this.findImported(sha, source, p.path);
      if (again) return again;
      const revision = this.nextRevision();
      const { plan, added } = this.mergeInto(parsed.records, this.currentTopics(), revision, undefined);
      this.insertSource({
        file: source,
        format: 'hf-daily-json',
        origin: 'import',
        sha,
        bytes: bytes.length,
        content,
        description: `Hugging Face daily-papers export (${parsed.records.length} papers), imported from ${name}`,
        capturedAt: newestDate(parsed.records) ?? this.now().toISOString().slice(0, 10),
        defaultYear: null,
        note: 'capturedAt is the newest paper date in the export; the export itself carries no capture time.',
        records: parsed.records.length,
        revision,
      });
      const merged = plan.papers.filter((x) => !x.isNew).length;
      this.commitRevision(revision, 'import', source, added.length, merged);
      return {
        source,
        alreadyImported: false,
        added: plan.papers.length - merged,
        merged,
        problems: [...parsed.problems, ...plan.problems].filter((x) => x.file === source).sort((a, b) => a.line - b.line),
        papers: this.paperCount(),
        revision,
      };
    });
  }

  private paperCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
  }

  /** The earlier result when this content is already in the store; a UserError when the name is taken by other content. */
  private findImported(sha: string, source: string, path: string): ImportResult | undefined {
    const same = this.db.prepare<[string], { file: string }>('SELECT file FROM sources WHERE sha256 = ? LIMIT 1').get(sha);
    if (same) return { source: same.file, alreadyImported: true, added: 0, merged: 0, problems: [], papers: this.paperCount(), revision: this.revision() };
    const taken = this.db.prepare<[string], { sha256: string }>('SELECT sha256 FROM sources WHERE file = ?').get(source);
    if (taken) throw new UserError(`cannot import ${path}: a different export named ${basename(source)} was already imported; rename the file to import it too`);
    return undefined;
  }

  applyRecords(input: readonly RawRecord[], source: ApplySource, options: ApplyOptions = {}): ApplyResult {
    // Records from the sync (or any caller) are cleaned of control characters like every imported string.
    const records = input.map(sanitizeRecord);
    return this.write(() => {
      const existing = this.db.prepare<[string], { origin: string }>('SELECT origin FROM sources WHERE file = ?').get(source.file);
      if (existing && existing.origin !== 'sync') throw new UserError(`source ${source.file} was not written by the sync; pick another name`);
      const revision = this.nextRevision();
      const { plan, added, updated } = this.mergeInto(records, this.currentTopics(), revision, existing ? source.file : undefined, this.storedKeysFor(records));
      const changed = added.length + updated.length > 0 || !existing;
      if (changed) {
        const text = JSON.stringify(records);
        this.insertSource({
          file: source.file,
          format: source.format,
          origin: 'sync',
          sha: sha256(text),
          bytes: Buffer.byteLength(text),
          content: null,
          description: source.description ?? `Hugging Face daily papers (${records.length} papers)`,
          capturedAt: source.capturedAt ?? newestDate(records) ?? this.now().toISOString().slice(0, 10),
          defaultYear: null,
          note: null,
          records: records.length,
          revision,
        });
        this.commitRevision(revision, 'sync', source.file, added.length, updated.length);
      }
      const at = changed ? revision : this.revision();
      if (options.syncDay !== undefined) this.recordSyncDay(options.syncDay, records.length, changed ? revision : null);
      return { revision: at, added, updated, problems: plan.problems };
    });
  }

  private recordSyncDay(day: string, papers: number, revision: number | null): void {
    this.db
      .prepare('INSERT INTO sync_days (day, papers, revision, synced_at) VALUES (?, ?, ?, ?) ON CONFLICT (day) DO UPDATE SET papers = excluded.papers, revision = coalesce(excluded.revision, revision), synced_at = excluded.synced_at')
      .run(day, papers, revision, this.now().toISOString());
  }

  syncDays(): SyncDay[] {
    return this.db
      .prepare<[], { day: string; papers: number; revision: number | null; synced_at: string }>('SELECT day, papers, revision, synced_at FROM sync_days ORDER BY day')
      .all()
      .map((r) => ({ day: r.day, papers: r.papers, revision: r.revision, syncedAt: r.synced_at }));
  }

  markSyncDay(day: string, papers = 0): void {
    this.write(() => this.recordSyncDay(day, papers, null));
  }

  readSnapshot(revision: number, engineVersion: string): Buffer | undefined {
    // One read transaction: the size and the rows of one snapshot, never a writer's half (WAL).
    return this.withSmallCache(() => this.db.transaction(() => readSnapshotRows(this.db, STORE_SQL, revision, engineVersion))());
  }

  /** How many rows the chunked snapshot of a revision has, and their bytes (0, 0: none). */
  private snapshotHead(revision: number, engineVersion: string): { chunks: number; bytes: number } {
    const head = this.db.prepare<[number, string], { chunks: number; n: number | null }>(STORE_SQL.snapshotChunkBytes).get(revision, engineVersion);
    return { chunks: head?.chunks ?? 0, bytes: head?.n ?? 0 };
  }

  snapshotBytes(revision: number, engineVersion: string): number | undefined {
    const head = this.snapshotHead(revision, engineVersion);
    if (head.chunks > 0) return head.bytes;
    return this.db.prepare<[number, string], { n: number }>(STORE_SQL.snapshotBlobBytes).get(revision, engineVersion)?.n;
  }

  writeSnapshot(revision: number, engineVersion: string, blob: Buffer): boolean {
    // A snapshot is an optimisation: when another writer holds the lock, skip it rather than wait.
    const timeout = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    try {
      return this.db
        .transaction(() => {
          if (revision !== this.revision()) return false; // the corpus moved on: this snapshot is already stale
          writeSnapshotRows(this.db, STORE_SQL, SNAPSHOT_CHUNK_BYTES, revision, engineVersion, blob, this.now().toISOString());
          return true;
        })
        .immediate();
    } catch (error) {
      if (isBusyError(error)) return false;
      throw error;
    } finally {
      this.db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  close(): void {
    this.rowText?.close();
    if (this.db.open) this.db.close();
  }
}

export { MAX_IMPORT_BYTES };
