// The at-most-once core: claim today's post in the database, then send what is missing.
//
//   1. claim   (one IMMEDIATE transaction) insert (guild, local date) as 'sending' with the picks and
//              the nonce, or find it: 'sent' -> nothing to do; 'sending' by this process -> busy;
//              'sending' by a dead process / 'failed' -> resume with the same picks and nonce.
//   2. send    message i with nonce+i and enforce_nonce, skipping messages whose id is recorded.
//   3. record  each message id as soon as Discord returns it; then mark the post 'sent'.
// A crash between 2 and 3 leaves 'sending': the resume re-sends with the same nonce and Discord
// answers with the message it already has instead of creating a second one.
import type { Corpus } from '../corpus/corpus.js';
import type { Paper } from '../corpus/schema.js';
import type { Logger } from '../logger.js';
import type { ReplyPayload } from '../reply.js';
import type { DailyHistoryRepo, DailyPost } from '../store/daily-history.js';
import type { GuildSettings, GuildSettingsRepo } from '../store/guild-settings.js';
import { freshPapers, pickDaily } from './picker.js';
import { dailyMessages, PostError, postNonce, sendDailyPost, type ChannelPoster, type RetryPolicy } from './post.js';
import { dayLabel, localDate } from './schedule.js';

export type PostOutcome =
  | { kind: 'posted'; localDate: string; channelId: string; messageIds: string[]; resumed: boolean }
  | { kind: 'already-posted'; localDate: string; channelId: string; messageIds: string[] }
  | { kind: 'in-progress'; localDate: string }
  /** `disabled`: the schedule was switched off because of it (channel gone, no permission). */
  | { kind: 'failed'; localDate: string; reason: string; disabled: boolean };

export interface RunnerDeps {
  /** The live corpus view: read once per run, so a sync swapping it mid-post cannot mix two revisions. */
  corpus(): Corpus;
  settings: GuildSettingsRepo;
  history: DailyHistoryRepo;
  poster: ChannelPoster;
  logger: Logger;
  now(): Date;
  card(paper: Paper, guildId: string): ReplyPayload;
  sleep(ms: number): Promise<void>;
  retry?: RetryPolicy;
  /** Unique per process: tells this process's running posts from ones a crashed process left behind. */
  owner: string;
  /** Called when a server's schedule is disabled, so its job can be cancelled. */
  onDisabled(guildId: string): void;
}

export const rotationKey = (s: Pick<GuildSettings, 'topic'>): string => s.topic ?? '';

export function poolOf(corpus: Corpus, s: Pick<GuildSettings, 'topic'>): readonly Paper[] {
  return s.topic ? (corpus.papersByTopic.get(s.topic) ?? []) : corpus.papers;
}

/** The day before a local date: the first post's "new since" day. */
function dayBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** What counts as new for a server's post on `date`: listed since its last post (before `date`), never sent to it. */
export function freshWindow(history: Pick<DailyHistoryRepo, 'lastSent' | 'postedPaperIds'>, guildId: string, date: string): { since: string; posted: Set<string> } {
  const last = history.lastSent(guildId);
  const since = last && last.localDate < date ? last.localDate : dayBefore(date);
  return { since, posted: history.postedPaperIds(guildId) };
}

/**
 * "📰 Daily picks: Monday 23 Nov · Topic · 12 new papers since the last post". The count is shown only
 * when the corpus knows listing days (a synced feed); the committed seed corpus has none.
 */
export function headerFor(corpus: Corpus, date: string, topic: string | null, newCount?: number): string {
  const name = topic ? corpus.topicBySlug.get(topic)?.name : undefined;
  const fresh = newCount === undefined ? '' : ` · ${newCount === 0 ? 'no' : newCount} new paper${newCount === 1 ? '' : 's'} since the last post`;
  return `📰 Daily picks: ${dayLabel(date)}${name ? ` · ${name}` : ''}${fresh}`;
}

/** Whether any paper carries a listing day, i.e. whether "new since the last post" means anything. */
export function hasListingDays(corpus: Corpus): boolean {
  return corpus.papers.some((p) => p.listedAt !== undefined);
}

const recordedIds = (post: DailyPost) => post.picks.flatMap((p) => (p.messageId ? [p.messageId] : []));

export function createRunner(d: RunnerDeps) {
  const log = d.logger;

  /** Claims and sends today's post for a server whose settings are enabled. */
  async function runToday(settings: GuildSettings, why: string): Promise<PostOutcome> {
    const corpus = d.corpus();
    const now = d.now();
    const date = localDate(now, settings.timezone);
    const pool = poolOf(corpus, settings);
    if (pool.length === 0) return noPapers(corpus, settings, date);
    const rotation = rotationKey(settings);
    const claim = d.history.claim({
      guildId: settings.guildId,
      localDate: date,
      channelId: settings.channelId,
      nonce: postNonce(settings.guildId, date, settings.channelId),
      owner: d.owner,
      now,
      // Runs inside the claim transaction: the history it reads cannot change under it.
      picks: () =>
        pickDaily({
          pool,
          seed: settings.seed,
          rotation: d.history.rotation(settings.guildId, rotation),
          count: settings.count,
          ...freshWindow(d.history, settings.guildId, date),
        }).picks.map((p) => ({ paperId: p.paper.id, rotation, cycle: p.cycle })),
    });
    if (claim.kind === 'sent') return { kind: 'already-posted', localDate: date, channelId: claim.post.channelId, messageIds: recordedIds(claim.post) };
    if (claim.kind === 'busy') return { kind: 'in-progress', localDate: date };
    log.info({ guild: settings.guildId, date, why, resumed: claim.resumed }, 'posting daily picks');
    return send(corpus, pool, claim.post, settings.topic, claim.resumed);
  }

  /**
   * Nothing to pick from. A topic the corpus no longer has (or that lost all its papers in a rebuild)
   * will not come back by itself, so the schedule is switched off with a reason /daily status shows,
   * instead of failing quietly every day.
   */
  function noPapers(corpus: Corpus, settings: GuildSettings, date: string): PostOutcome {
    const { guildId, topic } = settings;
    if (topic === null) {
      log.error({ guild: guildId, date }, 'daily picks skipped: the corpus has no papers');
      return { kind: 'failed', localDate: date, reason: 'The corpus has no papers.', disabled: false };
    }
    const name = corpus.topicBySlug.get(topic)?.name;
    const reason = name
      ? `The topic "${name}" has no papers any more; run \`/daily set\` with another topic.`
      : `The topic "${topic}" no longer exists; run \`/daily set\` with another topic.`;
    d.settings.disable(guildId, reason, d.now());
    d.onDisabled(guildId);
    log.warn({ guild: guildId, date, topic, reason }, 'daily picks disabled for this server');
    return { kind: 'failed', localDate: date, reason, disabled: true };
  }

  async function send(corpus: Corpus, pool: readonly Paper[], post: DailyPost, topic: string | null, resumed: boolean): Promise<PostOutcome> {
    const { guildId, localDate: date } = post;
    // Everything after the claim runs inside this try: whatever throws, the day must not stay claimed by
    // this process (that would answer "being posted right now" until a restart).
    try {
      // New papers the server had not been sent before this post (its own picks included).
      let newCount: number | undefined;
      if (hasListingDays(corpus)) {
        const { since, posted } = freshWindow(d.history, guildId, date);
        for (const p of post.picks) posted.delete(p.paperId);
        newCount = freshPapers(pool, since, posted).length;
      }
      const cards = post.picks.map((p) => {
        const paper = corpus.byId.get(p.paperId);
        // The corpus was rebuilt between a crash and the resume: that card cannot be rendered any more.
        if (!paper && !p.messageId) log.warn({ guild: guildId, date, paper: p.paperId }, 'daily pick no longer in corpus; skipped');
        return paper ? d.card(paper, guildId) : null;
      });
      const sent = new Map(post.picks.flatMap((p) => (p.messageId ? [[p.idx, p.messageId] as const] : [])));
      const ids = await sendDailyPost({
        poster: d.poster,
        channelId: post.channelId,
        nonce: post.nonce,
        messages: dailyMessages(headerFor(corpus, date, topic, newCount), cards),
        sent,
        onSent: (idx, id) => d.history.recordMessage(guildId, date, idx, id),
        onRetry: (attempt, delayMs, err) => log.warn({ guild: guildId, date, attempt, delayMs, err: err.message }, 'daily post failed; retrying'),
        sleep: d.sleep,
        retry: d.retry,
      });
      d.history.finish(guildId, date, d.now());
      log.info({ guild: guildId, date, channel: post.channelId, messages: ids.length }, 'daily picks posted');
      return { kind: 'posted', localDate: date, channelId: post.channelId, messageIds: ids, resumed };
    } catch (err) {
      if (!(err instanceof PostError)) {
        // Unknown outcome (a bug, or shutdown mid-wait): keep the intent so the next claim resumes it with the same nonces.
        try {
          d.history.release(guildId, date);
        } catch (releaseErr) {
          log.error({ guild: guildId, date, err: releaseErr }, 'could not release the daily post after an error');
        }
        throw err;
      }
      d.history.fail(guildId, date, err.message);
      const disabled = err.kind === 'channel-gone' || err.kind === 'no-permission';
      if (disabled) {
        d.settings.disable(guildId, err.message, d.now());
        d.onDisabled(guildId);
        log.warn({ guild: guildId, date, reason: err.message }, 'daily picks disabled for this server');
      } else {
        log.error({ guild: guildId, date, err }, 'daily post failed');
      }
      return { kind: 'failed', localDate: date, reason: err.message, disabled };
    }
  }

  return { runToday };
}
