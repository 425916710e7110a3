// Edit distance and "closest candidate" for did-you-mean messages (field names, topics, titles, query
// words). Pure and bounded: callers pass short strings, and the distance gives up past `max`.

/**
 * Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two neighbours
 * each cost 1, so "spma" is one edit from "spam" and "optimisers" one from "optimizers". Returns
 * `max + 1` as soon as the distance must exceed `max`.
 */
export function editDistance(a: string, b: string, max = Number.MAX_SAFE_INTEGER): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] as number) + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n] as number;
}

/** How many edits a typo of a word this long may have: none for 1-2 letters, 1 up to 5, else 2. */
export function typoBudget(length: number): number {
  return length <= 2 ? 0 : length <= 5 ? 1 : 2;
}

/**
 * The candidate closest to `typed` within its typo budget (ties: the earlier candidate, so callers
 * order candidates by preference), or undefined.
 */
export function closest<T>(typed: string, candidates: Iterable<T>, keyOf: (c: T) => string, budget = typoBudget(typed.length)): T | undefined {
  let best: T | undefined;
  let bestDistance = budget + 1;
  for (const c of candidates) {
    const d = editDistance(typed, keyOf(c), bestDistance - 1);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return best;
}
