// The watches tables (migration "watches" in src/store/migrations.ts): the watches themselves, the
// ledger of papers already seen, and the delivery outbox. Rows are parsed with zod on the way out.
//
// A delivery's life, one row per (watch, corpus revision):
//   (none) --detect--> pending --claim--> sending --sent--> sent
//                                   |  ^--claim (resume after a crash: same nonce)
//                                   v
//                                 failed (the channel cannot be posted to; the watch is switched off)
import { z } from 'zod';
import type { Db } from '../store/db.js';
import type { NewWatch, Watch } from './types.js';

const WatchRow = z.object({
  id: z.number().int().positive(),
  kind: z.enum(['channel', 'dm']),
  guild_id: z.string().nullable(),
  channel_id: z.string().nullable(),
  user_id: z.string().min(1),
  query: z.string().min(1),
  enabled: z.union([z.literal(0), z.literal(1)]),
  disabled_reason: z.string().nullable(),
  created_at: z.string(),
  last_sent_at: z.string().nullable(),
});

const DeliveryRow = z.object({
  watch_id: z.number().int().positive(),
  revision: z.number().int().nonnegative(),
  nonce: z.string().min(1).max(24),
  state: z.enum(['pending', 'sending', 'sent', 'failed']),
  claimed_by: z.string().nullable(),
  channel_id: z.string().nullable(),
  message_id: z.string().nullable(),
  error: z.string().nullable(),
  created_at: z.string(),
  sent_at: z.string().nullable(),
});

export interface Delivery {
  watchId: number;
  revision: number;
  nonce: string;
  state: 'pending' | 'sending' | 'sent' | 'failed';
  claimedBy: string | null;
  channelId: string | null;
  messageId: string | null;
  error: string | null;
}

function toWatch(raw: unknown): Watch {
  const r = WatchRow.parse(raw);
  return {
    id: r.id,
    kind: r.kind,
    guildId: r.guild_id,
    channelId: r.channel_id,
    userId: r.user_id,
    query: r.query,
    enabled: r.enabled === 1,
    disabledReason: r.disabled_reason,
    createdAt: new Date(r.created_at),
    lastSentAt: r.last_sent_at ? new Date(r.last_sent_at) : null,
  };
}

function toDelivery(raw: unknown): Delivery {
  const r = DeliveryRow.parse(raw);
  return {
    watchId: r.watch_id,
    revision: r.revision,
    nonce: r.nonce,
    state: r.state,
    claimedBy: r.claimed_by,
    channelId: r.channel_id,
    messageId: r.message_id,
    error: r.error,
  };
}

const CHECKED = 'checked_revision';

export type WatchRepo = ReturnType<typeof createWatchRepo>;

export function createWatchRepo(db: Db) {
  const s = {
    insert: db.prepare(
      `INSERT INTO watches (kind, guild_id, channel_id, user_id, query, enabled, created_at) VALUES (?, ?, ?, ?, ?, 1, ?) RETURNING *`,
    ),
    get: db.prepare('SELECT * FROM watches WHERE id = ?'),
    byGuild: db.prepare(`SELECT * FROM watches WHERE guild_id = ? AND kind = 'channel' ORDER BY id`),
    byUser: db.prepare(`SELECT * FROM watches WHERE user_id = ? AND kind = 'dm' ORDER BY id`),
    enabled: db.prepare('SELECT * FROM watches WHERE enabled = 1 ORDER BY id'),
    same: db.prepare(
      `SELECT * FROM watches WHERE kind = ? AND IFNULL(channel_id, '') = ? AND (kind = 'channel' OR user_id = ?) AND lower(query) = lower(?)`,
    ),
    remove: db.prepare('DELETE FROM watches WHERE id = ?'),
    disable: db.prepare('UPDATE watches SET enabled = 0, disabled_reason = ? WHERE id = ?'),
    sentAt: db.prepare('UPDATE watches SET last_sent_at = ? WHERE id = ?'),
    getMeta: db.prepare('SELECT value FROM watch_meta WHERE key = ?'),
    setMeta: db.prepare('INSERT INTO watch_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    known: db.prepare('SELECT 1 FROM watch_known WHERE paper_id = ?'),
    markKnown: db.prepare('INSERT OR IGNORE INTO watch_known (paper_id, revision) VALUES (?, ?)'),
    insertDelivery: db.prepare(
      `INSERT OR IGNORE INTO watch_deliveries (watch_id, revision, nonce, state, created_at) VALUES (?, ?, ?, 'pending', ?)`,
    ),
    insertPaper: db.prepare('INSERT OR IGNORE INTO watch_delivery_papers (watch_id, paper_id, revision, rank) VALUES (?, ?, ?, ?)'),
    dropDelivery: db.prepare('DELETE FROM watch_deliveries WHERE watch_id = ? AND revision = ?'),
    delivery: db.prepare('SELECT * FROM watch_deliveries WHERE watch_id = ? AND revision = ?'),
    open: db.prepare(`SELECT * FROM watch_deliveries WHERE state IN ('pending', 'sending') ORDER BY revision, watch_id`),
    claim: db.prepare(`UPDATE watch_deliveries SET state = 'sending', claimed_by = ?, error = NULL WHERE watch_id = ? AND revision = ?`),
    channel: db.prepare('UPDATE watch_deliveries SET channel_id = ? WHERE watch_id = ? AND revision = ?'),
    sent: db.prepare(
      `UPDATE watch_deliveries SET state = 'sent', claimed_by = NULL, error = NULL, message_id = ?, sent_at = ? WHERE watch_id = ? AND revision = ?`,
    ),
    fail: db.prepare(`UPDATE watch_deliveries SET state = 'failed', claimed_by = NULL, error = ? WHERE watch_id = ? AND revision = ?`),
    release: db.prepare(`UPDATE watch_deliveries SET claimed_by = NULL, error = ? WHERE watch_id = ? AND revision = ? AND state = 'sending'`),
    papers: db.prepare('SELECT paper_id FROM watch_delivery_papers WHERE watch_id = ? AND revision = ? ORDER BY rank'),
  };
  const ids = (rows: unknown[]) => rows.map((r) => z.object({ paper_id: z.string() }).parse(r).paper_id);

  const getDelivery = (watchId: number, revision: number): Delivery | null => {
    const row = s.delivery.get(watchId, revision);
    return row === undefined ? null : toDelivery(row);
  };

  // IMMEDIATE: take the write lock before reading, so two processes cannot both claim a delivery.
  const claim = db.transaction((watchId: number, revision: number, owner: string): Delivery | null => {
    const d = getDelivery(watchId, revision);
    if (!d || d.state === 'sent' || d.state === 'failed') return null;
    if (d.state === 'sending' && d.claimedBy === owner) return null; // this process is on it
    s.claim.run(owner, watchId, revision);
    return getDelivery(watchId, revision);
  });

  return {
    /** Runs `fn` in one IMMEDIATE transaction (the detection step: ledger and outbox together). */
    atomically: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    insert(w: NewWatch, now: Date): Watch {
      return toWatch(s.insert.get(w.kind, w.guildId, w.channelId, w.userId, w.query, now.toISOString()));
    },
    get(id: number): Watch | null {
      const row = s.get.get(id);
      return row === undefined ? null : toWatch(row);
    },
    serverWatches: (guildId: string): Watch[] => s.byGuild.all(guildId).map(toWatch),
    dmWatches: (userId: string): Watch[] => s.byUser.all(userId).map(toWatch),
    enabled: (): Watch[] => s.enabled.all().map(toWatch),
    /** The same query already watched at the same place (case-insensitive). */
    duplicate(w: NewWatch): Watch | null {
      const row = s.same.get(w.kind, w.channelId ?? '', w.userId, w.query);
      return row === undefined ? null : toWatch(row);
    },
    remove: (id: number): boolean => s.remove.run(id).changes > 0,
    disable: (id: number, reason: string): void => void s.disable.run(reason, id),
    checkedRevision(): number | null {
      const row = s.getMeta.get(CHECKED);
      return row === undefined ? null : z.coerce.number().int().parse(z.object({ value: z.string() }).parse(row).value);
    },
    setCheckedRevision: (revision: number): void => void s.setMeta.run(CHECKED, String(revision)),
    isKnown: (paperId: string): boolean => s.known.get(paperId) !== undefined,
    markKnown(paperIds: Iterable<string>, revision: number): void {
      for (const id of paperIds) s.markKnown.run(id, revision);
    },
    /**
     * Queues a delivery of `paperIds` (best first). Papers this watch was already given are left out;
     * returns how many remain (0: nothing queued).
     */
    queue(watchId: number, revision: number, nonce: string, paperIds: readonly string[], now: Date): number {
      if (s.insertDelivery.run(watchId, revision, nonce, now.toISOString()).changes === 0) return 0;
      let rank = 0;
      for (const id of paperIds) if (s.insertPaper.run(watchId, id, revision, rank).changes > 0) rank++;
      if (rank === 0) s.dropDelivery.run(watchId, revision);
      return rank;
    },
    delivery: getDelivery,
    /** Deliveries not yet sent: pending, or left 'sending' by a crash. */
    open: (): Delivery[] => s.open.all().map(toDelivery),
    claim: (watchId: number, revision: number, owner: string): Delivery | null => claim.immediate(watchId, revision, owner),
    setChannel: (watchId: number, revision: number, channelId: string): void => void s.channel.run(channelId, watchId, revision),
    markSent(watchId: number, revision: number, messageId: string, now: Date): void {
      db.transaction(() => {
        s.sent.run(messageId, now.toISOString(), watchId, revision);
        s.sentAt.run(now.toISOString(), watchId);
      }).immediate();
    },
    fail: (watchId: number, revision: number, error: string): void => void s.fail.run(error, watchId, revision),
    /** Outcome unknown (an unexpected error, a long outage): leave it 'sending' for the next run to resume, same nonce. */
    release: (watchId: number, revision: number, error: string | null): void => void s.release.run(error, watchId, revision),
    papers: (watchId: number, revision: number): string[] => ids(s.papers.all(watchId, revision)),
  };
}
