// The real recorded days the sync benches replay (bench/sync.ts, bench/swap-memory.ts, bench/first-searches.ts):
// which days to take and how to make them new to a store that already holds the real export. No src/
// imports, so bench/swap-memory.ts can use it with the compiled modules too.
import type { RecordedDays } from '../test/support/fake-hf/index.js';

/** Days of a real feed's size, 15 to 50 items (the "a day's sync"), in listing order. */
export function syncSizedDays(days: RecordedDays): Array<[string, readonly string[]]> {
  return [...days].filter(([, items]) => items.length >= 15 && items.length <= 50);
}

/** The `n` largest of syncSizedDays, largest first. */
export function largestSyncSizedDays(days: RecordedDays, n: number): Array<[string, readonly string[]]> {
  return syncSizedDays(days).sort((a, b) => b[1].length - a[1].length).slice(0, n);
}

/**
 * A real day's items (the API's JSON texts) as a new day listed on `day`: fresh arXiv ids from 2609.`tag`
 * up and titles marked as synced copies (the originals are already in the corpus under their real ids).
 * New strings (a JSON round trip), so nothing keeps the export files' text alive.
 */
export function freshDay(items: readonly string[], day: string, tag: number): string[] {
  return items.map((raw, i) => {
    const item = JSON.parse(raw) as { paper: { id: string; title: string }; publishedAt: string };
    item.paper.id = `2609.${String(tag + i)}`;
    item.paper.title = `${item.paper.title} (synced copy ${tag + i})`;
    item.publishedAt = `${day}T00:00:00.000Z`;
    return JSON.stringify(item);
  });
}
