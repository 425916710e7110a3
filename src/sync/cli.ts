// `paperboy sync`: the sync job with the CLI's edges (config, the open store, a progress bar).
import type { Config } from '../config.js';
import type { CorpusStore } from '../corpus/store.js';
import { packageVersion } from '../version.js';
import { createHfClient, userAgent } from './client.js';
import { runSync, summaryLine, type SyncSummary } from './job.js';

export interface CliSyncInput {
  config: Config;
  store: CorpusStore;
  options: { from?: string; to?: string; dryRun?: boolean };
  /** Redraws one line in place (a TTY); absent: no progress output. */
  progress?: (line: string) => void;
  now?: () => Date;
}

const BAR_WIDTH = 24;

export function progressBar(done: number, total: number, label: string): string {
  const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${label}`;
}

/** Plain data for --json (days with their added/updated ids and problems). */
function jsonOf(s: SyncSummary) {
  return {
    dryRun: s.dryRun,
    planned: s.planned,
    days: s.days.map((d) => ({ day: d.day, refresh: d.refresh, papers: d.papers, added: d.added, updated: d.updated, problems: d.problems.map((p) => p.message) })),
    added: s.added,
    updated: s.updated,
    skipped: s.skipped,
    requests: s.requests,
    revision: s.revision,
    ...(s.error ? { error: s.error, transient: s.transient ?? false } : {}),
  };
}

export async function runCliSync(input: CliSyncInput): Promise<{ line: string; json: ReturnType<typeof jsonOf>; failed: boolean }> {
  const { config, store, options, progress } = input;
  const client = createHfClient({ baseUrl: config.sync.hfApiBase, userAgent: userAgent(packageVersion()) });
  let known: ((id: string) => boolean) | undefined;
  if (options.dryRun) {
    const ids = new Set(store.loadCorpus().papers.flatMap((p) => (p.arxivId ? [p.arxivId] : [])));
    known = (id) => ids.has(id);
  }
  const today = (input.now?.() ?? new Date()).toISOString().slice(0, 10);
  let summary: SyncSummary;
  try {
    summary = await runSync({
      client,
      store,
      today,
      ...(options.from ? { from: options.from } : {}),
      ...(options.to ? { to: options.to } : {}),
      dryRun: options.dryRun ?? false,
      ...(known ? { known } : {}),
      ...(progress ? { onProgress: (p) => progress(progressBar(p.done, p.total, `${p.day} · ${p.added} new`)) } : {}),
    });
  } finally {
    if (progress) progress('');
  }
  return { line: summaryLine(summary), json: jsonOf(summary), failed: summary.error !== undefined };
}
