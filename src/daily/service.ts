// DailyService: per-server daily picks. Owns the settings and journal tables, one croner job per
// enabled server, catch-up and crash recovery at start-up. /daily calls the methods below; the
// at-most-once posting itself lives in runner.ts.
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ChannelType } from 'discord-api-types/v10';
import { paperCard } from '../cards/paper-card.js';
import type { DailyDefaults } from '../config.js';
import type { Corpus } from '../corpus/corpus.js';
import type { Paper } from '../corpus/schema.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ReplyPayload } from '../reply.js';
import type { Db } from '../store/db.js';
import { createDailyHistoryRepo } from '../store/daily-history.js';
import { createGuildSettingsRepo, type GuildSettings } from '../store/guild-settings.js';
import { papersLeftBeforeRepeatFor, pickDaily } from './picker.js';
import { PostError, type ChannelPoster, type RetryPolicy } from './post.js';
import { createRunner, freshWindow, hasListingDays, headerFor, poolOf, rotationKey, type PostOutcome } from './runner.js';
import { createCronScheduler, isDueToday, localDate, nextRunAt, type Scheduler } from './schedule.js';
import { resolveSettings } from './settings-input.js';
import type { DailyService, DailyStatus } from './types.js';
import type { VoteService } from '../votes/service.js';

export type { PostOutcome } from './runner.js';
export type { DailySettingsInput } from './settings-input.js';
export type { DailyPreview, DailyService, DailyStatus } from './types.js';

/**
 * Dependencies of createDailyService:
 * - db: an open database from openDatabase(databasePath(config.dataDir))
 * - corpus: the loaded corpus (picks come from corpus.papers or corpus.papersByTopic)
 * - poster: the Discord edge, createDiscordPoster(rest); may instead be passed to start()
 * - logger: a pino logger (a `daily` child is derived)
 * - defaults: config.daily; with a channelId, start() configures that channel's server unless an admin already did,
 *   and switches off servers it configured earlier that the variable no longer points to
 * - now: the clock (default: wall clock); scheduling uses real time via croner, decisions use this clock
 * - card: renders one pick for a server (default: the public /paper card, with its link buttons, Cite and ▲)
 * - ownsGuild: under sharding, whether this process's shard serves the guild; only the owner schedules,
 *   catches up and resumes its posts, so each guild has one poster (the claim keeps it exactly-once anyway)
 * - scheduler / sleep / retry / instanceId: seams for tests
 */
export interface DailyServiceDeps {
  db: Db;
  /** The corpus, or the live view (a function read at each use) when a sync can swap it while the bot runs. */
  corpus: Corpus | (() => Corpus);
  poster?: ChannelPoster;
  logger: Logger;
  defaults: DailyDefaults;
  now?: () => Date;
  card?: (paper: Paper, guildId: string) => ReplyPayload;
  scheduler?: Scheduler;
  sleep?: (ms: number) => Promise<void>;
  retry?: RetryPolicy;
  instanceId?: string;
  ownsGuild?: (guildId: string) => boolean;
  /** Server votes: a pick's card starts with the server's ▲ count for that paper. */
  votes?: VoteService;
}

/** Why start() switched off a server configured from DAILY_CHANNEL_ID; shown by /daily status. */
export const ENV_RETIRED_REASON =
  'DAILY_CHANNEL_ID no longer points here, so the daily picks it set up were switched off. An admin can turn them back on with `/daily set`.';

const POSTABLE_CHANNEL_TYPES: ReadonlySet<number> = new Set([ChannelType.GuildText, ChannelType.GuildAnnouncement]);

export function createDailyService(deps: DailyServiceDeps): DailyService {
  const { defaults } = deps;
  const source = deps.corpus;
  const current: () => Corpus = typeof source === 'function' ? source : () => source;
  const log = deps.logger.child({ component: 'daily' });
  const now = deps.now ?? (() => new Date());
  const owns = deps.ownsGuild ?? (() => true);
  const settings = createGuildSettingsRepo(deps.db);
  const history = createDailyHistoryRepo(deps.db);
  const shutdown = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  const scheduler = deps.scheduler ?? createCronScheduler((guild, err) => log.error({ guild, err }, 'daily job failed'));
  let ready = false;
  let started = false;
  let edge: ChannelPoster | null = deps.poster ?? null;
  const connected = (): ChannelPoster => {
    if (!edge) throw new UserError('Posting needs the Discord connection: run the bot with DISCORD_TOKEN set.');
    return edge;
  };
  const poster: ChannelPoster = {
    send: (channelId, body) => connected().send(channelId, body),
    getChannel: (channelId) => connected().getChannel(channelId),
  };

  const runner = createRunner({
    corpus: current,
    settings,
    history,
    poster,
    logger: log,
    now,
    card: deps.card ?? ((paper, guildId) => paperCard(paper, current(), { votes: deps.votes?.count(guildId, paper, current()) ?? 0 })),
    sleep: deps.sleep ?? ((ms) => delay(ms, undefined, { signal: shutdown.signal })),
    retry: deps.retry,
    owner: deps.instanceId ?? randomUUID(),
    onDisabled: (guildId) => scheduler.cancel(guildId),
  });

  /** Every post goes through here so stop() can wait for it. */
  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    void work.catch(() => undefined).finally(() => inFlight.delete(work));
    return work;
  }

  const lastPostedDate = (s: GuildSettings): string | null => {
    const today = localDate(now(), s.timezone);
    return history.get(s.guildId, today)?.state === 'sent' ? today : null;
  };

  const stopping = () => shutdown.signal.aborted;

  /** The next scheduled post, skipping a day whose picks are already out (e.g. after /daily now). */
  const nextPostAt = (s: GuildSettings, at: Date): Date => {
    const next = nextRunAt(s, at);
    const posted = lastPostedDate(s);
    return posted !== null && localDate(next, s.timezone) === posted ? nextRunAt(s, next) : next;
  };

  async function runDue(guildId: string): Promise<PostOutcome | null> {
    if (!started || stopping() || !owns(guildId)) return null;
    const s = settings.get(guildId);
    if (!s?.enabled) return null;
    if (!isDueToday(s, now(), lastPostedDate(s), s.updatedAt)) return null;
    return track(runner.runToday(s, 'schedule'));
  }

  /** Jobs exist only between start() and stop(). */
  function schedule(s: GuildSettings): void {
    if (!started || !s.enabled || !owns(s.guildId)) return scheduler.cancel(s.guildId);
    scheduler.schedule(s.guildId, s, async () => void (await runDue(s.guildId)));
  }

  function requireSettings(guildId: string): GuildSettings {
    const s = settings.get(guildId);
    if (!s) throw new UserError('Daily picks are not set up in this server yet. Use `/daily set` to choose a channel.');
    return s;
  }

  /**
   * DAILY_CHANNEL_ID configures its server, unless an admin has configured it by command. Servers it
   * configured earlier stop following it once it points elsewhere or is unset: they are switched off
   * (rows an admin set by command are never touched). A server it points back to is switched on again.
   */
  async function seedFromEnv(): Promise<void> {
    const target = await envTarget();
    if (target.kind === 'unknown') return; // Discord did not answer: leave everything as it is rather than guess
    retireEnvRows(target.kind === 'server' ? (s) => s.guildId === target.guildId : (s) => s.channelId === defaults.channelId);
    if (target.kind !== 'server' || !defaults.channelId || !owns(target.guildId)) return;
    const input = { channelId: defaults.channelId, time: defaults.time, timezone: defaults.timezone, count: defaults.count, topic: null };
    const existing = settings.get(target.guildId);
    if (existing?.source === 'command') return;
    const unchanged = existing && (['channelId', 'time', 'timezone', 'count', 'topic'] as const).every((k) => existing[k] === input[k]);
    // An unchanged row keeps a disabled reason (channel gone, no permission) until the operator changes something.
    if (unchanged && existing.disabledReason !== ENV_RETIRED_REASON) return;
    settings.save(target.guildId, input, 'env', now());
    log.info({ guild: target.guildId, channel: input.channelId }, 'daily picks configured from DAILY_* variables');
  }

  /**
   * Where DAILY_CHANNEL_ID points now. `none`: unset, not a server channel, or a channel the bot cannot
   * see (deleted, or in a server it is not in); `unknown`: the lookup failed for another reason.
   */
  async function envTarget(): Promise<{ kind: 'server'; guildId: string } | { kind: 'none' } | { kind: 'unknown' }> {
    const channel = defaults.channelId;
    if (!channel) return { kind: 'none' };
    try {
      const { guildId } = await poster.getChannel(channel);
      if (guildId) return { kind: 'server', guildId };
      log.warn({ channel }, 'DAILY_CHANNEL_ID is not a server channel; env defaults not applied');
    } catch (err) {
      log.warn({ channel, err }, 'DAILY_CHANNEL_ID could not be looked up; env defaults not applied');
      if (!(err instanceof PostError && (err.kind === 'channel-gone' || err.kind === 'no-permission'))) return { kind: 'unknown' };
    }
    return { kind: 'none' };
  }

  /**
   * Switches off every enabled server configured from DAILY_CHANNEL_ID that it no longer points to.
   * A row still on the variable's (unusable) channel is left to the runner, which disables it with the
   * precise reason (channel gone, no permission) at its next post.
   */
  function retireEnvRows(stillTargeted: (s: GuildSettings) => boolean): void {
    for (const s of settings.list()) {
      if (s.source !== 'env' || !s.enabled || stillTargeted(s) || !owns(s.guildId)) continue;
      settings.disable(s.guildId, ENV_RETIRED_REASON, now());
      scheduler.cancel(s.guildId);
      log.warn({ guild: s.guildId, channel: s.channelId, dailyChannelId: defaults.channelId ?? null }, 'DAILY_CHANNEL_ID no longer points to this server; its daily picks were switched off');
    }
  }

  /** /daily set in bot mode: the channel must be one of this server's text or announcement channels, visible to the bot. */
  async function checkChannel(guildId: string, channelId: string): Promise<void> {
    if (!edge) return; // the console: there is no Discord to ask
    let info;
    try {
      info = await edge.getChannel(channelId);
    } catch (err) {
      if (err instanceof PostError && (err.kind === 'channel-gone' || err.kind === 'no-permission')) {
        throw new UserError(`I can't see that channel: give me View Channel, Send Messages and Embed Links there, then run \`/daily set\` again.`);
      }
      if (err instanceof PostError) throw new UserError(`Discord did not answer when I checked <#${channelId}> (${err.message}); try again in a minute.`);
      throw err;
    }
    if (info.guildId !== guildId) throw new UserError('That channel is not in this server: pick one of this server’s text or announcement channels.');
    if (!POSTABLE_CHANNEL_TYPES.has(info.type)) throw new UserError(`<#${channelId}> is not a text or announcement channel: pick one of those for the daily picks.`);
  }

  /** Posts left 'sending' by a crash: finish today's (same nonces, so nothing doubles), abandon older days. */
  async function reconcile(): Promise<void> {
    for (const post of history.unfinished()) {
      if (!owns(post.guildId)) continue; // its own shard resumes it
      const s = settings.get(post.guildId);
      if (!s?.enabled || localDate(now(), s.timezone) !== post.localDate) {
        history.fail(post.guildId, post.localDate, 'Interrupted by a restart and not resumed: the day had passed or daily picks were off.');
        continue;
      }
      await track(runner.runToday(s, 'reconcile')).catch((err) => log.error({ guild: post.guildId, err }, 'resuming daily post failed'));
    }
  }

  function status(guildId: string): DailyStatus | null {
    const s = settings.get(guildId);
    if (!s) return null;
    const at = now();
    const last = history.lastSent(guildId);
    const today = history.get(guildId, localDate(at, s.timezone));
    const pool = poolOf(current(), s);
    return {
      settings: s,
      nextRunAt: s.enabled ? nextPostAt(s, at) : null,
      lastPost: last && { localDate: last.localDate, channelId: last.channelId, sentAt: last.sentAt ?? last.createdAt, messageIds: last.picks.flatMap((p) => p.messageId ?? []) },
      today: today && { localDate: today.localDate, state: today.state, error: today.error },
      poolSize: pool.length,
      papersLeftBeforeRepeat: papersLeftBeforeRepeatFor(pool, history.postedPaperIds(guildId), history.rotation(guildId, rotationKey(s))),
    };
  }

  return {
    get ready() {
      return ready;
    },

    async start(p) {
      if (shutdown.signal.aborted) throw new Error('this DailyService was stopped; create a new one');
      if (p) edge = p;
      connected();
      if (started) return;
      started = true;
      await seedFromEnv();
      await reconcile();
      for (const s of settings.list()) {
        if (!owns(s.guildId)) continue;
        schedule(s);
        await runDue(s.guildId).catch((err) => log.error({ guild: s.guildId, err }, 'daily catch-up failed'));
      }
      ready = true;
      log.info({ servers: settings.list().filter((s) => s.enabled && owns(s.guildId)).length }, 'daily picks scheduled');
    },

    async stop(timeoutMs = 20_000) {
      started = false; // runDue and postNow refuse from here on (shutdown.signal.aborted)
      shutdown.abort();
      scheduler.cancelAll();
      // The REST client times a request out after 15 s, so in-flight posts settle well within the default.
      const timer = delay(timeoutMs, undefined, { ref: false }).catch(() => undefined);
      await Promise.race([Promise.allSettled([...inFlight]), timer]);
      ready = false;
    },

    async configure(guildId, input) {
      const resolved = resolveSettings(current(), defaults, settings.get(guildId), input);
      await checkChannel(guildId, resolved.channelId);
      schedule(settings.save(guildId, resolved, 'command', now()));
      return status(guildId) as DailyStatus;
    },

    disable(guildId) {
      if (!settings.get(guildId)) return false;
      settings.disable(guildId, 'Turned off with /daily off.', now(), 'command');
      scheduler.cancel(guildId);
      return true;
    },

    status,

    preview(guildId) {
      const s = requireSettings(guildId);
      const at = now();
      const due = s.enabled && isDueToday(s, at, lastPostedDate(s), s.updatedAt);
      const date = due ? localDate(at, s.timezone) : localDate(nextPostAt(s, at), s.timezone);
      // An unfinished attempt for that day will be resumed with its recorded picks.
      const corpus = current();
      const pending = history.get(guildId, date);
      const pool = poolOf(corpus, s);
      const fresh = freshWindow(history, guildId, date);
      const next = pickDaily({ pool, seed: s.seed, rotation: history.rotation(guildId, rotationKey(s)), count: s.count, ...fresh });
      const papers =
        pending && pending.state !== 'sent' && pending.channelId === s.channelId
          ? pending.picks.flatMap((p) => corpus.byId.get(p.paperId) ?? [])
          : next.picks.map((p) => p.paper);
      return { localDate: date, header: headerFor(corpus, date, s.topic, hasListingDays(corpus) ? next.newCount : undefined), papers };
    },

    async postNow(guildId) {
      if (stopping()) throw new UserError('Paperboy is shutting down; try again in a minute.');
      const s = requireSettings(guildId);
      connected(); // before claiming, so a console /daily now leaves no half-made post behind
      if (!s.enabled) throw new UserError(`Daily picks are off in this server (${s.disabledReason ?? 'turned off'}). Use \`/daily set\` to turn them back on.`);
      return track(runner.runToday(s, 'command'));
    },

    runDue,
  };
}
