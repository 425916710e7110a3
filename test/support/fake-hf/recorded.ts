// The recorded Hugging Face items, grouped by listing day (each item's top-level publishedAt), kept
// as the exact bytes the API returned so the fake can serve them verbatim.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** ../shared/data/hf-daily-papers beside the checkout: the real export (see its README). */
export const SHARED_HF_DIR = join(ROOT, '..', 'shared', 'data', 'hf-daily-papers');

/** Listing day -> raw JSON text of each item, in the order the source listed them. */
export type RecordedDays = ReadonlyMap<string, readonly string[]>;

function listingDay(raw: string): string {
  const item = JSON.parse(raw) as { publishedAt?: unknown };
  if (typeof item.publishedAt !== 'string') throw new Error('recorded item has no top-level publishedAt');
  return item.publishedAt.slice(0, 10);
}

/**
 * Reads export files written one item per line (line 1 is "[", each item line ends with "," except the
 * last, then "]"). Arrays in any other layout are re-serialised item by item (same values, not bytes).
 */
export function groupByListingDay(texts: readonly string[]): Map<string, string[]> {
  const days = new Map<string, string[]>();
  const add = (raw: string) => {
    const day = listingDay(raw);
    const list = days.get(day) ?? [];
    list.push(raw);
    days.set(day, list);
  };
  for (const text of texts) {
    const lines = text.split('\n');
    const oneItemPerLine = lines[0]?.trim() === '[' && lines.slice(1).every((l) => /^\s*(?:\{.*\},?|\]|)\s*$/.test(l));
    if (oneItemPerLine) {
      for (const line of lines.slice(1)) {
        const trimmed = line.trim().replace(/,$/, '');
        if (trimmed.startsWith('{')) add(trimmed);
      }
    } else {
      for (const item of JSON.parse(text) as unknown[]) add(JSON.stringify(item));
    }
  }
  return new Map([...days].sort(([a], [b]) => (a < b ? -1 : 1)));
}

let cached: RecordedDays | undefined;

/** The shared real export, read now and not kept (for a bench whose heap must not hold it), or undefined when ../shared is not there. */
export function readSharedDays(): RecordedDays | undefined {
  if (!existsSync(SHARED_HF_DIR)) return undefined;
  const files = readdirSync(SHARED_HF_DIR).filter((f) => /^export-.*\.json$/.test(f)).sort();
  if (files.length === 0) return undefined;
  return groupByListingDay(files.map((f) => readFileSync(join(SHARED_HF_DIR, f), 'utf8')));
}

/** The shared real export (parsed once per process), or undefined when ../shared is not there. */
export function loadSharedDays(): RecordedDays | undefined {
  cached ??= readSharedDays();
  return cached;
}

/**
 * A test that needs the shared export: in CI (CI=true) its absence is a failure, elsewhere the test may
 * skip (and says so in its name).
 */
export function requireSharedDays(): RecordedDays | undefined {
  const days = loadSharedDays();
  if (!days && process.env.CI === 'true') throw new Error(`CI=true but the shared export is missing: ${SHARED_HF_DIR}`);
  return days;
}
