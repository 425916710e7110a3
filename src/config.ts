// Environment -> typed Config. dotenv fills process.env from .env; zod checks every variable once,
// and a bad configuration stops start-up with one message that names each offending variable.
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A bot token is three dot-separated base64url parts (the first encodes the bot's user id). */
const TOKEN_RE = /^[\w-]{18,}\.[\w-]{4,}\.[\w-]{20,}$/;
const SNOWFLAKE_RE = /^\d{17,20}$/;
/** One machine's ShardingManager; past this, spread shards over machines (README "Sharding"). */
export const MAX_SHARDS = 128;
const SHARD_COUNT_HINT = `must be auto or a whole number from 1 to ${MAX_SHARDS}`;

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

// Unset and empty are the same thing: a copied .env.example leaves many variables blank.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), schema.optional());

const snowflake = (what: string) => z.string().regex(SNOWFLAKE_RE, `must be a Discord ${what} id (a 17-20 digit number; enable Developer Mode, right-click, Copy ID)`);

/** When the bot retrains the semantic model from the corpus store (README "Semantic search"). */
export type RetrainThreshold = { papers: number } | { percent: number };
const RETRAIN_RE = /^(?:off|\d{1,7}|\d{1,3}(?:\.\d{1,2})?%)$/i;
const RETRAIN_HINT = 'must be a number of new papers (e.g. 500), a share of the papers the model was trained on (e.g. 5%), or off';
export const DEFAULT_SEMANTIC_RETRAIN = '5%';

/** SEMANTIC_RETRAIN's value: null for off, undefined when malformed or zero. */
export function parseRetrainThreshold(value: string): RetrainThreshold | null | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'off') return null;
  if (!RETRAIN_RE.test(v)) return undefined;
  const n = Number(v.replace(/%$/, ''));
  if (!(n > 0)) return undefined;
  return v.endsWith('%') ? { percent: n } : { papers: n };
}

export const EnvSchema = z.object({
  DISCORD_TOKEN: optional(z.string().regex(TOKEN_RE, 'looks malformed: paste the token from the Developer Portal > your app > Bot > Reset Token')),
  DISCORD_CLIENT_ID: optional(snowflake('application')),
  DISCORD_GUILD_ID: optional(snowflake('server')),
  DISCORD_API_BASE: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' })),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  DATA_DIR: optional(z.string()),
  CORPUS_DIR: optional(z.string()),
  DAILY_CHANNEL_ID: optional(snowflake('channel')),
  DAILY_TIME: optional(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time HH:MM, e.g. 09:00')),
  DAILY_TIMEZONE: optional(z.string().refine(isValidTimeZone, 'must be an IANA time zone name, e.g. Europe/Berlin or UTC')),
  HF_API_BASE: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://huggingface.co' })),
  // Five or six cron fields (croner checks the values when the bot schedules it), or "off".
  SYNC_SCHEDULE: optional(
    z.string().regex(/^(?:off|\S+(?:\s+\S+){4,5})$/i, 'must be a cron expression such as "17 * * * *" (minute 17 of every hour), or off'),
  ),
  SEMANTIC_SEARCH: optional(z.string().regex(/^(on|off)$/i, 'must be on (the default) or off')),
  SEMANTIC_RETRAIN: optional(
    z
      .string()
      .regex(RETRAIN_RE, RETRAIN_HINT)
      .refine((v) => parseRetrainThreshold(v) !== undefined, RETRAIN_HINT),
  ),
  DAILY_COUNT: optional(z.coerce.number({ error: 'must be a whole number from 1 to 10' }).int('must be a whole number from 1 to 10').min(1, 'must be at least 1').max(10, 'must be at most 10')),
  // Read by `npm run start:sharded` (and set per process by discord.js's ShardingManager for its shards).
  SHARD_COUNT: optional(
    z.union([z.literal('auto'), z.coerce.number().int(SHARD_COUNT_HINT).min(1, SHARD_COUNT_HINT).max(MAX_SHARDS, SHARD_COUNT_HINT)], { error: SHARD_COUNT_HINT }),
  ),
});

export interface DailyDefaults {
  channelId?: string;
  time: string;
  timezone: string;
  count: number;
}

export interface Config {
  discordToken?: string;
  discordClientId?: string;
  discordGuildId?: string;
  /** REST base such as https://discord.com/api (no version); the gateway URL comes from its /gateway/bot. */
  discordApiBase?: string;
  logLevel: (typeof LOG_LEVELS)[number];
  dataDir: string;
  corpusDir: string;
  daily: DailyDefaults;
  /** Shards `npm run start:sharded` spawns: a number, or 'auto' for Discord's recommendation (GET /gateway/bot). */
  shardCount: number | 'auto';
  sync: SyncSettings;
  /** When the bot retrains the semantic model in the background; null when SEMANTIC_RETRAIN=off. */
  semanticRetrain: RetrainThreshold | null;
}

export interface SyncSettings {
  /** Hugging Face API base (no trailing slash); tests point it at the loopback fake. */
  hfApiBase: string;
  /** Cron expression for the in-bot sync; null when SYNC_SCHEDULE=off. */
  schedule: string | null;
}

/**
 * Hourly at a minute chosen per install (from the data directory and host name), so installs do not
 * all call Hugging Face at minute 0, and one install keeps its minute across restarts.
 */
export function defaultSyncSchedule(dataDir: string, host = hostname()): string {
  const minute = createHash('sha256').update(`${host}\0${dataDir}`).digest().readUInt32BE(0) % 60;
  return `${minute} * * * *`;
}

/**
 * SEMANTIC_SEARCH=off: search, /ask and /similar rank lexically, without the committed semantic model.
 * Read where search engines are made (src/semantic/default.ts); loadConfig rejects any value but on/off.
 */
export function semanticSearchOff(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SEMANTIC_SEARCH?.trim().toLowerCase() === 'off';
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses an environment (process.env by default). Throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])} ${i.message}`);
    throw new ConfigError(`Invalid configuration (check .env or the environment):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.DISCORD_TOKEN && !e.DISCORD_CLIENT_ID) {
    throw new ConfigError(
      'Invalid configuration (check .env or the environment):\n  DISCORD_CLIENT_ID is required when DISCORD_TOKEN is set: copy the Application ID from the Developer Portal > your app > General Information',
    );
  }
  const dataDir = resolve(cwd, e.DATA_DIR ?? 'data');
  return {
    discordToken: e.DISCORD_TOKEN,
    discordClientId: e.DISCORD_CLIENT_ID,
    discordGuildId: e.DISCORD_GUILD_ID,
    discordApiBase: e.DISCORD_API_BASE?.replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL ?? 'info',
    dataDir,
    corpusDir: resolve(cwd, e.CORPUS_DIR ?? 'corpus'),
    daily: {
      channelId: e.DAILY_CHANNEL_ID,
      time: e.DAILY_TIME ?? '09:00',
      timezone: e.DAILY_TIMEZONE ?? 'UTC',
      count: e.DAILY_COUNT ?? 3,
    },
    shardCount: e.SHARD_COUNT ?? 'auto',
    sync: {
      hfApiBase: (e.HF_API_BASE ?? 'https://huggingface.co').replace(/\/+$/, ''),
      schedule: e.SYNC_SCHEDULE?.toLowerCase() === 'off' ? null : (e.SYNC_SCHEDULE ?? defaultSyncSchedule(dataDir)),
    },
    semanticRetrain: parseRetrainThreshold(e.SEMANTIC_RETRAIN ?? DEFAULT_SEMANTIC_RETRAIN) ?? null,
  };
}
