// One page of the Hugging Face Daily Papers API (/api/daily_papers) as records: pure, and shared by the
// sync's HTTP client (src/sync/client.ts) and the bot's writer thread (src/store-writer.ts), which parses
// a page off the event loop (zod over a day's items: ~10 ms warm, far more the first time).
import { parseHfDaily } from './ingest/hf-daily.js';
import type { RawRecord } from './ingest/record.js';
import type { Problem } from './problems.js';

export type PageParse =
  | { kind: 'ok'; count: number; records: RawRecord[]; problems: Problem[] }
  /** Not a JSON array: a truncated or garbled body, worth another try. */
  | { kind: 'garbled'; reason: string }
  /** Every item failed validation: the API changed shape; applying "nothing" would lose the day. */
  | { kind: 'drift'; reason: string };

/** Pure: one response body -> records (bad items reported and skipped). */
export function parsePage(body: string, file: string): PageParse {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    return { kind: 'garbled', reason: `response is not valid JSON (${(error as Error).message.split('\n')[0]})` };
  }
  if (!Array.isArray(data)) return { kind: 'drift', reason: 'response is not a JSON array of daily-paper items' };
  const { records, problems } = parseHfDaily(body, file);
  if (data.length > 0 && records.length === 0) {
    return { kind: 'drift', reason: `none of the ${data.length} items matched the expected shape (first: ${problems[0]?.message ?? 'invalid'})` };
  }
  return { kind: 'ok', count: data.length, records, problems };
}
