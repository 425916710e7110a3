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
import { pickNext } from './picker.js';
import { dailyMessages, PostError, postNonce, sendDailyPost, type ChannelPoster, type RetryPolicy } from './post.js';
import { dayLabel, localDate } from './schedule.js';

export type PostOutcome =
  | { kind: 'posted'; localDate: string; channelId: string; messageIds: string[]; resumed: boolean }
  | { kind: 'already-posted'; localDate: string; channelId: string; messageIds: string[] }
  | { kind: 'in-progress'; localDate: string }
  /** `disabled`: the schedule was switched off because of it (channel gone, no permission). */
  | { kind: 'failed'; localDate: string; reason: string; disabled: boolean };

export interface RunnerDeps {
  corpus: Corpus;
  settings: GuildSettingsRepo;
  history: DailyHistoryRepo;
  poster: ChannelPoster;
  logger: Logger;
  now(): Date;
  card(paper: Paper): ReplyPayload;
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

export function headerFor(corpus: Corpus, date: string, topic: string | null): string {
  const name = topic ? corpus.topicBySlug.get(topic)?.name : undefined;
  return `📰 Daily picks: ${dayLabel(date)}${name ? ` · ${name}` : ''}`;
}

const recordedIds = (post: DailyPost) => post.picks.flatMap((p) => (p.messageId ? [p.messageId] : []));

export function createRunner(d: RunnerDeps) {
  const log = d.logger;

  /** Claims and sends today's post for a server whose settings are enabled. */
  async function runToday(settings: GuildSettings, why: string): Promise<PostOutcome> {
    const now = d.now();
    const date = localDate(now, settings.timezone);
    const pool = poolOf(d.corpus, settings);
    if (pool.length === 0) return noPapers(settings, date);
    const rotation = rotationKey(settings);
    const claim = d.history.claim({
      guildId: settings.guildId,
      localDate: date,
      channelId: settings.channelId,
      nonce: postNonce(settings.guildId, date, settings.channelId),
      owner: d.owner,
      now,
      picks: () =>
        pickNext(pool, settings.seed, d.history.rotation(settings.guildId, rotation), settings.count).map((p) => ({
          paperId: p.paper.id,
          rotation,
          cycle: p.cycle,
        })),
    });
    if (claim.kind === 'sent') return { kind: 'already-posted', localDate: date, channelId: claim.post.channelId, messageIds: recordedIds(claim.post) };
    if (claim.kind === 'busy') return { kind: 'in-progress', localDate: date };
    log.info({ guild: settings.guildId, date, why, resumed: claim.resumed }, 'posting daily picks');
    return send(claim.post, settings.topic, claim.resumed);
  }

  /**
   * Nothing to pick from. A topic the corpus no longer has (or that lost all its papers in a rebuild)
   * will not come back by itself, so the schedule is switched off with a reason /daily status shows,
   * instead of failing quietly every day.
   */
  function noPapers(settings: GuildSettings, date: string): PostOutcome {
    const { guildId, topic } = settings;
    if (topic === null) {
      log.error({ guild: guildId, date }, 'daily picks skipped: the corpus has no papers');
      return { kind: 'failed', localDate: date, reason: 'The corpus has no papers.', disabled: false };
    }
    const name = d.corpus.topicBySlug.get(topic)?.name;
    const reason = name
      ? `The topic "${name}" has no papers any more; run \`/daily set\` with another topic.`
      : `The topic "${topic}" no longer exists; run \`/daily set\` with another topic.`;
    d.settings.disable(guildId, reason, d.now());
    d.onDisabled(guildId);
    log.warn({ guild: guildId, date, topic, reason }, 'daily picks disabled for this server');
    return { kind: 'failed', localDate: date, reason, disabled: true };
  }

  async function send(post: DailyPost, topic: string | null, resumed: boolean): Promise<PostOutcome> {
    const { guildId, localDate: date } = post;
    // Everything after the claim runs inside this try: whatever throws, the day must not stay claimed by
    // this process (that would answer "being posted right now" until a restart).
    try {
      const cards = post.picks.map((p) => {
        const paper = d.corpus.byId.get(p.paperId);
        // The corpus was rebuilt between a crash and the resume: that card cannot be rendered any more.
        if (!paper && !p.messageId) log.warn({ guild: guildId, date, paper: p.paperId }, 'daily pick no longer in corpus; skipped');
        return paper ? d.card(paper) : null;
      });
      const sent = new Map(post.picks.flatMap((p) => (p.messageId ? [[p.idx, p.messageId] as const] : [])));
      const ids = await sendDailyPost({
        poster: d.poster,
        channelId: post.channelId,
        nonce: post.nonce,
        messages: dailyMessages(headerFor(d.corpus, date, topic), cards),
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
