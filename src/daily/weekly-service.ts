// WeeklyService: a server's weekly digest (the week's best papers plus a chart of the week), posted on
// one weekday at one time in the server's timezone. Separate from the daily picks (its own settings and
// journal) so a server can have both: the daily rotation and the weekly round-up answer different needs.
//
// Exactly once per run day, like the daily post: claim (guild, run day) in one IMMEDIATE transaction with
// the picks frozen, send ONE message with a deterministic nonce and enforce_nonce, record its id, mark
// it sent. A crash after Discord created the message and before the record is repaired by the resume:
// the same nonce returns the message Discord already has.
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { renderChartPng } from '../chart/render.js';
import { chartOption } from '../chart/spec.js';
import { addDays, weekBefore, weekChartData } from '../chart/stats.js';
import type { DailyDefaults } from '../config.js';
import type { Corpus } from '../corpus/corpus.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ReplyPayload } from '../reply.js';
import type { Db } from '../store/db.js';
import { createWeeklyRepo, type WeeklyPost, type WeeklySettings } from '../store/weekly.js';
import { checkPostableChannel } from './channel-check.js';
import { PostError, sendDailyPost, type ChannelPoster, type RetryPolicy } from './post.js';
import { poolOf } from './runner.js';
import { createCronScheduler, latestRunAt, localDate, nextRunAt, type Scheduler } from './schedule.js';
import { NO_VOTES, type ServerVotes } from './server-votes.js';
import { resolveSettings } from './settings-input.js';
import { weeklyMessage, weeklyNonce } from './weekly-message.js';
import { papersOfWeek, rankWeek } from './weekly-picker.js';

export const DEFAULT_WEEKLY_COUNT = 5;
export const DEFAULT_WEEKDAY = 1; // Monday: the week just ended, read at the start of the next
/** A run missed while the bot was down is still posted within this long; after that it waits for next week. */
export const CATCH_UP_MS = 48 * 3600_000;

export type WeeklyOutcome =
  | { kind: 'posted'; localDate: string; channelId: string; messageId: string; resumed: boolean }
  | { kind: 'already-posted'; localDate: string; channelId: string; messageId: string | null }
  | { kind: 'in-progress'; localDate: string }
  | { kind: 'failed'; localDate: string; reason: string; disabled: boolean };

export interface WeeklyStatus {
  settings: WeeklySettings;
  nextRunAt: Date | null;
  lastPost: { localDate: string; channelId: string; messageId: string | null } | null;
}

export interface WeeklyInput {
  channelId: string;
  weekday?: number;
  time?: string;
  timezone?: string;
  count?: number;
  topic?: string | null;
}

export interface WeeklyService {
  start(poster?: ChannelPoster): Promise<void>;
  stop(timeoutMs?: number): Promise<void>;
  configure(guildId: string, input: WeeklyInput): Promise<WeeklyStatus>;
  disable(guildId: string): boolean;
  status(guildId: string): WeeklyStatus | null;
  /** The digest a post today would contain (chart included); nothing is recorded. */
  preview(guildId: string): Promise<ReplyPayload>;
  postNow(guildId: string): Promise<WeeklyOutcome>;
  /** The cron tick (and catch-up): posts the latest run if it is due and not yet done. Exposed for tests. */
  runDue(guildId: string): Promise<WeeklyOutcome | null>;
}

export interface WeeklyServiceDeps {
  db: Db;
  corpus: Corpus | (() => Corpus);
  poster?: ChannelPoster;
  logger: Logger;
  defaults: DailyDefaults;
  votes?: ServerVotes;
  now?: () => Date;
  scheduler?: Scheduler;
  sleep?: (ms: number) => Promise<void>;
  retry?: RetryPolicy;
  instanceId?: string;
  ownsGuild?: (guildId: string) => boolean;
}

export function createWeeklyService(deps: WeeklyServiceDeps): WeeklyService {
  const source = deps.corpus;
  const current: () => Corpus = typeof source === 'function' ? source : () => source;
  const log = deps.logger.child({ component: 'weekly' });
  const now = deps.now ?? (() => new Date());
  const owns = deps.ownsGuild ?? (() => true);
  const votes = deps.votes ?? NO_VOTES;
  const repo = createWeeklyRepo(deps.db);
  const owner = deps.instanceId ?? randomUUID();
  const shutdown = new AbortController();
  const sleep = deps.sleep ?? ((ms: number) => delay(ms, undefined, { signal: shutdown.signal }));
  const inFlight = new Set<Promise<unknown>>();
  const scheduler = deps.scheduler ?? createCronScheduler((guild, err) => log.error({ guild, err }, 'weekly job failed'));
  let started = false;
  let edge: ChannelPoster | null = deps.poster ?? null;

  const connected = (): ChannelPoster => {
    if (!edge) throw new UserError('Posting needs the Discord connection: run the bot with DISCORD_TOKEN set.');
    return edge;
  };

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    void work.catch(() => undefined).finally(() => inFlight.delete(work));
    return work;
  }

  /** The digest for a run day: the 7 days before it, ranked; `frozen` (a resumed claim) fixes the picks. */
  async function digest(corpus: Corpus, s: WeeklySettings, runDay: string, frozen?: readonly string[]): Promise<{ message: ReplyPayload; paperIds: string[] }> {
    const days = weekBefore(runDay);
    const pool = poolOf(corpus, s);
    const week = papersOfWeek(pool, days);
    const counts = votes.counts(s.guildId, week.map((p) => p.id));
    const picks = frozen
      ? frozen.flatMap((id) => {
          const paper = corpus.byId.get(id);
          return paper ? [{ paper, votes: counts.get(paper.id) ?? 0 }] : [];
        })
      : rankWeek(week, counts).slice(0, s.count);
    const topicName = s.topic ? (corpus.topicBySlug.get(s.topic)?.name ?? s.topic) : null;
    const chart = weekChartData(corpus, week, days, topicName ?? undefined);
    const png = week.length ? await renderChartPng(chartOption(chart)) : null;
    return { message: weeklyMessage({ days, picks, weekTotal: week.length, topicName, chart, png }), paperIds: picks.map((p) => p.paper.id) };
  }

  async function runFor(s: WeeklySettings, runDay: string, why: string): Promise<WeeklyOutcome> {
    const corpus = current();
    // Rendering is async, and the claim's transaction cannot wait for it: rank first, claim with those ids.
    const fresh = await digest(corpus, s, runDay);
    const claim = repo.claim({
      guildId: s.guildId, localDate: runDay, channelId: s.channelId, nonce: weeklyNonce(s.guildId, runDay, s.channelId), owner, now: now(),
      paperIds: () => fresh.paperIds,
    });
    if (claim.kind === 'sent') return { kind: 'already-posted', localDate: runDay, channelId: claim.post.channelId, messageId: claim.post.messageId };
    if (claim.kind === 'busy') return { kind: 'in-progress', localDate: runDay };
    const post = claim.post;
    log.info({ guild: s.guildId, date: runDay, why, resumed: claim.resumed }, 'posting weekly digest');
    const same = post.paperIds.length === fresh.paperIds.length && post.paperIds.every((id, i) => id === fresh.paperIds[i]);
    const message = same ? fresh.message : (await digest(corpus, s, runDay, post.paperIds)).message;
    return send(post, message, claim.resumed);
  }

  async function send(post: WeeklyPost, message: ReplyPayload, resumed: boolean): Promise<WeeklyOutcome> {
    const { guildId, localDate: date } = post;
    try {
      const [id] = await sendDailyPost({
        poster: connected(),
        channelId: post.channelId,
        // sendDailyPost appends the message index (always 0 here): 24 + 1 chars, Discord's limit is 25.
        nonce: post.nonce,
        messages: [message],
        sent: post.messageId ? new Map([[0, post.messageId]]) : new Map(),
        onSent: (_idx, messageId) => repo.recordMessage(guildId, date, messageId),
        onRetry: (attempt, delayMs, err) => log.warn({ guild: guildId, date, attempt, delayMs, err: err.message }, 'weekly digest failed; retrying'),
        sleep,
        retry: deps.retry,
      });
      repo.finish(guildId, date, now());
      log.info({ guild: guildId, date, channel: post.channelId }, 'weekly digest posted');
      return { kind: 'posted', localDate: date, channelId: post.channelId, messageId: id as string, resumed };
    } catch (err) {
      if (!(err instanceof PostError)) {
        // Outcome unknown: keep 'sending' (released) so the next claim resumes with the same nonce.
        repo.release(guildId, date);
        throw err;
      }
      repo.fail(guildId, date, err.message);
      const disabled = err.kind === 'channel-gone' || err.kind === 'no-permission';
      if (disabled) {
        repo.disable(guildId, err.message, now());
        scheduler.cancel(guildId);
        log.warn({ guild: guildId, date, reason: err.message }, 'weekly digest disabled for this server');
      } else {
        log.error({ guild: guildId, date, err }, 'weekly digest failed');
      }
      return { kind: 'failed', localDate: date, reason: err.message, disabled };
    }
  }

  async function runDue(guildId: string): Promise<WeeklyOutcome | null> {
    if (!started || shutdown.signal.aborted || !owns(guildId)) return null;
    const s = repo.getSettings(guildId);
    if (!s?.enabled) return null;
    const at = now();
    const run = latestRunAt(s, at);
    // Not yet fired, set up after that run, or missed by more than the catch-up window.
    if (!run || run.getTime() < s.updatedAt.getTime() || at.getTime() - run.getTime() > CATCH_UP_MS) return null;
    const runDay = localDate(run, s.timezone);
    if (repo.getPost(guildId, runDay)?.state === 'sent') return null;
    return track(runFor(s, runDay, 'schedule'));
  }

  function schedule(s: WeeklySettings): void {
    if (!started || !s.enabled || !owns(s.guildId)) return scheduler.cancel(s.guildId);
    scheduler.schedule(s.guildId, s, async () => void (await runDue(s.guildId)));
  }

  function requireSettings(guildId: string): WeeklySettings {
    const s = repo.getSettings(guildId);
    if (!s) throw new UserError('The weekly digest is not set up in this server yet. Use `/weekly set` to choose a channel.');
    return s;
  }

  async function checkChannel(guildId: string, channelId: string): Promise<void> {
    if (!edge) return; // the console: no Discord to ask
    await checkPostableChannel(edge, guildId, channelId, {
      command: '/weekly set', feature: 'the weekly digest', permissions: 'View Channel, Send Messages, Embed Links and Attach Files',
    });
  }

  function status(guildId: string): WeeklyStatus | null {
    const s = repo.getSettings(guildId);
    if (!s) return null;
    const last = repo.lastSent(guildId);
    return {
      settings: s,
      nextRunAt: s.enabled ? nextRunAt(s, now()) : null,
      lastPost: last ? { localDate: last.localDate, channelId: last.channelId, messageId: last.messageId } : null,
    };
  }

  return {
    async start(poster) {
      if (poster) edge = poster;
      started = true;
      // Posts a crash left 'sending': finish them (same nonce) if still within the catch-up window.
      for (const post of repo.unfinished()) {
        if (!owns(post.guildId)) continue;
        const s = repo.getSettings(post.guildId);
        const recent = s !== null && post.localDate >= addDays(localDate(now(), s.timezone), -2);
        if (!s?.enabled || !recent) {
          repo.fail(post.guildId, post.localDate, 'Interrupted by a restart and not resumed: too long ago, or the weekly digest was off.');
          continue;
        }
        await track(runFor(s, post.localDate, 'reconcile')).catch((err) => log.error({ guild: post.guildId, err }, 'resuming weekly digest failed'));
      }
      for (const s of repo.listSettings()) {
        if (!owns(s.guildId)) continue;
        schedule(s);
        await runDue(s.guildId).catch((err) => log.error({ guild: s.guildId, err }, 'weekly catch-up failed'));
      }
    },

    async stop(timeoutMs = 20_000) {
      started = false;
      shutdown.abort();
      scheduler.cancelAll();
      const timer = delay(timeoutMs, undefined, { ref: false }).catch(() => undefined);
      await Promise.race([Promise.allSettled([...inFlight]), timer]);
    },

    async configure(guildId, input) {
      const existing = repo.getSettings(guildId);
      const base = resolveSettings(current(), deps.defaults, existing, {
        channelId: input.channelId, time: input.time, timezone: input.timezone, topic: input.topic,
        count: input.count ?? existing?.count ?? DEFAULT_WEEKLY_COUNT,
      });
      await checkChannel(guildId, base.channelId);
      const saved = repo.saveSettings(guildId, { ...base, weekday: input.weekday ?? existing?.weekday ?? DEFAULT_WEEKDAY }, now());
      schedule(saved);
      return status(guildId) as WeeklyStatus;
    },

    disable(guildId) {
      if (!repo.getSettings(guildId)) return false;
      repo.disable(guildId, 'Turned off with /weekly off.', now());
      scheduler.cancel(guildId);
      return true;
    },

    status,

    async preview(guildId) {
      const s = requireSettings(guildId);
      return (await digest(current(), s, localDate(now(), s.timezone))).message;
    },

    async postNow(guildId) {
      if (shutdown.signal.aborted) throw new UserError('Paperboy is shutting down; try again in a minute.');
      const s = requireSettings(guildId);
      connected();
      if (!s.enabled) throw new UserError(`The weekly digest is off in this server (${s.disabledReason ?? 'turned off'}). Use \`/weekly set\` to turn it back on.`);
      return track(runFor(s, localDate(now(), s.timezone), 'command'));
    },

    runDue,
  };
}
