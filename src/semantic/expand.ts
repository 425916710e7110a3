// Query expansion: the learned neighbours of a query's words (and of adjacent word pairs) become
// weighted alternatives, so "less memory" also finds "memory-efficient" / "footprint" papers and
// "verbose" finds "redundant" ones. Conservative by design: only close, not-too-common neighbours,
// a few per word, each worth a fraction of a literal match (the caller applies the weight).
import type { SemanticModel } from './model.js';

export interface ExpansionOptions {
  /** Minimum cosine for a neighbour to count. */
  minSim: number;
  /** At most this many neighbours per query word. */
  perWord: number;
  /** At most this many neighbours per adjacent word pair (phrase). */
  perPhrase: number;
  /**
   * Neighbours more frequent than this share of the training text are skipped: "often", "due" or
   * "model" sit near everything and would make every paper look like it covers the word.
   */
  maxShare: number;
}

export const DEFAULT_EXPANSION: ExpansionOptions = {
  minSim: 0.4,
  perWord: 2,
  perPhrase: 2,
  maxShare: 3e-4,
};

export interface Expansion {
  /** Index term to search for. */
  term: string;
  /** Query positions [start, end) it stands for. */
  start: number;
  end: number;
  /** Cosine to the word (or to the phrase vector). */
  sim: number;
}

/** Expansions of a query's stem sequence (positions as in the plan's parts). */
export function expandStems(model: SemanticModel, stems: readonly string[], options: ExpansionOptions = DEFAULT_EXPANSION): Expansion[] {
  const literal = new Set(stems);
  const maxCount = options.maxShare * model.header.tokens;
  const usable = (term: string, count: number) => !literal.has(term) && count <= maxCount;
  const out: Expansion[] = [];
  const taken = new Set<string>();
  stems.forEach((stem, i) => {
    let n = 0;
    for (const nb of model.neighbors(stem)) {
      if (n >= options.perWord || nb.sim < options.minSim) break;
      if (!usable(nb.term, nb.count)) continue;
      out.push({ term: nb.term, start: i, end: i + 1, sim: nb.sim });
      taken.add(`${i}:${nb.term}`);
      n++;
    }
  });
  // A pair of words means more than either: re-score both words' neighbours against the pair's vector.
  for (let i = 0; options.perPhrase > 0 && i + 1 < stems.length; i++) {
    const a = model.vector(stems[i] as string);
    const b = model.vector(stems[i + 1] as string);
    if (!a || !b) continue;
    const phrase = a.map((x, d) => x + (b[d] as number));
    const len = Math.hypot(...phrase) || 1;
    const scored: Expansion[] = [];
    const seen = new Set<string>();
    for (const nb of [...model.neighbors(stems[i] as string), ...model.neighbors(stems[i + 1] as string)]) {
      if (seen.has(nb.term) || !usable(nb.term, nb.count)) continue;
      seen.add(nb.term);
      const v = model.vector(nb.term);
      if (!v) continue;
      let s = 0;
      for (let d = 0; d < v.length; d++) s += (v[d] as number) * (phrase[d] as number);
      const sim = s / len;
      if (sim >= options.minSim) scored.push({ term: nb.term, start: i, end: i + 2, sim });
    }
    scored.sort((x, y) => y.sim - x.sim || (x.term < y.term ? -1 : 1));
    out.push(...scored.filter((e) => !taken.has(`${i}:${e.term}`) && !taken.has(`${i + 1}:${e.term}`)).slice(0, options.perPhrase));
  }
  return out;
}
