// What every `paperboy` entry shares: the commander program with paperboy's error style, the --json
// option, one-line errors and exit codes, the process wrapper around stdout, and the `import` command.
// `paperboy import` has an entry of its own (src/cli-import.ts) that loads only this and the corpus
// store, not the search engine and the read commands: a process per export file pays only for what
// an import does (BENCHMARKS.md, Start-up and the CLI).
import { existsSync } from 'node:fs';
import { Command as Program, CommanderError, Option } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { formatProblem } from '../corpus/problems.js';
import { corpusStorePath, openCorpusStore, type ImportResult } from '../corpus/store.js';
import { loadEnvFile } from '../env-file.js';
import { UserError } from '../errors.js';
import { environmentProblem } from '../fs-problems.js';
import { safeJson } from '../safe-text.js';
import { packageVersion } from '../version.js';
import { clip } from './inputs.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  stdin: NodeJS.ReadableStream;
  /** Redraws a one-line progress bar in place (set when stderr is a terminal). */
  progress?: (line: string) => void;
}

/** A command that failed after printing why (a sync that stopped early): exit 1, nothing more to say. */
export class AlreadyReported extends Error {}

export function newProgram(io: Io): Program {
  return new Program('paperboy')
    .description('Search and explore the paperboy corpus of machine-learning papers.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()), outputError: (s, write) => write(`paperboy: ${s.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')}`) })
    .showSuggestionAfterError(true)
    .version(packageVersion(), '-V, --version', 'print the version');
}

export const jsonOption = () => new Option('--json', 'machine-readable JSON output');

export const printer = (io: Io) => (json: boolean, value: unknown, text: () => string) => io.out(json ? safeJson(value) : text());

function importSummary(file: string, r: ImportResult): string {
  if (r.alreadyImported) return `${file} was already imported; nothing changed (${r.papers} papers).`;
  const head = `Imported ${file}: ${r.added} new paper${r.added === 1 ? '' : 's'}, ${r.merged} merged into papers already there; ${r.papers} papers now.`;
  if (r.problems.length === 0) return head;
  const shown = r.problems.slice(0, 5).map((p) => `  ${clip(formatProblem(p), 200)}`);
  const more = r.problems.length > shown.length ? [`  … and ${r.problems.length - shown.length} more (--json lists them all)`] : [];
  return [head, `${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}:`, ...shown, ...more].join('\n');
}

export function addImportCommand(program: Program, io: Io): void {
  const print = printer(io);
  program
    .command('import')
    .description('merge a Hugging Face daily-papers JSON export into the corpus and rebuild it')
    .argument('<file>')
    .addOption(jsonOption())
    .action(async (file: string, o) => {
      const config = loadConfig();
      const store = openCorpusStore(corpusStorePath(config.dataDir), { seedDir: config.corpusDir, warn: (msg) => io.err(`paperboy: warning: ${msg}`) });
      let result;
      try {
        result = store.importFile(file);
      } finally {
        store.close();
      }
      print(o.json, result, () => importSummary(file, result));
    });
}

/** Parses argv and runs the command; bad input and failures become one line on stderr and the exit code. */
export async function runProgram(program: Program, argv: string[], io: Io): Promise<number> {
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof AlreadyReported) return 1;
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UserError || err instanceof ConfigError) io.err(`paperboy: ${err.message.split('\n').join(' ')}`);
    else {
      // A full disk or read-only DATA_DIR reaches here as SQLite's "disk I/O error": say what it is.
      let dataDir: string | undefined;
      try {
        dataDir = loadConfig().dataDir;
      } catch {
        /* the config error was reported above */
      }
      const problem = environmentProblem(err, dataDir && existsSync(dataDir) ? dataDir : undefined);
      io.err(`paperboy: ${problem ? `cannot write to ${dataDir ?? 'DATA_DIR'}: ${problem} (${(err as { code?: string }).code ?? 'error'}); nothing was changed` : err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
    return 1;
  }
}

/** Runs a CLI entry as the process: .env, stdout problems as one line, the exit code. */
export async function runAsProcess(run: (argv: string[], io: Io) => Promise<number>): Promise<void> {
  // `paperboy search --json < queries | head -1` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    // A full disk or a closed terminal: one line on stderr, not an uncaught stack.
    const why = err.code === 'ENOSPC' ? 'no space left on the device' : err.code === 'EIO' ? 'the terminal is gone' : (err.message.split('\n')[0] ?? String(err));
    process.stderr.write(`paperboy: cannot write the output: ${why} (${err.code ?? 'error'})\n`);
    process.exit(1);
  });
  loadEnvFile();
  process.exitCode = await run(process.argv.slice(2), {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    stdin: process.stdin,
    ...(process.stderr.isTTY ? { progress: (line: string) => process.stderr.write(`\r\x1b[2K${line}`) } : {}),
  });
}
