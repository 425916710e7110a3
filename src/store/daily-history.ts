// The posting journal: one row per server per local day (the claim), its picks, and the Discord
// message id of each pick once sent. The (guild_id, local_date) primary key plus a small state
// machine is what makes a day's post at-most-once, whoever asks for it and however often:
//
//   (none) --claim--> sending --finish--> sent
//                        |  ^--claim (resume: same picks, same nonce)
//                        v  |
//                      failed / released (claimed_by NULL)
import { z } from 'zod';
import type { Db } from './db.js';
import { postJournalStatements } from './post-journal.js';

export type PostState = 'sending' | 'sent' | 'failed';

const PostRow = z.object({
  guild_id: z.string(),
  local_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  channel_id: z.string(),
  nonce: z.string().min(1).max(24),
  state: z.enum(['sending', 'sent', 'failed']),
  claimed_by: z.string().nullable(),
  error: z.string().nullable(),
  created_at: z.string(),
  sent_at: z.string().nullable(),
});

const PickRow = z.object({
  idx: z.number().int().nonnegative(),
  paper_id: z.string(),
  rotation: z.string(),
  cycle: z.number().int().nonnegative(),
  message_id: z.string().nullable(),
});

export interface NewPick {
  paperId: string;
  /** Topic slug, or '' for the whole corpus: each pool rotates on its own. */
  rotation: string;
  cycle: number;
}

export interface PickRecord extends NewPick {
  idx: number;
  messageId: string | null;
}

export interface DailyPost {
  guildId: string;
  localDate: string;
  channelId: string;
  nonce: string;
  state: PostState;
  claimedBy: string | null;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
  picks: PickRecord[];
}

/** What claiming a scheduled post's journal row found (the daily picks and the weekly digest share it). */
export type ClaimOutcome<Post> =
  /** This caller owns the day's post now. `resumed`: an earlier attempt left it unfinished; send what is missing. */
  | { kind: 'claimed'; post: Post; resumed: boolean }
  | { kind: 'sent'; post: Post }
  /** Another run in this process is sending it right now. */
  | { kind: 'busy'; post: Post };

export type ClaimResult = ClaimOutcome<DailyPost>;

export interface ClaimRequest {
  guildId: string;
  localDate: string;
  channelId: string;
  nonce: string;
  /** Id of this process instance: a 'sending' row owned by someone else is a crashed run to resume. */
  owner: string;
  now: Date;
  /** Called inside the claim transaction only when fresh picks are needed, so they see a consistent history. */
  picks: () => NewPick[];
}

export interface DailyHistoryRepo {
  get(guildId: string, localDate: string): DailyPost | null;
  claim(req: ClaimRequest): ClaimResult;
  recordMessage(guildId: string, localDate: string, idx: number, messageId: string): void;
  finish(guildId: string, localDate: string, now: Date): void;
  fail(guildId: string, localDate: string, error: string): void;
  /** Outcome unknown (an unexpected error mid-send): keep 'sending' so the next claim resumes with the same nonces. */
  release(guildId: string, localDate: string): void;
  /** Posts left 'sending' (by a crash, or released). */
  unfinished(): DailyPost[];
  lastSent(guildId: string): DailyPost | null;
  /** The current cycle of a rotation and the papers already used in it (failed posts do not count). */
  rotation(guildId: string, rotation: string): { cycle: number; seen: Set<string> };
  /** Every paper this server was ever sent or is being sent (any rotation; failed posts do not count). */
  postedPaperIds(guildId: string): Set<string>;
}

export function createDailyHistoryRepo(db: Db): DailyHistoryRepo {
  const s = {
    ...postJournalStatements(db, 'daily_posts'),
    post: db.prepare('SELECT * FROM daily_posts WHERE guild_id = ? AND local_date = ?'),
    picks: db.prepare('SELECT idx, paper_id, rotation, cycle, message_id FROM daily_picks WHERE guild_id = ? AND local_date = ? ORDER BY idx'),
    posted: db.prepare(
      `SELECT DISTINCT k.paper_id FROM daily_picks k JOIN daily_posts p USING (guild_id, local_date)
       WHERE k.guild_id = ? AND p.state != 'failed'`,
    ),
    insertPost: db.prepare(
      `INSERT INTO daily_posts (guild_id, local_date, channel_id, nonce, state, claimed_by, created_at)
       VALUES (?, ?, ?, ?, 'sending', ?, ?)`,
    ),
    insertPick: db.prepare('INSERT INTO daily_picks (guild_id, local_date, idx, paper_id, rotation, cycle) VALUES (?, ?, ?, ?, ?, ?)'),
    deletePicks: db.prepare('DELETE FROM daily_picks WHERE guild_id = ? AND local_date = ?'),
    restart: db.prepare(
      `UPDATE daily_posts SET channel_id = ?, nonce = ?, state = 'sending', claimed_by = ?, error = NULL, created_at = ?
       WHERE guild_id = ? AND local_date = ?`,
    ),
    message: db.prepare('UPDATE daily_picks SET message_id = ? WHERE guild_id = ? AND local_date = ? AND idx = ?'),
    cycle: db.prepare(
      `SELECT MAX(k.cycle) AS cycle FROM daily_picks k JOIN daily_posts p USING (guild_id, local_date)
       WHERE k.guild_id = ? AND k.rotation = ? AND p.state != 'failed'`,
    ),
    seen: db.prepare(
      `SELECT k.paper_id FROM daily_picks k JOIN daily_posts p USING (guild_id, local_date)
       WHERE k.guild_id = ? AND k.rotation = ? AND k.cycle = ? AND p.state != 'failed'`,
    ),
  };

  function hydrate(raw: unknown): DailyPost {
    const r = PostRow.parse(raw);
    const picks = s.picks.all(r.guild_id, r.local_date).map((p) => {
      const k = PickRow.parse(p);
      return { idx: k.idx, paperId: k.paper_id, rotation: k.rotation, cycle: k.cycle, messageId: k.message_id };
    });
    return {
      guildId: r.guild_id,
      localDate: r.local_date,
      channelId: r.channel_id,
      nonce: r.nonce,
      state: r.state,
      claimedBy: r.claimed_by,
      error: r.error,
      createdAt: new Date(r.created_at),
      sentAt: r.sent_at ? new Date(r.sent_at) : null,
      picks,
    };
  }

  const get = (guildId: string, localDate: string) => {
    const row = s.post.get(guildId, localDate);
    return row === undefined ? null : hydrate(row);
  };

  function insertPicks(req: ClaimRequest): void {
    const picks = req.picks();
    if (picks.length === 0) throw new Error(`no papers to pick for guild ${req.guildId}`);
    picks.forEach((p, idx) => s.insertPick.run(req.guildId, req.localDate, idx, p.paperId, p.rotation, p.cycle));
  }

  // IMMEDIATE: take the write lock before reading, so two processes cannot both see "no row yet".
  const claim = db.transaction((req: ClaimRequest): ClaimResult => {
    const existing = get(req.guildId, req.localDate);
    const at = req.now.toISOString();
    if (!existing) {
      s.insertPost.run(req.guildId, req.localDate, req.channelId, req.nonce, req.owner, at);
      insertPicks(req);
      return { kind: 'claimed', post: get(req.guildId, req.localDate) as DailyPost, resumed: false };
    }
    if (existing.state === 'sent') return { kind: 'sent', post: existing };
    if (existing.state === 'sending' && existing.claimedBy === req.owner) return { kind: 'busy', post: existing };
    if (existing.state === 'failed' && existing.channelId !== req.channelId) {
      // The server fixed its setup by choosing another channel: nothing of the old attempt can be there.
      s.deletePicks.run(req.guildId, req.localDate);
      s.restart.run(req.channelId, req.nonce, req.owner, at, req.guildId, req.localDate);
      insertPicks(req);
      return { kind: 'claimed', post: get(req.guildId, req.localDate) as DailyPost, resumed: false };
    }
    s.resume.run(req.owner, req.guildId, req.localDate);
    return { kind: 'claimed', post: get(req.guildId, req.localDate) as DailyPost, resumed: true };
  });

  return {
    get,
    claim: (req) => claim.immediate(req),
    recordMessage: (g, d, idx, id) => void s.message.run(id, g, d, idx),
    finish: (g, d, now) => void s.finish.run(now.toISOString(), g, d),
    fail: (g, d, error) => void s.fail.run(error, g, d),
    release: (g, d) => void s.release.run(g, d),
    unfinished: () => s.unfinished.all().map(hydrate),
    lastSent(guildId) {
      const row = s.lastSent.get(guildId);
      return row === undefined ? null : hydrate(row);
    },
    rotation(guildId, rotation) {
      const { cycle } = z.object({ cycle: z.number().int().nullable() }).parse(s.cycle.get(guildId, rotation));
      const current = cycle ?? 0;
      const seen = new Set(s.seen.all(guildId, rotation, current).map((r) => z.object({ paper_id: z.string() }).parse(r).paper_id));
      return { cycle: current, seen };
    },
    postedPaperIds(guildId) {
      return new Set(s.posted.all(guildId).map((r) => z.object({ paper_id: z.string() }).parse(r).paper_id));
    },
  };
}
