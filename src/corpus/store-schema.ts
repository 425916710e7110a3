// The corpus store's schema history (DATA_DIR/corpus.sqlite). Entry i takes the database from
// user_version i to i + 1; append only, never edit a shipped entry.
//
// Why a file of its own, beside the state database (paperboy.sqlite): an import or a sync holds the
// corpus write lock for a second or two, and must never make the bot's daily-post journal wait; and
// the two back up differently (the corpus is large and can be rebuilt from its sources, the state
// is small and cannot).
export const CORPUS_MIGRATIONS: readonly string[] = [
  // 1: papers, their raw records, aliases, sources, revisions, search snapshots, the sync cursor.
  `
  -- revision, store_id, topics_json, topics_hash, builder_version, seeded
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  -- One row per paper: the validated Paper as JSON, plus the keys merging needs.
  CREATE TABLE papers (
    id        TEXT PRIMARY KEY,
    arxiv_id  TEXT UNIQUE,
    slug      TEXT NOT NULL,                 -- slugifyTitle(title); reserved when arxiv_id is set
    ord       INTEGER NOT NULL,              -- order of first appearance in the sources
    revision  INTEGER NOT NULL,              -- last changed in
    json      TEXT NOT NULL
  ) STRICT;

  -- Every record every source gave, uncleaned, in source order: a touched paper is recombined
  -- from all of its records, exactly as a full rebuild would.
  CREATE TABLE records (
    seq        INTEGER PRIMARY KEY,
    paper_id   TEXT NOT NULL,
    source     TEXT NOT NULL,
    title_key  TEXT NOT NULL,
    json       TEXT NOT NULL
  ) STRICT;
  CREATE INDEX records_paper ON records (paper_id);
  CREATE INDEX records_source ON records (source);

  -- Ids that stopped being a paper's id (it gained an arXiv id, or merged into another) -> the paper.
  CREATE TABLE aliases (
    alias     TEXT PRIMARY KEY,
    paper_id  TEXT NOT NULL
  ) STRICT;

  CREATE TABLE sources (
    file            TEXT PRIMARY KEY,        -- path under corpus/sources, or imports/<name>, or the sync's name
    format          TEXT NOT NULL,
    origin          TEXT NOT NULL CHECK (origin IN ('seed', 'import', 'sync')),
    sha256          TEXT NOT NULL,
    bytes           INTEGER NOT NULL,
    content         BLOB,                    -- the file verbatim (NULL for sync days: their records are kept)
    description     TEXT NOT NULL,
    captured_at     TEXT NOT NULL,
    default_year    INTEGER,
    note            TEXT,
    records         INTEGER NOT NULL,
    added_revision  INTEGER NOT NULL,
    added_at        TEXT NOT NULL
  ) STRICT;
  CREATE INDEX sources_sha ON sources (sha256);

  CREATE TABLE revisions (
    revision  INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL,                 -- seed, import, sync, retag
    source    TEXT,
    added     INTEGER NOT NULL,
    updated   INTEGER NOT NULL,
    papers    INTEGER NOT NULL
  ) STRICT;

  -- The search index of one revision, encoded by the search engine; only the newest is kept.
  CREATE TABLE snapshots (
    revision        INTEGER NOT NULL,
    engine_version  TEXT NOT NULL,
    blob            BLOB NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (revision, engine_version)
  ) STRICT;

  -- The Hugging Face sync's cursor: one row per listing day fetched (empty days too).
  CREATE TABLE sync_days (
    day         TEXT PRIMARY KEY,            -- YYYY-MM-DD
    papers      INTEGER NOT NULL,
    revision    INTEGER,                     -- the revision that applied it; NULL when nothing changed
    synced_at   TEXT NOT NULL
  ) STRICT;
  `,
  // 2: the sync's incremental paths read only what a day touched: the rows written since a revision
  // (the next view, watches), the stored papers sharing a new record's normalised title (the merge),
  // the slugs arXiv papers reserve, and the next paper order, instead of scanning every row with its JSON.
  `
  CREATE INDEX papers_revision ON papers (revision);
  CREATE INDEX papers_ord ON papers (ord);
  CREATE INDEX records_title_key ON records (title_key);
  CREATE INDEX papers_arxiv_slug ON papers (arxiv_id, slug);
  `,
  // 3: a long-running process loads its papers without their JSON text (src/corpus/row-text.ts): it reads
  // the few fields start-up uses from this narrow table, in id order, instead of walking every paper row
  // with its JSON (~200 MB at 100k papers). Triggers (until migration 4) keep it in step with papers in every write's own
  // transaction, so no write path can forget it. Values are as SQLite's JSON functions give them; the
  // reader checks their types.
  `
  CREATE TABLE paper_heads (
    id            TEXT PRIMARY KEY,
    slug          TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    arxiv_id      ANY,
    title         ANY,
    published_at  ANY,
    listed_at     ANY,
    upvotes       ANY,
    topics        ANY,                       -- JSON text of the paper's topics
    code_links    ANY                        -- JSON text of its code links
  ) STRICT, WITHOUT ROWID;

  INSERT INTO paper_heads
    SELECT id, slug, revision, json ->> '$.arxivId', json ->> '$.title', json ->> '$.publishedAt', json ->> '$.listedAt',
           json ->> '$.upvotes', json -> '$.topics', json -> '$.codeLinks'
    FROM papers;

  CREATE TRIGGER paper_heads_insert AFTER INSERT ON papers BEGIN
    INSERT INTO paper_heads VALUES (new.id, new.slug, new.revision, new.json ->> '$.arxivId', new.json ->> '$.title', new.json ->> '$.publishedAt',
      new.json ->> '$.listedAt', new.json ->> '$.upvotes', new.json -> '$.topics', new.json -> '$.codeLinks');
  END;

  CREATE TRIGGER paper_heads_update AFTER UPDATE ON papers BEGIN
    DELETE FROM paper_heads WHERE id = old.id;
    INSERT INTO paper_heads VALUES (new.id, new.slug, new.revision, new.json ->> '$.arxivId', new.json ->> '$.title', new.json ->> '$.publishedAt',
      new.json ->> '$.listedAt', new.json ->> '$.upvotes', new.json -> '$.topics', new.json -> '$.codeLinks');
  END;

  CREATE TRIGGER paper_heads_delete AFTER DELETE ON papers BEGIN
    DELETE FROM paper_heads WHERE id = old.id;
  END;
  `,
  // 4: the store writes each head row itself, from the paper it has just validated, beside the paper row
  // (preparePaperWrites in store.ts, in the same transaction). The triggers made every paper write
  // a multi-row statement, which SQLite backs with a statement journal: importing the ~3.4k papers of
  // export-2026.json wrote ~150 MB to a temp file, and extracted the fields from the JSON text again.
  // The heads the triggers kept are already in step, so nothing is rewritten here.
  `
  DROP TRIGGER paper_heads_insert;
  DROP TRIGGER paper_heads_update;
  DROP TRIGGER paper_heads_delete;
  `,
  // 5: an import reads every stored paper's merge keys (SqliteCorpusStore.storedKeys) from two covering
  // indexes instead of walking the paper and record rows with their JSON (~15k pages at ~9k papers,
  // through a 2 MB page cache, for each import). Each replaces the narrower index it starts with.
  `
  CREATE INDEX papers_keys ON papers (ord, id, arxiv_id, slug);
  DROP INDEX papers_ord;
  CREATE INDEX records_paper_title ON records (paper_id, title_key);
  DROP INDEX records_paper;
  `,
  // 6: a revision's search snapshot stored as rows of SNAPSHOT_CHUNK_BYTES each (seq 0, 1, ...), not one
  // blob: SQLite copies a bound blob whole twice (the bind, then the record), 2 x 16 MiB at 10k papers on
  // top of the encoded bytes, which set the bot's memory peak during a sync's swap. All of a snapshot's
  // rows are written in one transaction that first checks the revision, so a crash leaves the old
  // snapshot or the new one, never a mix. A store's one-blob snapshot (table snapshots) is still read
  // when it has no chunked one, and the next snapshot written replaces it.
  `
  CREATE TABLE snapshot_chunks (
    revision        INTEGER NOT NULL,
    engine_version  TEXT NOT NULL,
    seq             INTEGER NOT NULL,        -- the snapshot is its rows' bytes in seq order, from 0
    bytes           BLOB NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (revision, engine_version, seq)
  ) STRICT;
  `,
];

export const CORPUS_SCHEMA_VERSION = CORPUS_MIGRATIONS.length;

/**
 * Statements that threads and connections outside the CorpusStore class run against the same file: the
 * snapshot writer and reader threads (src/snapshot-worker.ts, src/snapshot-reader.ts: plain JavaScript
 * that cannot load this module) and the row-text pins (src/corpus/row-text.ts).
 */
export const STORE_SQL = {
  revision: "SELECT value FROM meta WHERE key = 'revision'",
  /** A one-blob snapshot (schema before migration 6), read when there is no chunked one. */
  snapshotRead: 'SELECT blob FROM snapshots WHERE revision = ? AND engine_version = ?',
  snapshotBlobBytes: 'SELECT length(blob) AS n FROM snapshots WHERE revision = ? AND engine_version = ?',
  snapshotClear: 'DELETE FROM snapshots',
  // length() of a blob reads its size from the row header, not its pages.
  snapshotChunkBytes: 'SELECT count(*) AS chunks, max(seq) AS last, sum(length(bytes)) AS n FROM snapshot_chunks WHERE revision = ? AND engine_version = ?',
  snapshotChunks: 'SELECT seq, bytes FROM snapshot_chunks WHERE revision = ? AND engine_version = ? ORDER BY seq',
  snapshotChunksClear: 'DELETE FROM snapshot_chunks',
  snapshotChunkInsert: 'INSERT INTO snapshot_chunks (revision, engine_version, seq, bytes, created_at) VALUES (?, ?, ?, ?, ?)',
} as const;

/**
 * Bytes per stored snapshot row (migration 6): what SQLite copies at once when writing or reading one,
 * instead of the whole snapshot (~16 MiB at 10k papers, ~150 MiB at 100k).
 */
export const SNAPSHOT_CHUNK_BYTES = 1 << 18;
