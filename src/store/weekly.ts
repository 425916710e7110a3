// Weekly digest state: per-server settings and the posting journal. Same discipline as the daily
// journal (daily-history.ts): a (guild, run day) primary key claimed in an IMMEDIATE transaction, the
// picks frozen in the claim, and a small state machine sending -> sent | failed. Rows are parsed with
// zod on the way out.
import { z } from 'zod';
import type { Db } from './db.js';
import { postJournalStatements } from './post-journal.js';
import type { ClaimOutcome } from './daily-history.js';
import { SCHEDULE_ROW_FIELDS } from './schedule-row.js';

const SettingsRow = z.object({
  ...SCHEDULE_ROW_FIELDS,
  weekday: z.number().int().min(0).max(6),
});

export interface WeeklySettings {
  guildId: string;
  channelId: string;
  /** 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  time: string;
  timezone: string;
  count: number;
  topic: string | null;
  enabled: boolean;
  disabledReason: string | null;
  updatedAt: Date;
}

export type WeeklySettingsInput = Pick<WeeklySettings, 'channelId' | 'weekday' | 'time' | 'timezone' | 'count' | 'topic'>;

const PostRow = z.object({
  guild_id: z.string(),
  local_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  channel_id: z.string(),
  nonce: z.string().min(1).max(25),
  state: z.enum(['sending', 'sent', 'failed']),
  claimed_by: z.string().nullable(),
  paper_ids: z.string().transform((s, ctx) => {
    const parsed = z.array(z.string()).safeParse(JSON.parse(s));
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'paper_ids is not a JSON array of ids' });
      return z.NEVER;
    }
    return parsed.data;
  }),
  message_id: z.string().nullable(),
  error: z.string().nullable(),
  created_at: z.string(),
  sent_at: z.string().nullable(),
});

export interface WeeklyPost {
  guildId: string;
  localDate: string;
  channelId: string;
  nonce: string;
  state: 'sending' | 'sent' | 'failed';
  claimedBy: string | null;
  paperIds: string[];
  messageId: string | null;
  error: string | null;
  sentAt: Date | null;
}

export type WeeklyClaim = ClaimOutcome<WeeklyPost>;

export interface WeeklyClaimRequest {
  guildId: string;
  localDate: string;
  channelId: string;
  nonce: string;
  owner: string;
  now: Date;
  /** Runs inside the claim transaction, only when a fresh post is started. */
  paperIds: () => string[];
}

export interface WeeklyRepo {
  getSettings(guildId: string): WeeklySettings | null;
  listSettings(): WeeklySettings[];
  saveSettings(guildId: string, input: WeeklySettingsInput, now: Date): WeeklySettings;
  disable(guildId: string, reason: string, now: Date): void;
  getPost(guildId: string, localDate: string): WeeklyPost | null;
  lastSent(guildId: string): WeeklyPost | null;
  claim(req: WeeklyClaimRequest): WeeklyClaim;
  recordMessage(guildId: string, localDate: string, messageId: string): void;
  finish(guildId: string, localDate: string, now: Date): void;
  fail(guildId: string, localDate: string, error: string): void;
  release(guildId: string, localDate: string): void;
  unfinished(): WeeklyPost[];
}

function toSettings(raw: unknown): WeeklySettings {
  const r = SettingsRow.parse(raw);
  return {
    guildId: r.guild_id, channelId: r.channel_id, weekday: r.weekday, time: r.time, timezone: r.timezone, count: r.count,
    topic: r.topic, enabled: r.enabled === 1, disabledReason: r.disabled_reason, updatedAt: new Date(r.updated_at),
  };
}

function toPost(raw: unknown): WeeklyPost {
  const r = PostRow.parse(raw);
  return {
    guildId: r.guild_id, localDate: r.local_date, channelId: r.channel_id, nonce: r.nonce, state: r.state, claimedBy: r.claimed_by,
    paperIds: r.paper_ids, messageId: r.message_id, error: r.error, sentAt: r.sent_at ? new Date(r.sent_at) : null,
  };
}

export function createWeeklyRepo(db: Db): WeeklyRepo {
  const s = {
    ...postJournalStatements(db, 'weekly_posts'),
    getSettings: db.prepare('SELECT * FROM weekly_settings WHERE guild_id = ?'),
    listSettings: db.prepare('SELECT * FROM weekly_settings ORDER BY guild_id'),
    upsert: db.prepare(`
      INSERT INTO weekly_settings (guild_id, channel_id, weekday, time, timezone, count, topic, enabled, disabled_reason, updated_at)
      VALUES (@guild_id, @channel_id, @weekday, @time, @timezone, @count, @topic, 1, NULL, @updated_at)
      ON CONFLICT (guild_id) DO UPDATE SET
        channel_id = excluded.channel_id, weekday = excluded.weekday, time = excluded.time, timezone = excluded.timezone,
        count = excluded.count, topic = excluded.topic, enabled = 1, disabled_reason = NULL, updated_at = excluded.updated_at`),
    disable: db.prepare('UPDATE weekly_settings SET enabled = 0, disabled_reason = ?, updated_at = ? WHERE guild_id = ?'),
    post: db.prepare('SELECT * FROM weekly_posts WHERE guild_id = ? AND local_date = ?'),
    insert: db.prepare(
      `INSERT INTO weekly_posts (guild_id, local_date, channel_id, nonce, state, claimed_by, paper_ids, created_at)
       VALUES (?, ?, ?, ?, 'sending', ?, ?, ?)`,
    ),
    restart: db.prepare(
      `UPDATE weekly_posts SET channel_id = ?, nonce = ?, state = 'sending', claimed_by = ?, paper_ids = ?, message_id = NULL, error = NULL, created_at = ?
       WHERE guild_id = ? AND local_date = ?`,
    ),
    message: db.prepare('UPDATE weekly_posts SET message_id = ? WHERE guild_id = ? AND local_date = ?'),
  };
  const getPost = (guildId: string, localDate: string) => {
    const row = s.post.get(guildId, localDate);
    return row === undefined ? null : toPost(row);
  };
  const getSettings = (guildId: string) => {
    const row = s.getSettings.get(guildId);
    return row === undefined ? null : toSettings(row);
  };

  // IMMEDIATE (below): the write lock is taken before reading, so two processes cannot both see "no row yet".
  const claim = db.transaction((req: WeeklyClaimRequest): WeeklyClaim => {
    const existing = getPost(req.guildId, req.localDate);
    const at = req.now.toISOString();
    const fresh = () => JSON.stringify(req.paperIds());
    if (!existing) {
      s.insert.run(req.guildId, req.localDate, req.channelId, req.nonce, req.owner, fresh(), at);
      return { kind: 'claimed', post: getPost(req.guildId, req.localDate) as WeeklyPost, resumed: false };
    }
    if (existing.state === 'sent') return { kind: 'sent', post: existing };
    if (existing.state === 'sending' && existing.claimedBy === req.owner) return { kind: 'busy', post: existing };
    if (existing.state === 'failed' && existing.channelId !== req.channelId) {
      // Another channel now: nothing of the failed attempt can be there, so start afresh with new nonces.
      s.restart.run(req.channelId, req.nonce, req.owner, fresh(), at, req.guildId, req.localDate);
      return { kind: 'claimed', post: getPost(req.guildId, req.localDate) as WeeklyPost, resumed: false };
    }
    s.resume.run(req.owner, req.guildId, req.localDate);
    return { kind: 'claimed', post: getPost(req.guildId, req.localDate) as WeeklyPost, resumed: true };
  });

  return {
    getSettings,
    listSettings: () => s.listSettings.all().map(toSettings),
    saveSettings(guildId, input, now) {
      s.upsert.run({
        guild_id: guildId, channel_id: input.channelId, weekday: input.weekday, time: input.time, timezone: input.timezone,
        count: input.count, topic: input.topic, updated_at: now.toISOString(),
      });
      return getSettings(guildId) as WeeklySettings;
    },
    disable: (g, reason, now) => void s.disable.run(reason, now.toISOString(), g),
    getPost,
    lastSent(guildId) {
      const row = s.lastSent.get(guildId);
      return row === undefined ? null : toPost(row);
    },
    claim: (req) => claim.immediate(req),
    recordMessage: (g, d, id) => void s.message.run(id, g, d),
    finish: (g, d, now) => void s.finish.run(now.toISOString(), g, d),
    fail: (g, d, error) => void s.fail.run(error, g, d),
    release: (g, d) => void s.release.run(g, d),
    unfinished: () => s.unfinished.all().map(toPost),
  };
}
