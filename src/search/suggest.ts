// Autocomplete over titles and ids. Every word start of every title (and the id) is a key in one
// sorted array, so a prefix is two binary searches plus a walk over its matches: O(log n + k), which
// keeps Discord's 3-second autocomplete budget comfortable at tens of thousands of papers.
import type { Paper } from '../corpus/schema.js';
import { normalizeText } from './text.js';
import { runSteps } from '../corpus/steps.js';

/** Discord limits an autocomplete choice's name to 100 characters. */
export const CHOICE_NAME_MAX = 100;

/** Match quality, lower is better: the title starts with the prefix, a later title word does, the id does. */
const Kind = { TitleStart: 0, WordStart: 1, Id: 2 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];
const NONE = 3;

interface Entry {
  key: string;
  doc: number;
  kind: Kind;
}

/** "Peri-LN: Revisiting" -> "peri ln revisiting"; a trailing separator is kept as one space. */
export function suggestKey(text: string): string {
  return normalizeText(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trimStart();
}

function byUpvotesThenId(a: Paper, b: Paper): number {
  return (b.upvotes ?? 0) - (a.upvotes ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Entries handled between two yields of SuggestIndex.build: well under a millisecond of work. */
const STEP = 512;
/** Papers mapped or renumbered between two yields of SuggestIndex.update (a Map set each, or a lookup). */
const PAPER_STEP = 512;
/** Titles analysed into entries between two yields (normalisation and a regex pass each, ~10-20 µs). */
const ANALYSE_STEP = 64;
/** Entries counted between two yields (two typed-array reads each). */
const COUNT_STEP = 16384;

const byKeyThenDoc = (a: Entry, b: Entry) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.doc - b.doc);

/**
 * A stable sort in steps (sorted runs, then pairwise merges, taking from the left run on ties), so a
 * large array is sorted between interactions; the same order as Array.prototype.sort (also stable).
 */
function* sortSteps<T>(items: T[], compare: (a: T, b: T) => number): Generator<void, T[]> {
  let runs: T[][] = [];
  for (let i = 0; i < items.length; i += STEP) {
    runs.push(items.slice(i, i + STEP).sort(compare));
    yield;
  }
  while (runs.length > 1) {
    const merged: T[][] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const a = runs[r] as T[];
      const b = runs[r + 1];
      if (!b) {
        merged.push(a);
        continue;
      }
      merged.push(yield* mergeSteps(a, b, compare));
      yield;
    }
    runs = merged;
  }
  return runs[0] ?? [];
}

/** The autocomplete entries of the papers at `docs` (ascending), in steps. */
function* entriesOf(papers: readonly Paper[], docs: readonly number[]): Generator<void, Entry[]> {
  const entries: Entry[] = [];
  for (let i = 0; i < docs.length; i++) {
    if (i % ANALYSE_STEP === ANALYSE_STEP - 1) yield;
    const doc = docs[i] as number;
    const paper = papers[doc] as Paper;
    const title = suggestKey(paper.title).trimEnd();
    for (const m of title.matchAll(/\S+/g)) {
      entries.push({ key: title.slice(m.index), doc, kind: m.index === 0 ? Kind.TitleStart : Kind.WordStart });
    }
    for (const id of new Set([paper.id, paper.arxivId ?? paper.id])) entries.push({ key: suggestKey(id).trimEnd(), doc, kind: Kind.Id });
  }
  return entries;
}

/** Two sorted arrays merged in steps, taking from `a` on ties (stable: sortSteps relies on it). */
function* mergeSteps<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): Generator<void, T[]> {
  const out: T[] = new Array<T>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    out[k++] = compare(b[j] as T, a[i] as T) < 0 ? (b[j++] as T) : (a[i++] as T);
    if (k % STEP === 0) yield;
  }
  while (i < a.length) out[k++] = a[i++] as T;
  while (j < b.length) out[k++] = b[j++] as T;
  return out;
}

/**
 * Strings in fixed-size chunks: a hundred thousand keys are ~27 arrays of 4,096 rather than one array in
 * V8's large-object space, whose allocation in the middle of a swap did a share of incremental marking
 * (one step of ~3 ms per new index at 9k papers, timing SuggestIndex.update's steps on the real corpus).
 */
class ChunkedStrings {
  private readonly chunks: string[][] = [];
  length = 0;

  push(value: string): void {
    if ((this.length & CHUNK_MASK) === 0) this.chunks.push([]);
    (this.chunks[this.chunks.length - 1] as string[]).push(value);
    this.length++;
  }

  at(i: number): string {
    return (this.chunks[i >>> CHUNK_BITS] as string[])[i & CHUNK_MASK] as string;
  }
}

const CHUNK_BITS = 12;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;

/**
 * The sorted entries as three parallel arrays rather than an object each (~110k at 9k papers): a new
 * revision's index renumbers them into fresh arrays without making an object per entry, and the
 * garbage collector has three arrays to walk instead of a hundred thousand objects.
 */
interface Entries {
  readonly keys: ChunkedStrings;
  readonly docs: Int32Array;
  readonly kinds: Uint8Array;
}

/** Sorted Entry objects (build, or the new papers of an update) as parallel arrays, in steps. */
function* toEntries(sorted: readonly Entry[]): Generator<void, Entries> {
  const n = sorted.length;
  const keys = new ChunkedStrings();
  const docs = new Int32Array(n);
  const kinds = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (i % STEP === STEP - 1) yield;
    const e = sorted[i] as Entry;
    keys.push(e.key);
    docs[i] = e.doc;
    kinds[i] = e.kind;
  }
  return { keys, docs, kinds };
}

/**
 * The previous index's entries renumbered (`renumber[oldDoc]`, -1: dropped) merged with the sorted
 * entries of the new papers, in steps: the renumbering keeps the shared papers' order, so the kept
 * entries stay sorted by key then doc and one merge pass gives the new order. On equal keys and docs
 * (never: a doc is either kept or new) the kept entry would come first.
 */
function* mergeRenumbered(previous: Entries, renumber: Int32Array, added: readonly Entry[]): Generator<void, Entries> {
  let kept = 0;
  for (let i = 0; i < previous.docs.length; i++) {
    if (i % COUNT_STEP === COUNT_STEP - 1) yield;
    if ((renumber[previous.docs[i] as number] as number) >= 0) kept++;
  }
  yield;
  const n = kept + added.length;
  const keys = new ChunkedStrings();
  const docs = new Int32Array(n);
  const kinds = new Uint8Array(n);
  let i = 0;
  let j = 0;
  let k = 0;
  const m = previous.docs.length;
  while (k < n) {
    if (k % STEP === STEP - 1) yield;
    // Skip dropped papers' entries.
    while (i < m && (renumber[previous.docs[i] as number] as number) < 0) i++;
    const b = added[j];
    let takeOld = i < m;
    if (takeOld && b) {
      const key = previous.keys.at(i);
      takeOld = key < b.key || (key === b.key && (renumber[previous.docs[i] as number] as number) <= b.doc);
    }
    if (takeOld) {
      keys.push(previous.keys.at(i));
      docs[k] = renumber[previous.docs[i] as number] as number;
      kinds[k] = previous.kinds[i] as number;
      i++;
    } else {
      const e = b as Entry;
      keys.push(e.key);
      docs[k] = e.doc;
      kinds[k] = e.kind;
      j++;
    }
    k++;
  }
  return { keys, docs, kinds };
}

export class SuggestIndex {
  /** Papers by popularity (upvotes desc, then id), and each paper's position in that order. */
  private readonly popular: readonly Paper[];
  private readonly popularity: Int32Array;
  /** Scratch: best match kind per paper during one call (NONE when unmatched). */
  private readonly bestKind: Int8Array;
  private readonly entries: Entries;

  constructor(papers: readonly Paper[]);
  constructor(papers: readonly Paper[], entries: Entries, order: readonly number[]);
  constructor(
    private readonly papers: readonly Paper[],
    entries?: Entries,
    order?: readonly number[],
  ) {
    if (!entries || !order) {
      const built = runSteps(SuggestIndex.parts(papers));
      entries = built.entries;
      order = built.order;
    }
    this.entries = entries;
    this.popular = order.map((doc) => papers[doc] as Paper);
    this.popularity = new Int32Array(papers.length);
    order.forEach((doc, rank) => (this.popularity[doc] = rank));
    this.bestKind = new Int8Array(papers.length).fill(NONE);
  }

  /** The index built in steps of well under a millisecond (for building the next revision between interactions). */
  static *build(papers: readonly Paper[]): Generator<void, SuggestIndex> {
    const { entries, order } = yield* SuggestIndex.parts(papers);
    return new SuggestIndex(papers, entries, order);
  }

  /**
   * The index of `papers` (a new revision) made from `previous` (the live revision's) in steps: the
   * entries of papers both share (the same objects: a sync keeps unchanged papers) are renumbered and
   * kept in their order, only new or changed papers are analysed and sorted, and the two sorted lists
   * are merged. No object per kept entry, and the same index as build(). When the shared papers
   * changed relative order (never, for a store's revisions: papers stay in id order), it builds from scratch.
   */
  static *update(previous: SuggestIndex, papers: readonly Paper[]): Generator<void, SuggestIndex> {
    const docOf = new Map<Paper, number>();
    for (let doc = 0; doc < papers.length; doc++) {
      if (doc % PAPER_STEP === PAPER_STEP - 1) yield;
      docOf.set(papers[doc] as Paper, doc);
    }
    const renumber = new Int32Array(previous.papers.length).fill(-1);
    let last = -1;
    for (let old = 0; old < previous.papers.length; old++) {
      if (old % PAPER_STEP === PAPER_STEP - 1) yield;
      const doc = docOf.get(previous.papers[old] as Paper);
      if (doc === undefined) continue;
      if (doc < last) return yield* SuggestIndex.build(papers); // renumbering would reorder ties
      renumber[old] = last = doc;
    }
    yield;
    const known = new Uint8Array(papers.length);
    for (let old = 0; old < renumber.length; old++) if ((renumber[old] as number) >= 0) known[renumber[old] as number] = 1;
    yield;
    const fresh: number[] = [];
    for (let doc = 0; doc < papers.length; doc++) if (known[doc] === 0) fresh.push(doc);
    yield;
    const added = yield* sortSteps(yield* entriesOf(papers, fresh), byKeyThenDoc);
    const entries = yield* mergeRenumbered(previous.entries, renumber, added);
    const keptOrder: number[] = [];
    const previousOrder = previous.popularOrder;
    yield;
    for (let i = 0; i < previousOrder.length; i++) {
      if (i % PAPER_STEP === PAPER_STEP - 1) yield;
      const doc = renumber[previousOrder[i] as number] as number;
      if (doc >= 0) keptOrder.push(doc);
    }
    yield;
    const byPopularity = (a: number, b: number) => byUpvotesThenId(papers[a] as Paper, papers[b] as Paper);
    const order = yield* mergeSteps(keptOrder, yield* sortSteps(fresh, byPopularity), byPopularity);
    return new SuggestIndex(papers, entries, order);
  }

  /** Doc numbers of the papers by popularity (the order `popular` lists them in). */
  private get popularOrder(): number[] {
    const order = new Array<number>(this.papers.length);
    this.popularity.forEach((rank, doc) => (order[rank] = doc));
    return order;
  }

  private static *parts(papers: readonly Paper[]): Generator<void, { entries: Entries; order: number[] }> {
    const all = yield* entriesOf(papers, papers.map((_, doc) => doc));
    const entries = yield* toEntries(yield* sortSteps(all, byKeyThenDoc));
    const order = yield* sortSteps(
      papers.map((_, doc) => doc),
      (a, b) => byUpvotesThenId(papers[a] as Paper, papers[b] as Paper),
    );
    return { entries, order };
  }

  private lowerBound(key: string): number {
    const keys = this.entries.keys;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys.at(mid) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Papers whose title has a word starting with `prefix` (or whose id does), best first. */
  suggest(prefix: string, limit = 25): Paper[] {
    const max = Math.max(0, Math.min(limit, 25));
    const key = suggestKey(prefix);
    if (key.trim() === '') return this.popular.slice(0, max);
    const touched: number[] = [];
    const { keys, docs, kinds } = this.entries;
    for (let i = this.lowerBound(key); i < keys.length; i++) {
      if (!keys.at(i).startsWith(key)) break;
      const doc = docs[i] as number;
      const kind = kinds[i] as number;
      const seen = this.bestKind[doc] as number;
      if (seen === NONE) touched.push(doc);
      if (kind < seen) this.bestKind[doc] = kind;
    }
    // One numeric key per match (kind first, then popularity) so a native typed-array sort ranks
    // thousands of matches for a one-letter prefix without a comparator call per pair.
    const n = this.papers.length;
    const keys64 = new Float64Array(touched.length);
    touched.forEach((doc, i) => {
      keys64[i] = (this.bestKind[doc] as number) * n + (this.popularity[doc] as number);
      this.bestKind[doc] = NONE;
    });
    keys64.sort();
    return Array.from(keys64.subarray(0, max), (k) => this.popular[k % n] as Paper);
  }
}

/** A paper's autocomplete label, cut to Discord's limit on a word boundary where possible. */
export function choiceName(paper: Paper, max = CHOICE_NAME_MAX): string {
  const title = paper.title.replace(/\s+/g, ' ').trim();
  if (title.length <= max) return title;
  const cut = title.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}
