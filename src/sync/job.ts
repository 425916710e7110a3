// One sync run: plan the days, fetch each from Hugging Face, apply each as one transaction of the
// corpus store (records and the cursor entry together, so a crash leaves the day either fully applied
// or still to do), and report. The store and the client are injected; nothing here knows about the
// CLI or the bot.
import type { RawRecord } from '../corpus/ingest/record.js';
import type { Problem } from '../corpus/problems.js';
import type { ApplyResult, ApplySource, SyncDay } from '../corpus/store.js';
import { daySource, HfApiError, type HfClient } from './client.js';
import { planSyncDays, type PlanInput } from './plan.js';

/**
 * What a sync needs of the corpus store. src/corpus/store.ts CorpusStore satisfies it (the CLI writes on
 * its own thread); the bot's writes go to a writer thread (src/store-writer.ts), hence the promises.
 */
export interface SyncTarget {
  applyRecords(records: readonly RawRecord[], source: ApplySource, options?: { syncDay?: string }): ApplyResult | Promise<ApplyResult>;
  syncDays(): SyncDay[];
  markSyncDay(day: string, papers?: number): void | Promise<void>;
  revision(): number;
}

export interface DayOutcome {
  day: string;
  refresh: boolean;
  /** Valid items the API listed that day. */
  papers: number;
  added: string[];
  updated: string[];
  /** Items reported and skipped (and ignored fields), "hf-daily/DAY.json: item N: ...". */
  problems: Problem[];
}

export interface SyncSummary {
  dryRun: boolean;
  /** Days planned; `days` holds those done before any failure. */
  planned: number;
  days: DayOutcome[];
  added: number;
  updated: number;
  skipped: number;
  requests: number;
  /** Corpus revision after the run (unchanged on a dry run). */
  revision: number;
  /** Set when the run stopped early: the one-line reason. Days done before it stay applied. */
  error?: string;
  /** Whether a later attempt may succeed (network, 5xx, 429). */
  transient?: boolean;
}

export interface SyncProgress {
  done: number;
  total: number;
  day: string;
  added: number;
}

export interface SyncOptions extends Omit<PlanInput, 'synced'> {
  client: HfClient;
  store: SyncTarget;
  dryRun?: boolean;
  /** For a dry run: whether the corpus already has a paper with this arXiv id (to report what would be new). */
  known?: (arxivId: string) => boolean;
  onProgress?: (p: SyncProgress) => void;
  signal?: AbortSignal;
}

export { daySource } from './client.js';

export async function runSync(opts: SyncOptions): Promise<SyncSummary> {
  const synced = new Set(opts.store.syncDays().map((d) => d.day));
  const plan = planSyncDays({ ...opts, synced });
  const summary: SyncSummary = { dryRun: opts.dryRun ?? false, planned: plan.length, days: [], added: 0, updated: 0, skipped: 0, requests: 0, revision: opts.store.revision() };
  for (const [i, { day, refresh }] of plan.entries()) {
    let fetched;
    try {
      fetched = await opts.client.fetchDay(day, opts.signal);
    } catch (err) {
      if (!(err instanceof HfApiError)) throw err;
      summary.error = err.message;
      summary.transient = err.transient;
      break;
    }
    summary.requests += fetched.requests;
    const outcome: DayOutcome = { day, refresh, papers: fetched.records.length, added: [], updated: [], problems: fetched.problems };
    if (opts.dryRun) {
      outcome.added = fetched.records.flatMap((r) => (r.arxivId && !opts.known?.(r.arxivId) ? [r.arxivId] : []));
    } else if (fetched.records.length === 0) {
      await opts.store.markSyncDay(day, 0);
    } else {
      const applied = await opts.store.applyRecords(
        fetched.records,
        { file: daySource(day), format: 'hf-daily-json', capturedAt: day, description: `Hugging Face daily papers listed ${day} (${fetched.records.length} papers)` },
        { syncDay: day },
      );
      outcome.added = applied.added;
      outcome.updated = applied.updated;
      outcome.problems = [...outcome.problems, ...applied.problems];
      summary.revision = applied.revision;
    }
    summary.days.push(outcome);
    summary.added += outcome.added.length;
    summary.updated += outcome.updated.length;
    summary.skipped += fetched.items - fetched.records.length;
    opts.onProgress?.({ done: i + 1, total: plan.length, day, added: summary.added });
  }
  return summary;
}

/** "synced 31 days (2 refreshed): 412 new papers, 37 updated, 1 item skipped; revision 12". */
export function summaryLine(s: SyncSummary): string {
  const refreshed = s.days.filter((d) => d.refresh).length;
  const verb = s.dryRun ? 'would add' : 'added';
  const head = s.planned === 0 ? 'nothing to sync: every day is up to date' : `${s.dryRun ? 'dry run: fetched' : 'synced'} ${s.days.length} of ${s.planned} day${s.planned === 1 ? '' : 's'}${refreshed ? ` (${refreshed} refreshed)` : ''}`;
  const counts = s.planned === 0 ? '' : `: ${verb} ${s.added} new paper${s.added === 1 ? '' : 's'}${s.dryRun ? '' : `, ${s.updated} updated`}${s.skipped ? `, ${s.skipped} invalid item${s.skipped === 1 ? '' : 's'} skipped` : ''}`;
  const rev = s.dryRun || s.planned === 0 ? '' : `; corpus revision ${s.revision}`;
  return `${head}${counts}${rev}${s.error ? `; stopped: ${s.error}` : ''}`;
}
