// Stem sequences of a paper's title and abstract, analysed on first use and memoised: only the few
// top candidates of a query ever need positions, so loading a stored index stays cheap.
import type { Paper } from '../corpus/schema.js';
import { stemSequence } from './text.js';

export interface DocText {
  title: readonly string[];
  abstract: readonly string[];
}

/**
 * Papers whose stem sequences are kept. Large enough for a ~10k corpus to stay whole: at 5,000 the
 * random candidates of a real query mix at 8,982 papers kept missing, and re-stemming abstracts cost
 * half of every search's CPU (3.3 -> 1.6 ms a search once the corpus fits). Bounded for 100k corpora:
 * ~1.2 KiB a paper (references to shared stem strings), so at most ~25 MiB.
 */
export const DOC_TEXT_CAPACITY = 20_000;

export class DocTextCache {
  private readonly cache = new Map<string, DocText>();

  /** Least recently used papers leave first, so the papers people ask about stay in a corpus larger than the bound. */
  constructor(private readonly capacity = DOC_TEXT_CAPACITY) {}

  get size(): number {
    return this.cache.size;
  }

  /** A copy holding the same texts but those of `ids` (papers a new revision changed). */
  without(ids: readonly string[]): DocTextCache {
    const copy = new DocTextCache(this.capacity);
    for (const [id, text] of this.cache) copy.cache.set(id, text);
    for (const id of ids) copy.cache.delete(id);
    return copy;
  }

  get(paper: Paper): DocText {
    let text = this.cache.get(paper.id);
    if (text) {
      this.cache.delete(paper.id); // re-inserted below: Map order is the recency order
    } else {
      text = { title: stemSequence(paper.title), abstract: stemSequence(paper.abstract) };
      if (this.cache.size >= this.capacity) this.cache.delete(this.cache.keys().next().value as string);
    }
    this.cache.set(paper.id, text);
    return text;
  }
}

/**
 * How close an occurrence of `a` is followed by one of `b`: 1 when adjacent (stop words are not in
 * the sequence, so "edge of stability" is adjacent), 0.5 with one word between, else 0.
 */
export function nearness(seq: readonly string[], a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let best = 0;
  for (let i = 0; i < seq.length - 1; i++) {
    if (!a.has(seq[i] as string)) continue;
    if (b.has(seq[i + 1] as string)) return 1;
    if (i + 2 < seq.length && b.has(seq[i + 2] as string)) best = 0.5;
  }
  return best;
}
