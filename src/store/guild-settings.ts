// Per-server daily settings. Rows are parsed with zod on the way out, so the rest of the code can
// trust them (a hand-edited or half-migrated row fails loudly here, not deep inside scheduling).
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './db.js';
import { SCHEDULE_ROW_FIELDS } from './schedule-row.js';

const RowSchema = z.object({
  ...SCHEDULE_ROW_FIELDS,
  seed: z.number().int(),
  source: z.enum(['env', 'command']),
});

export interface GuildSettings {
  guildId: string;
  channelId: string;
  /** HH:MM, 24-hour wall clock in `timezone`. */
  time: string;
  timezone: string;
  count: number;
  /** Topic slug, or null for the whole corpus. */
  topic: string | null;
  enabled: boolean;
  /** Why the schedule is off (/daily off, channel deleted, missing permission); null while enabled. */
  disabledReason: string | null;
  seed: number;
  /** 'env' rows follow DAILY_* variables; 'command' rows were set by a server admin and win. */
  source: 'env' | 'command';
  updatedAt: Date;
}

/** What a caller may set; seed, state and timestamps are managed here. */
export type SettingsInput = Pick<GuildSettings, 'channelId' | 'time' | 'timezone' | 'count' | 'topic'>;

function toSettings(raw: unknown): GuildSettings {
  const r = RowSchema.parse(raw);
  return {
    guildId: r.guild_id,
    channelId: r.channel_id,
    time: r.time,
    timezone: r.timezone,
    count: r.count,
    topic: r.topic,
    enabled: r.enabled === 1,
    disabledReason: r.disabled_reason,
    seed: r.seed,
    source: r.source,
    updatedAt: new Date(r.updated_at),
  };
}

export interface GuildSettingsRepo {
  get(guildId: string): GuildSettings | null;
  list(): GuildSettings[];
  /** Creates or replaces a server's settings and re-enables it. The rotation seed survives updates. */
  save(guildId: string, input: SettingsInput, source: GuildSettings['source'], now: Date): GuildSettings;
  /**
   * Turns the schedule off with a reason shown in /daily status. `source: 'command'` (from /daily off)
   * also stops DAILY_* variables from switching it back on at the next start.
   */
  disable(guildId: string, reason: string, now: Date, source?: GuildSettings['source']): void;
}

export function createGuildSettingsRepo(db: Db): GuildSettingsRepo {
  const getStmt = db.prepare('SELECT * FROM guild_settings WHERE guild_id = ?');
  const listStmt = db.prepare('SELECT * FROM guild_settings ORDER BY guild_id');
  const upsertStmt = db.prepare(`
    INSERT INTO guild_settings (guild_id, channel_id, time, timezone, count, topic, enabled, disabled_reason, seed, source, updated_at)
    VALUES (@guild_id, @channel_id, @time, @timezone, @count, @topic, 1, NULL, @seed, @source, @updated_at)
    ON CONFLICT (guild_id) DO UPDATE SET
      channel_id = excluded.channel_id, time = excluded.time, timezone = excluded.timezone, count = excluded.count,
      topic = excluded.topic, enabled = 1, disabled_reason = NULL, source = excluded.source, updated_at = excluded.updated_at`);
  const disableStmt = db.prepare(
    'UPDATE guild_settings SET enabled = 0, disabled_reason = ?, updated_at = ?, source = coalesce(?, source) WHERE guild_id = ?',
  );

  const get = (guildId: string) => {
    const row = getStmt.get(guildId);
    return row === undefined ? null : toSettings(row);
  };

  return {
    get,
    list: () => listStmt.all().map(toSettings),
    save(guildId, input, source, now) {
      upsertStmt.run({
        guild_id: guildId,
        channel_id: input.channelId,
        time: input.time,
        timezone: input.timezone,
        count: input.count,
        topic: input.topic,
        // Only used on insert: the conflict branch keeps the existing seed, so the rotation continues.
        seed: randomInt(0, 2 ** 31 - 1),
        source,
        updated_at: now.toISOString(),
      });
      return get(guildId) as GuildSettings;
    },
    disable(guildId, reason, now, source) {
      disableStmt.run(reason, now.toISOString(), source ?? null, guildId);
    },
  };
}
