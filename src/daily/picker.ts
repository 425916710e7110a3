// Which papers a server gets next. Pure: the same pool, seed and history always give the same picks.
//
// A post starts with the papers the feed listed since the server's last post (pickDaily), best first;
// the rest of the post comes from the rotation over the back catalogue described below.
//
// Each cycle is a weighted shuffle of the pool (Efraimidis–Spirakis: key = ln(u) / weight, highest
// first), so papers with code and upvotes tend to come early, yet every paper appears exactly once per
// cycle before anything repeats. u comes from hashing (seed, cycle, paper id) rather than from a
// stream of random numbers, so adding a paper to the corpus does not reshuffle the others.
import { createHash } from 'node:crypto';
import type { Paper } from '../corpus/schema.js';

export interface RotationState {
  /** The cycle in progress (0-based). Cycle n shuffles with seed + n. */
  cycle: number;
  /** Paper ids already posted in that cycle. */
  seen: ReadonlySet<string>;
}

export interface Pick {
  paper: Paper;
  cycle: number;
}

export function weight(p: Paper): number {
  return 1 + (p.codeLinks.length > 0 ? 1 : 0) + Math.log1p(p.upvotes ?? 0);
}

/** A uniform number in (0, 1) from 48 bits of sha256: deterministic and well spread. */
function unit(seed: number, cycle: number, id: string): number {
  const h = createHash('sha256').update(`${seed + cycle}\0${id}`).digest();
  return (h.readUIntBE(0, 6) + 0.5) / 2 ** 48;
}

/** The full order of one cycle. */
export function cycleOrder(pool: readonly Paper[], seed: number, cycle: number): Paper[] {
  return pool
    .map((paper) => ({ paper, key: Math.log(unit(seed, cycle, paper.id)) / weight(paper) }))
    .sort((a, b) => b.key - a.key || (a.paper.id < b.paper.id ? -1 : 1))
    .map((k) => k.paper);
}

/**
 * The next `count` papers. When the current cycle runs out mid-way, the rest come from the next
 * cycle, skipping papers already in this batch (they appear later in that cycle instead).
 * Never returns more papers than the pool holds, and never the same paper twice.
 */
export function pickNext(pool: readonly Paper[], seed: number, state: RotationState, count: number): Pick[] {
  const picks: Pick[] = [];
  const taken = new Set<string>();
  const want = Math.min(count, pool.length);
  let { cycle } = state;
  let seen = state.seen;
  // Two passes at most: the rest of this cycle, then (if needed) the start of the next.
  for (let pass = 0; pass < 2 && picks.length < want; pass++) {
    for (const paper of cycleOrder(pool, seed, cycle)) {
      if (picks.length >= want) break;
      if (seen.has(paper.id) || taken.has(paper.id)) continue;
      picks.push({ paper, cycle });
      taken.add(paper.id);
    }
    cycle += 1;
    seen = new Set();
  }
  return picks;
}

/** Papers still unposted in the current cycle; when none are left, a fresh cycle's full pool. */
export function papersLeftBeforeRepeat(pool: readonly Paper[], state: RotationState): number {
  const left = pool.filter((p) => !state.seen.has(p.id)).length;
  return left === 0 ? pool.length : left;
}

/** A paper with code is worth this many extra upvotes when ranking fresh papers. */
export const CODE_BONUS_UPVOTES = 10;

/** How fresh papers are ranked: HF upvotes, plus a bonus for code. */
export function freshScore(p: Paper): number {
  return (p.upvotes ?? 0) + (p.codeLinks.length > 0 ? CODE_BONUS_UPVOTES : 0);
}

/**
 * Papers the feed listed on or after `since` (YYYY-MM-DD, the day of the server's last post) that the
 * server has never been sent, best first (upvotes with a code bonus; newer listing, then id, on ties).
 */
export function freshPapers(pool: readonly Paper[], since: string, posted: ReadonlySet<string>): Paper[] {
  return pool
    .filter((p) => p.listedAt !== undefined && p.listedAt >= since && !posted.has(p.id))
    .sort((a, b) => freshScore(b) - freshScore(a) || ((b.listedAt ?? '') < (a.listedAt ?? '') ? -1 : (b.listedAt ?? '') > (a.listedAt ?? '') ? 1 : 0) || (a.id < b.id ? -1 : 1));
}

export interface DailyPickInput {
  pool: readonly Paper[];
  seed: number;
  rotation: RotationState;
  count: number;
  /** Listing day from which papers count as new: the server's last post day (or yesterday before its first). */
  since: string;
  /** Every paper this server has ever been sent. */
  posted: ReadonlySet<string>;
}

export interface DailyPicks {
  picks: Pick[];
  /** Papers listed since the last post that the server has not seen (the header reports it). */
  newCount: number;
}

/**
 * The next post: new papers first (see freshPapers), then the rotation over the back catalogue. No paper
 * the server was ever sent comes again while the pool holds one it was not; only a server that has been
 * sent every paper of its pool starts over (the rotation's next cycle).
 */
export function pickDaily(input: DailyPickInput): DailyPicks {
  const { pool, seed, rotation, count, since, posted } = input;
  const fresh = freshPapers(pool, since, posted);
  const picks: Pick[] = fresh.slice(0, count).map((paper) => ({ paper, cycle: rotation.cycle }));
  if (picks.length < count) {
    const taken = new Set(picks.map((p) => p.paper.id));
    // Papers sent in earlier cycles (or by the fresh path) count as seen in this one, so the rotation
    // reaches its next cycle, the only place a paper can come again, once every paper has been sent.
    const seen = new Set([...rotation.seen, ...posted, ...taken]);
    const rest = pool.filter((p) => !taken.has(p.id));
    picks.push(...pickNext(rest, seed, { cycle: rotation.cycle, seen }, count - picks.length));
  }
  return { picks, newCount: fresh.length };
}

/** Papers left before this server is sent one a second time. */
export function papersLeftBeforeRepeatFor(pool: readonly Paper[], posted: ReadonlySet<string>, state: RotationState): number {
  const unseen = pool.filter((p) => !posted.has(p.id)).length;
  return unseen > 0 ? unseen : papersLeftBeforeRepeat(pool, state);
}
