// Schema history. Entry i is the SQL that takes a database from user_version i to i + 1.
// Append only: never edit a migration that has shipped, because databases in the field already ran it.
export const MIGRATIONS: readonly string[] = [
  // 1: per-server daily settings and the posting journal.
  `
  CREATE TABLE guild_settings (
    guild_id        TEXT PRIMARY KEY,
    channel_id      TEXT NOT NULL,
    time            TEXT NOT NULL,                 -- HH:MM, wall clock in timezone
    timezone        TEXT NOT NULL,                 -- IANA name
    count           INTEGER NOT NULL CHECK (count BETWEEN 1 AND 10),
    topic           TEXT,                          -- NULL: the whole corpus
    enabled         INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    disabled_reason TEXT,
    seed            INTEGER NOT NULL,              -- fixes this server's rotation order
    source          TEXT NOT NULL CHECK (source IN ('env', 'command')),
    updated_at      TEXT NOT NULL                  -- ISO instant; catch-up ignores runs before it
  ) STRICT;

  -- One row per server per local day: the claim that makes posting at-most-once.
  CREATE TABLE daily_posts (
    guild_id    TEXT NOT NULL,
    local_date  TEXT NOT NULL,                     -- YYYY-MM-DD in the server's timezone
    channel_id  TEXT NOT NULL,
    nonce       TEXT NOT NULL,                     -- message i is sent with nonce || i
    state       TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
    claimed_by  TEXT,                              -- process instance running it; NULL when released
    error       TEXT,
    created_at  TEXT NOT NULL,
    sent_at     TEXT,
    PRIMARY KEY (guild_id, local_date)
  ) STRICT;

  CREATE TABLE daily_picks (
    guild_id    TEXT NOT NULL,
    local_date  TEXT NOT NULL,
    idx         INTEGER NOT NULL,
    paper_id    TEXT NOT NULL,
    rotation    TEXT NOT NULL,                     -- topic slug, or '' for the whole corpus
    cycle       INTEGER NOT NULL,
    message_id  TEXT,                              -- set once Discord has the message
    PRIMARY KEY (guild_id, local_date, idx),
    FOREIGN KEY (guild_id, local_date) REFERENCES daily_posts (guild_id, local_date) ON DELETE CASCADE
  ) STRICT;

  CREATE INDEX daily_picks_rotation ON daily_picks (guild_id, rotation, cycle);
  `,
  // votes: one row per (server, paper, user) is the whole "one vote per user per paper per server" rule;
  // a second press deletes the row. paper_id is the paper's id when the vote was cast (aliases resolve later).
  `
  CREATE TABLE votes (
    guild_id    TEXT NOT NULL,
    paper_id    TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    voted_at    TEXT NOT NULL,                     -- ISO instant
    PRIMARY KEY (guild_id, paper_id, user_id)
  ) STRICT;

  CREATE INDEX votes_by_user ON votes (guild_id, user_id);
  `,
  // watches: saved searches that post new papers after a sync (src/watch/). Self-contained: these
  // tables only. watch_known is the ledger of papers the watches have already seen (a paper is "new"
  // once, ever); watch_deliveries + watch_delivery_papers are the outbox, written in the same
  // transaction as the ledger, and the (watch_id, paper_id) key keeps a paper to one delivery per watch.
  `
  CREATE TABLE watches (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL CHECK (kind IN ('channel', 'dm')),
    guild_id        TEXT,                          -- NULL for a DM watch made outside a server
    channel_id      TEXT,                          -- NULL for a DM watch (the DM channel is opened at send time)
    user_id         TEXT NOT NULL,                 -- who made it; a DM watch is delivered to them
    query           TEXT NOT NULL,
    enabled         INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    disabled_reason TEXT,
    created_at      TEXT NOT NULL,
    last_sent_at    TEXT
  ) STRICT;
  CREATE INDEX watches_guild ON watches (guild_id);
  CREATE INDEX watches_user ON watches (user_id, kind);

  CREATE TABLE watch_known (
    paper_id  TEXT PRIMARY KEY,
    revision  INTEGER NOT NULL                     -- corpus revision in which the watches first saw it
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE watch_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  CREATE TABLE watch_deliveries (
    watch_id    INTEGER NOT NULL REFERENCES watches (id) ON DELETE CASCADE,
    revision    INTEGER NOT NULL,                  -- corpus revision that brought the papers
    nonce       TEXT NOT NULL,                     -- the message is sent with nonce || 0 and enforce_nonce
    state       TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
    claimed_by  TEXT,                              -- process sending it; NULL when free to resume
    channel_id  TEXT,                              -- where it went (the DM channel for a DM watch)
    message_id  TEXT,
    error       TEXT,
    created_at  TEXT NOT NULL,
    sent_at     TEXT,
    PRIMARY KEY (watch_id, revision)
  ) STRICT;
  CREATE INDEX watch_deliveries_open ON watch_deliveries (state);

  CREATE TABLE watch_delivery_papers (
    watch_id  INTEGER NOT NULL,
    paper_id  TEXT NOT NULL,
    revision  INTEGER NOT NULL,
    rank      INTEGER NOT NULL,                    -- 0 = best match
    PRIMARY KEY (watch_id, paper_id),
    FOREIGN KEY (watch_id, revision) REFERENCES watch_deliveries (watch_id, revision) ON DELETE CASCADE
  ) STRICT;
  CREATE INDEX watch_delivery_papers_batch ON watch_delivery_papers (watch_id, revision, rank);
  `,
  // digest: per-server weekly digest settings and its posting journal (one post per server per run day).
  `
  CREATE TABLE weekly_settings (
    guild_id        TEXT PRIMARY KEY,
    channel_id      TEXT NOT NULL,
    weekday         INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),  -- 0 = Sunday, as in cron
    time            TEXT NOT NULL,                 -- HH:MM, wall clock in timezone
    timezone        TEXT NOT NULL,                 -- IANA name
    count           INTEGER NOT NULL CHECK (count BETWEEN 1 AND 10),
    topic           TEXT,                          -- NULL: the whole corpus
    enabled         INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    disabled_reason TEXT,
    updated_at      TEXT NOT NULL                  -- ISO instant; catch-up ignores runs before it
  ) STRICT;

  -- The claim that makes a week's digest at-most-once: one row per server per run day, its picks frozen.
  CREATE TABLE weekly_posts (
    guild_id    TEXT NOT NULL,
    local_date  TEXT NOT NULL,                     -- the run day, YYYY-MM-DD in the server's timezone
    channel_id  TEXT NOT NULL,
    nonce       TEXT NOT NULL,                     -- sent with enforce_nonce: a resend returns the same message
    state       TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
    claimed_by  TEXT,
    paper_ids   TEXT NOT NULL,                     -- JSON array: the week's best at claim time, best first
    message_id  TEXT,
    error       TEXT,
    created_at  TEXT NOT NULL,
    sent_at     TEXT,
    PRIMARY KEY (guild_id, local_date)
  ) STRICT;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
