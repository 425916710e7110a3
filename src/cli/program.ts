// What every `paperboy` entry shares: the commander program with paperboy's error style, the --json
// option, one-line errors and exit codes, and the process wrapper around stdout.
import { existsSync } from 'node:fs';
import { Command as Program, CommanderError, Option } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { loadEnvFile } from '../env-file.js';
import { UserError } from '../errors.js';
import { environmentProblem } from '../fs-problems.js';
import { safeJson } from '../safe-text.js';
import { packageVersion } from '../version.js';

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

/** Parses argv and runs the command; bad input and failures become one line on stderr and the exit code. */
export async function runProgram(program: Program, argv: string[], io: Io): Promise<number> {
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof AlreadyReported) return 1;
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    io.err(`paperboy: ${failureMessage(err)}`);
    return 1;
  }
}

/** The one line a failed command prints after "paperboy: ". */
export function failureMessage(err: unknown): string {
  if (err instanceof UserError || err instanceof ConfigError) return err.message.split('\n').join(' ');
  // A full disk or read-only DATA_DIR reaches here as SQLite's "disk I/O error": say what it is.
  let dataDir: string | undefined;
  try {
    dataDir = loadConfig().dataDir;
  } catch {
    /* the config error was reported above */
  }
  const problem = environmentProblem(err, dataDir && existsSync(dataDir) ? dataDir : undefined);
  if (problem) return `cannot write to ${dataDir ?? 'DATA_DIR'}: ${problem} (${(err as { code?: string }).code ?? 'error'}); nothing was changed`;
  return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
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
