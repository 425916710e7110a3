// Watches: saved searches that post a sync's new papers. Two steps, each safe to repeat and to crash in:
//
//   1. detect (one IMMEDIATE transaction, any shard): the papers of the live revision that the ledger
//      (watch_known) has never seen are new; they are added to the ledger and, in the same
//      transaction, every enabled watch's matches among them are queued as one delivery per watch
//      (watch_deliveries, keyed by watch and revision; a paper enters one delivery per watch, ever).
//      The first detection on a database only records the corpus as seen: watches start from now.
//   2. deliver (the shard that owns the watch's server; DM watches on shard 0): claim a queued
//      delivery, send its one message with a nonce fixed at queue time and enforce_nonce, record the
//      message id. A crash mid-send leaves it 'sending'; the next start resumes it with the same nonce,
//      so Discord returns the message it already has instead of posting it twice.
//
// Both run at start-up (catching up a sync that landed just before a crash) and whenever the live view
// moves to a new revision (the sync's swap, or reload() on the other shards).
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { isUserError, UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/db.js';
import { PostError, sendDailyPost, type RetryPolicy } from '../daily/post.js';
import { parseQueryOrThrow, searchQuery } from '../search-query.js';
import type { WatchPoster } from './discord-poster.js';
import { matchNewPapers, type MatchView } from './match.js';
import { watchMessage } from './message.js';
import { createWatchRepo, type Delivery } from './repo.js';
import { WATCH_LIMITS, type NewWatch, type Watch, type WatchService } from './types.js';
import type { Corpus } from '../corpus/corpus.js';
import type { Paper } from '../corpus/schema.js';
import type { VoteService } from '../votes/service.js';

/** The server's ▲ count per paper, read once for a delivery. */
function votesIn(votes: Pick<VoteService, 'tally'>, guildId: string, corpus: Corpus): (paper: Paper) => number {
  const tally = votes.tally(guildId, corpus);
  return (paper) => tally.get(paper.id) ?? 0;
}

export interface WatchServiceDeps {
  db: Db;
  /** The live view (read at each use): detection matches against the revision it finds there. */
  view(): MatchView;
  /** Ids of papers the corpus store wrote after a revision (CorpusStore.changedSince); without it every paper is checked. */
  changedSince?(revision: number): string[];
  logger: Logger;
  now?: () => Date;
  /** Under sharding: whether this process serves the guild (channel watches). Default: all. */
  ownsGuild?: (guildId: string) => boolean;
  /** Whether this process delivers DM watches (shard 0). Default: true. */
  deliversDms?: boolean;
  sleep?: (ms: number) => Promise<void>;
  retry?: RetryPolicy;
  /** The server's ▲ counts for channel deliveries; without it deliveries carry Cite only. */
  votes?: Pick<VoteService, 'tally'>;
  instanceId?: string;
  /** How often a started service looks for deliveries to resume (an outage, another shard's detection). Default 5 min. */
  retryEveryMs?: number;
}

export interface WatchRuntime extends WatchService {
  /** Bot mode: detect what a crash may have missed, resume unfinished deliveries, then deliver after every revision. */
  start(poster: WatchPoster): Promise<void>;
  /** The live view moved to a new revision: detect its new papers and deliver. Never throws (failures are logged). */
  onRevision(): Promise<void>;
  /** Stops delivering; waits (at most `timeoutMs`) for a message in flight. An interrupted one resumes next start. */
  stop(timeoutMs?: number): Promise<void>;
  /** Step 1 alone; returns how many deliveries it queued. Exposed for tests. */
  detect(): number;
}

/** 23 chars: with the message index appended, within Discord's 25-char nonce limit. Fixed per (watch, revision). */
export function deliveryNonce(watchId: number, revision: number): string {
  return `w${createHash('sha256').update(`watch|${watchId}|${revision}`).digest('hex').slice(0, 22)}`;
}

export function createWatchService(deps: WatchServiceDeps): WatchRuntime {
  const repo = createWatchRepo(deps.db);
  const log = deps.logger.child({ component: 'watch' });
  const now = deps.now ?? (() => new Date());
  const ownsGuild = deps.ownsGuild ?? (() => true);
  const owns = (w: Watch) => (w.kind === 'dm' ? (deps.deliversDms ?? true) : w.guildId !== null && ownsGuild(w.guildId));
  const owner = deps.instanceId ?? randomUUID();
  const shutdown = new AbortController();
  const sleep = deps.sleep ?? ((ms: number) => delay(ms, undefined, { signal: shutdown.signal }));
  let poster: WatchPoster | null = null;
  let pumping: Promise<void> | null = null;
  let sweep: ReturnType<typeof setInterval> | undefined;
  let again = false;

  function validate(input: NewWatch): string {
    const query = input.query.trim();
    if (!query) throw new UserError('Type what to watch for: anything `/search` accepts, e.g. `mixture of experts` or `author:"Tri Dao"`.');
    if (query.length > WATCH_LIMITS.queryLength) throw new UserError(`Keep the query to ${WATCH_LIMITS.queryLength} characters.`);
    parseQueryOrThrow(query);
    return query;
  }

  function add(input: NewWatch): Watch {
    // Discord always names the user; a request without one (forged, or a front door that has none) is refused, not stored.
    if (!/^\S{1,64}$/.test(input.userId)) throw new UserError('Watches belong to a Discord user, and this request names none.');
    const watch = { ...input, query: validate(input) };
    const view = deps.view();
    // Runs the query once so an unknown topic: or a bad date is refused now, not at the first sync.
    searchQuery(view.corpus, view.search, watch.query, {}, { limit: 1 });
    return repo.atomically(() => {
      const same = repo.duplicate(watch);
      if (same) throw new UserError(`That is already watched (watch #${same.id}${same.enabled ? '' : ', switched off: remove it and add it again'}).`);
      if (watch.kind === 'channel') {
        if (!watch.guildId || !watch.channelId) throw new UserError('A channel watch belongs to a server channel.');
        if (repo.serverWatches(watch.guildId).length >= WATCH_LIMITS.perServer) {
          throw new UserError(`This server already has ${WATCH_LIMITS.perServer} channel watches, the most it can have: remove one first (\`/watch remove\`).`);
        }
      } else if (repo.dmWatches(watch.userId).length >= WATCH_LIMITS.perUser) {
        throw new UserError(`You already have ${WATCH_LIMITS.perUser} DM watches, the most one person can have: remove one first (\`/watch remove\`).`);
      }
      return repo.insert(watch, now());
    });
  }

  /** What this view brings that the ledger has not seen; null when there is nothing to do (or only the baseline). */
  function freshIn(corpus: MatchView['corpus'], checked: number | null): Set<string> | null {
    if (checked === null || corpus.revision <= checked) return null;
    const candidates = deps.changedSince ? deps.changedSince(checked) : corpus.papers.map((p) => p.id);
    // Papers the store wrote past this view's revision are left for the detection that sees them.
    return new Set(candidates.filter((id) => corpus.byId.has(id) && !repo.isKnown(id)));
  }

  function detect(): number {
    const view = deps.view();
    const { corpus } = view;
    const revision = corpus.revision;
    // The searches run before the write transaction (they are read-only and deterministic for this view),
    // so a server full of watches never holds the state database's write lock for long.
    const seenAt = repo.checkedRevision();
    const fresh = freshIn(corpus, seenAt);
    const matches: { watch: Watch; ids: string[] }[] = [];
    const broken: { watch: Watch; reason: string }[] = [];
    for (const w of fresh?.size ? repo.enabled() : []) {
      try {
        matches.push({ watch: w, ids: matchNewPapers(view, w.query, fresh!, WATCH_LIMITS.papersPerDelivery).map((h) => h.paper.id) });
      } catch (err) {
        if (!isUserError(err)) throw err;
        // E.g. its topic: left the corpus: it cannot match again until someone fixes it.
        broken.push({ watch: w, reason: `Its query no longer runs: ${err.message}` });
      }
    }
    return repo.atomically(() => {
      const checked = repo.checkedRevision();
      if (checked === null) {
        // A database that never ran detection: what the corpus holds now is the baseline, not news.
        repo.markKnown(
          corpus.papers.map((p) => p.id),
          revision,
        );
        repo.setCheckedRevision(revision);
        return 0;
      }
      // Another shard handled this revision meanwhile (or the corpus was restored to an older one).
      if (checked !== seenAt || !fresh) return 0;
      repo.markKnown(fresh, revision);
      repo.setCheckedRevision(revision);
      for (const { watch, reason } of broken) {
        repo.disable(watch.id, reason);
        log.warn({ watch: watch.id, reason }, 'watch switched off');
      }
      let queued = 0;
      for (const { watch, ids } of matches) {
        // A watch removed or switched off while the searches ran gets nothing.
        if (ids.length > 0 && repo.get(watch.id)?.enabled && repo.queue(watch.id, revision, deliveryNonce(watch.id, revision), ids, now()) > 0) queued++;
      }
      if (fresh.size > 0) log.info({ revision, newPapers: fresh.size, deliveries: queued }, 'watches matched the new papers');
      return queued;
    });
  }

  /** Why a watch is switched off after Discord refused its message for good. */
  function offReason(w: Watch, err: PostError): string {
    if (w.kind === 'dm') {
      return `Discord would not deliver a direct message to you (${err.message.replace(/^.*\(Discord said/, 'Discord said').replace(/\)\.?$/, '')}). Allow direct messages from this app or server, then add the watch again.`;
    }
    return err.message;
  }

  async function deliver(w: Watch, d: Delivery): Promise<void> {
    const edge = poster;
    if (!edge) return;
    const view = deps.view();
    const papers = repo.papers(w.id, d.revision).flatMap((id) => view.corpus.byId.get(id) ?? []);
    if (papers.length === 0) {
      repo.fail(w.id, d.revision, 'None of its papers are in the corpus any more.');
      return;
    }
    try {
      let channelId = d.channelId ?? w.channelId;
      if (!channelId) {
        channelId = await edge.openDm(w.userId);
        // Recorded before sending: a resume must use the same channel, because Discord's nonce check is per channel.
        repo.setChannel(w.id, d.revision, channelId);
      }
      const ids = await sendDailyPost({
        poster: edge,
        channelId,
        nonce: d.nonce,
        messages: [
          watchMessage(w, d.revision, papers, view.corpus, w.kind === 'channel' && w.guildId && deps.votes ? votesIn(deps.votes, w.guildId, view.corpus) : undefined),
        ],
        sent: new Map(d.messageId ? [[0, d.messageId]] : []),
        onSent: () => undefined,
        onRetry: (attempt, delayMs, err) => log.warn({ watch: w.id, revision: d.revision, attempt, delayMs, err: err.message }, 'watch delivery failed; retrying'),
        sleep,
        ...(deps.retry ? { retry: deps.retry } : {}),
      });
      repo.markSent(w.id, d.revision, ids[0] ?? '', now());
      log.info({ watch: w.id, revision: d.revision, papers: papers.length, channel: channelId }, 'watch delivered');
    } catch (err) {
      if (shutdown.signal.aborted) {
        // Stopped mid-send (the database may be closed already): the row stays 'sending', and the next
        // start resumes it with the same nonce.
        log.debug({ watch: w.id, revision: d.revision }, 'watch delivery interrupted by shutdown');
        return;
      }
      if (err instanceof PostError && (err.kind === 'channel-gone' || err.kind === 'no-permission')) {
        const reason = offReason(w, err);
        repo.fail(w.id, d.revision, reason);
        repo.disable(w.id, reason);
        log.warn({ watch: w.id, reason }, 'watch switched off: its messages cannot be delivered');
      } else if (err instanceof PostError && err.kind === 'rejected') {
        repo.fail(w.id, d.revision, err.message);
        log.error({ watch: w.id, revision: d.revision, err: err.message }, 'Discord rejected a watch message');
      } else {
        // Outage or shutdown: the outcome is unknown, so keep it for the next run (same nonce).
        repo.release(w.id, d.revision, err instanceof Error ? err.message : String(err));
        if (!shutdown.signal.aborted) log.warn({ watch: w.id, revision: d.revision, err: err instanceof Error ? err.message : String(err) }, 'watch delivery postponed to the next sync');
      }
    }
  }

  async function deliverOpen(): Promise<void> {
    for (const d of repo.open()) {
      if (shutdown.signal.aborted) return;
      const w = repo.get(d.watchId);
      if (!w || !owns(w)) continue;
      if (!w.enabled) {
        repo.fail(d.watchId, d.revision, 'The watch was switched off before this was sent.');
        continue;
      }
      const claimed = repo.claim(d.watchId, d.revision, owner);
      if (claimed) await deliver(w, claimed);
    }
  }

  /** Detect, then deliver; calls while one runs fold into one more pass, so nothing runs twice at once. */
  function pump(): Promise<void> {
    if (pumping) {
      again = true;
      return pumping;
    }
    pumping = (async () => {
      do {
        again = false;
        try {
          detect();
          await deliverOpen();
        } catch (err) {
          if (shutdown.signal.aborted) log.debug({ err }, 'watch run interrupted by shutdown');
          else log.error({ err }, 'watch run failed; it is retried after the next revision');
        }
      } while (again && !shutdown.signal.aborted);
    })().finally(() => {
      pumping = null;
    });
    return pumping;
  }

  async function checkChannel(guildId: string, channelId: string): Promise<void> {
    if (!poster) return;
    let info;
    try {
      info = await poster.getChannel(channelId);
    } catch (err) {
      if (!(err instanceof PostError)) throw err;
      if (err.kind === 'channel-gone' || err.kind === 'no-permission') {
        throw new UserError('I can’t see that channel: give me View Channel, Send Messages and Embed Links there, then add the watch again.');
      }
      throw new UserError(`Discord did not answer when I checked <#${channelId}> (${err.message}); try again in a minute.`);
    }
    if (info.guildId !== guildId) throw new UserError('That channel is not in this server: pick one of this server’s text or announcement channels.');
  }

  return {
    add,
    checkChannel,
    list({ guildId, userId, includeServer }) {
      return [...(includeServer && guildId ? repo.serverWatches(guildId) : []), ...repo.dmWatches(userId)];
    },
    get: (id) => repo.get(id),
    remove: (id) => repo.remove(id),
    batch(watchId, revision) {
      const watch = repo.get(watchId);
      if (!watch || !repo.delivery(watchId, revision)) return null;
      return { watch, revision, paperIds: repo.papers(watchId, revision) };
    },
    get delivering() {
      return poster !== null && !shutdown.signal.aborted;
    },
    async start(edge) {
      if (shutdown.signal.aborted) throw new Error('this watch service was stopped; create a new one');
      poster = edge;
      // Deliveries postponed by an outage, or queued by another shard's detection, do not wait for the
      // next revision: a cheap sweep picks them up (detection finds nothing new in between).
      sweep ??= setInterval(() => void pump(), deps.retryEveryMs ?? 5 * 60_000);
      sweep.unref();
      await pump();
    },
    async onRevision() {
      if (!poster || shutdown.signal.aborted) {
        // The console or a stopped bot: still record what is new, so a later start does not deliver old news.
        try {
          detect();
        } catch (err) {
          log.error({ err }, 'watch detection failed');
        }
        return;
      }
      await pump();
    },
    async stop(timeoutMs = 10_000) {
      shutdown.abort();
      clearInterval(sweep);
      const timer = delay(timeoutMs, undefined, { ref: false }).catch(() => undefined);
      await Promise.race([pumping ?? Promise.resolve(), timer]);
    },
    detect,
  };
}
