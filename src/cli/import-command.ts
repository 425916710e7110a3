// `paperboy import FILE...`: merges Hugging Face daily-papers exports into the corpus store. The store
// is opened (and its topics compiled) once for all the files; each file is still its own transaction,
// all or nothing, and nothing of one file is kept while the next is read (memory stays one file plus
// the corpus). A file that cannot be imported gets its one line and the others are still imported;
// the exit code says whether any failed. One file prints exactly what it always printed.
import type { Command as Program } from 'commander';
import { loadConfig } from '../config.js';
import { formatProblem } from '../corpus/problems.js';
import { corpusStorePath, openCorpusStore, type CorpusStore, type ImportResult } from '../corpus/store.js';
import { safeJson } from '../safe-text.js';
import { fullGc } from './full-gc.js';
import { clip } from './inputs.js';
import { AlreadyReported, failureMessage, jsonOption, type Io } from './program.js';

/** What became of one file of the command line. */
export type ImportOutcome = { file: string; result: ImportResult } | { file: string; error: string };

// Plain numbers, as in the per-file lines above the total.
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function importSummary(file: string, r: ImportResult): string {
  if (r.alreadyImported) return `${file} was already imported; nothing changed (${r.papers} papers).`;
  const head = `Imported ${file}: ${r.added} new paper${r.added === 1 ? '' : 's'}, ${r.merged} merged into papers already there; ${r.papers} papers now.`;
  if (r.problems.length === 0) return head;
  const shown = r.problems.slice(0, 5).map((p) => `  ${clip(formatProblem(p), 200)}`);
  const more = r.problems.length > shown.length ? [`  … and ${r.problems.length - shown.length} more (--json lists them all)`] : [];
  return [head, `${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}:`, ...shown, ...more].join('\n');
}

/** The totals of a command with several files (the last line of its output). */
export function importTotals(outcomes: readonly ImportOutcome[]) {
  const results = outcomes.flatMap((o) => ('result' in o ? [o.result] : []));
  const fresh = results.filter((r) => !r.alreadyImported);
  const last = results.at(-1);
  return {
    files: outcomes.length,
    imported: fresh.length,
    alreadyImported: results.length - fresh.length,
    failed: outcomes.length - results.length,
    added: fresh.reduce((n, r) => n + r.added, 0),
    merged: fresh.reduce((n, r) => n + r.merged, 0),
    // The corpus after the last file that got through; absent when none did (nothing changed).
    ...(last ? { papers: last.papers, revision: last.revision } : {}),
  };
}

function totalLine(t: ReturnType<typeof importTotals>): string {
  const parts = [`${t.imported} imported${t.imported > 0 ? ` (${plural(t.added, 'new paper')}, ${t.merged} merged)` : ''}`];
  if (t.alreadyImported > 0) parts.push(`${t.alreadyImported} already imported`);
  if (t.failed > 0) parts.push(`${t.failed} failed`);
  const corpus = t.papers !== undefined ? `${plural(t.papers, 'paper')} now` : 'nothing changed';
  return `${plural(t.files, 'file')}: ${parts.join(', ')}; ${corpus}.`;
}

/** Imports one file; any failure becomes its one line (the file's transaction was rolled back). */
async function importOne(store: CorpusStore, file: string): Promise<ImportOutcome> {
  try {
    return { file, result: await store.importFileAsync(file) };
  } catch (err) {
    return { file, error: failureMessage(err) };
  }
}

export function addImportCommand(program: Program, io: Io): void {
  program
    .command('import')
    .description('merge Hugging Face daily-papers JSON exports into the corpus (each file all or nothing)')
    .argument('<files...>')
    .addOption(jsonOption())
    .action(async (files: string[], o: { json?: boolean }) => {
      const config = loadConfig();
      const store = openCorpusStore(corpusStorePath(config.dataDir), { seedDir: config.corpusDir, warn: (msg) => io.err(`paperboy: warning: ${msg}`) });
      const several = files.length > 1;
      const outcomes: ImportOutcome[] = [];
      try {
        for (const [i, file] of files.entries()) {
          // Nothing of the file before is kept: collect it now, so memory stays one file plus the corpus.
          if (i > 0) fullGc();
          const outcome = await importOne(store, file);
          outcomes.push(outcome);
          if ('result' in outcome) io.out(o.json ? safeJson(several ? { file, ...outcome.result } : outcome.result) : importSummary(file, outcome.result));
          else if (o.json && several) io.out(safeJson(outcome));
          // Most messages name the file already; the others (a busy store, a full disk) get it in front.
          else io.err(`paperboy: ${several && !outcome.error.includes(file) ? `${file}: ` : ''}${outcome.error}`);
        }
      } finally {
        store.close();
      }
      const totals = importTotals(outcomes);
      if (several) io.out(o.json ? safeJson({ total: totals }) : totalLine(totals));
      if (totals.failed === 0) return;
      if (o.json && several) io.err(`paperboy: ${totals.failed} of ${totals.files} files ${totals.failed === 1 ? 'was' : 'were'} not imported (see their "error")`);
      throw new AlreadyReported();
    });
}
