// The `paperboy` command line: the same corpus and search engine as the bot, for scripts, benchmarks
// and tests. Human output by default, --json for machines. Bad input: one line on stderr, non-zero exit.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command as Program, CommanderError, InvalidArgumentError, Option } from 'commander';
import { openSearch, openStore } from './corpus-view.js';
import { packageVersion } from './version.js';
import { loadEnvFile } from './env-file.js';
import { ConfigError, loadConfig } from './config.js';
import type { Corpus } from './corpus/corpus.js';
import type { Paper } from './corpus/schema.js';
import type { SearchEngine, SearchFilters, SearchHit } from './search/types.js';
import { codeUrl, formatAnswer, formatHits, formatPaper, year } from './cli/format.js';
import { resolvePaper, resolveTopic, pickRandom } from './lookup.js';
import { searchQuery } from './search-query.js';
import { suggestQuery } from './did-you-mean.js';
import { isStructured, parseStructuredQuery } from './search/query-syntax.js';
import { UserError } from './errors.js';
import { CONSOLE_DB_FILE, databasePath, openDatabase } from './store/db.js';
import { corpusStorePath, type ImportResult } from './corpus/store.js';
import Database from 'better-sqlite3';
import { boundedLines, clip, PAPER_MAX, QUERY_MAX, QUESTION_MAX, TOPIC_MAX } from './cli/inputs.js';
import { checkBackupTarget } from './cli/backup-target.js';
import { safeJson, stripControls } from './safe-text.js';
import { bibtex } from './cards/bibtex.js';
import { plainCitation } from './cards/citation-text.js';
import { environmentProblem } from './fs-problems.js';
import { tokenize } from './search/text.js';
import { formatProblem } from './corpus/problems.js';

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  stdin: NodeJS.ReadableStream;
  /** Redraws a one-line progress bar in place (set when stderr is a terminal). */
  progress?: (line: string) => void;
}

const intIn = (min: number, max: number, what: string) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new InvalidArgumentError(`${what} must be a whole number from ${min} to ${max}`);
  return Number(v);
};

function hitJson(h: SearchHit) {
  const y = year(h.paper);
  const code = codeUrl(h.paper);
  return { id: h.paper.id, title: h.paper.title, score: Number(h.score.toFixed(4)), topics: h.paper.topics, ...(code ? { codeUrl: code } : {}), ...(y ? { year: y } : {}) };
}

function paperJson(p: Paper) {
  return p;
}

/** A sync that stopped early; what it did and why it stopped were already printed. */
class SyncFailed extends Error {}
/** The bot's checks on a query (commands/search.ts): bounded, and not only words search ignores. */
function checkQuery(query: string): void {
  if (query.length > QUERY_MAX) throw new UserError(`the query is ${query.length} characters; keep it to at most ${QUERY_MAX} characters (as in Discord)`);
  // A query with filters (author:, year:, "phrases", -words) may have no ranked words at all.
  const parsed = parseStructuredQuery(query);
  if (parsed.ok && isStructured(parsed.query)) return;
  if (!tokenize(query, { query: true }).some((t) => t.parts.length > 0 || t.compound)) {
    throw new UserError(`"${clip(query)}": those words are too common to search for; add a specific term`);
  }
}

/** A bounded free-text argument, refused with its length rather than echoed whole. */
function bounded(text: string, max: number, what: string): string {
  if (text.length > max) throw new UserError(`the ${what} is ${text.length} characters; keep it to at most ${max}`);
  return text;
}

function importSummary(file: string, r: ImportResult): string {
  if (r.alreadyImported) return `${file} was already imported; nothing changed (${r.papers} papers).`;
  const head = `Imported ${file}: ${r.added} new paper${r.added === 1 ? '' : 's'}, ${r.merged} merged into papers already there; ${r.papers} papers now.`;
  if (r.problems.length === 0) return head;
  const shown = r.problems.slice(0, 5).map((p) => `  ${clip(formatProblem(p), 200)}`);
  const more = r.problems.length > shown.length ? [`  … and ${r.problems.length - shown.length} more (--json lists them all)`] : [];
  return [head, `${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}:`, ...shown, ...more].join('\n');
}

export async function runCli(argv: string[], io: Io): Promise<number> {
  let engine: { corpus: Corpus; search: SearchEngine } | undefined;
  const open = () => {
    if (!engine) {
      const config = loadConfig();
      engine = openSearch(config, (msg) => io.err(`paperboy: warning: ${msg}`));
    }
    return engine;
  };
  const print = (json: boolean, value: unknown, text: () => string) => io.out(json ? safeJson(value) : text());
  // Topic names work like in the bot: any case, name or slug, with a did-you-mean for typos.
  const topicSlug = (corpus: Corpus, text: string | undefined) => {
    if (text === undefined) return undefined;
    if (text.length > TOPIC_MAX) throw new UserError(`unknown topic "${clip(text, 40)}" (list them with: paperboy topics)`);
    return resolveTopic(corpus, text, 'list them with: paperboy topics').slug;
  };
  const filtersOf = (corpus: Corpus, o: { topic?: string; hasCode?: boolean; yearFrom?: number; yearTo?: number }): SearchFilters => {
    const topic = topicSlug(corpus, o.topic);
    if (o.yearFrom !== undefined && o.yearTo !== undefined && o.yearFrom > o.yearTo) throw new UserError(`--year-from ${o.yearFrom} is after --year-to ${o.yearTo}`);
    return { ...(topic ? { topic } : {}), ...(o.hasCode ? { hasCode: true } : {}), ...(o.yearFrom ? { yearFrom: o.yearFrom } : {}), ...(o.yearTo ? { yearTo: o.yearTo } : {}) };
  };

  const program = new Program('paperboy')
    .description('Search and explore the paperboy corpus of machine-learning papers.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()), outputError: (s, write) => write(`paperboy: ${s.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')}`) })
    .showSuggestionAfterError(true)
    .version(packageVersion(), '-V, --version', 'print the version');
  const json = () => new Option('--json', 'machine-readable JSON output');

  program
    .command('search')
    .description('search papers; with --json and no query, reads one query per line from stdin')
    .argument('[query...]', 'words to search for, with optional filters: author:"Tri Dao" org: topic: year:2025 after:2025-06 before: has:code "a phrase" -word')
    .option('--topic <slug>', 'only papers in this topic')
    .option('--has-code', 'only papers with a code link')
    .option('--year-from <year>', 'published in or after this year', intIn(1900, 2100, '--year-from'))
    .option('--year-to <year>', 'published in or before this year', intIn(1900, 2100, '--year-to'))
    .option('--limit <n>', 'how many results', intIn(1, 1000, '--limit'), 10)
    .addOption(json())
    .action(async (words: string[], o) => {
      const { corpus, search } = open();
      const filters = filtersOf(corpus, o);
      // The query language (author:, "phrases", -word...) as in the bot; bad syntax is a UserError.
      const run = (query: string) => {
        const { hits, total } = searchQuery(corpus, search, query, filters, { limit: o.limit as number });
        const suggestion = hits.length === 0 ? suggestQuery(corpus, search, query, filters) : undefined;
        return { query, total, shown: hits, suggestion };
      };
      const query = words.join(' ').trim();
      // Batch mode only when no query was given at all: a blank argument (an empty line in a shell loop)
      // must not swallow the caller's stdin.
      if (words.length > 0 && !query) throw new UserError('the query is empty; type a few words to search for');
      if (!query) {
        if (!o.json) throw new UserError('search needs a query, e.g. paperboy search "gradient clipping" (or --json to read queries from stdin)');
        // One JSON line per query line, in order; a refused line gets {"query", "error"} and the run fails at the end.
        let refused = 0;
        for await (const { line, tooLong } of boundedLines(io.stdin)) {
          const q = line.trim();
          if (!q) continue;
          let r;
          try {
            if (tooLong) throw new UserError(`the query is longer than ${QUERY_MAX} characters; keep it to at most ${QUERY_MAX} characters`);
            checkQuery(q);
            r = run(q);
          } catch (err) {
            if (!(err instanceof UserError)) throw err;
            refused++;
            io.out(safeJson({ query: clip(q), error: err.message }));
            continue;
          }
          io.out(safeJson({ query: r.query, results: r.shown.map(hitJson), ...(r.suggestion ? { suggestion: r.suggestion } : {}) }));
        }
        if (refused) throw new UserError(`${refused} quer${refused === 1 ? 'y was' : 'ies were'} refused (see their "error")`);
        return;
      }
      checkQuery(query);
      const r = run(query);
      print(o.json, { query, results: r.shown.map(hitJson), ...(r.suggestion ? { suggestion: r.suggestion } : {}) }, () =>
        r.suggestion ? `No papers found. Did you mean: paperboy search '${r.suggestion.replace(/'/g, "'\\''")}'` : formatHits(corpus, r.shown, r.total),
      );
    });

  program
    .command('paper')
    .description('show one paper by id or title words')
    .argument('<idOrTitle...>')
    .addOption(json())
    .action((words: string[], o) => {
      const text = bounded(words.join(' '), PAPER_MAX, 'paper id or title');
      const { corpus, search } = open();
      const paper = resolvePaper(corpus, search, text);
      print(o.json, paperJson(paper), () => formatPaper(corpus, paper));
    });

  program
    .command('cite')
    .description('print a citation for one paper: BibTeX (default) or a one-line plain-text reference')
    .argument('<idOrTitle...>', 'paper id (or arXiv id) or a few title words')
    .addOption(new Option('--format <format>', 'citation format').choices(['bibtex', 'text']).default('bibtex'))
    .action((words: string[], o: { format: 'bibtex' | 'text' }) => {
      const text = bounded(words.join(' '), PAPER_MAX, 'paper id or title');
      const { corpus, search } = open();
      const paper = resolvePaper(corpus, search, text);
      io.out(stripControls(o.format === 'text' ? plainCitation(paper) : bibtex(paper)));
    });

  program
    .command('random')
    .description('a random paper')
    .option('--topic <slug>', 'from this topic')
    .option('--has-code', 'only papers with a code link')
    .addOption(json())
    .action((o) => {
      const { corpus } = open();
      const topic = topicSlug(corpus, o.topic);
      const paper = pickRandom(corpus, { topic, hasCode: Boolean(o.hasCode) }, Math.random);
      print(o.json, paperJson(paper), () => formatPaper(corpus, paper));
    });

  program
    .command('topics')
    .description('list topics with paper counts')
    .addOption(json())
    .action((o) => {
      const { corpus } = open();
      const rows = corpus.topics.map((t) => ({ slug: t.slug, name: t.name, description: t.description, papers: corpus.papersByTopic.get(t.slug)?.length ?? 0 }));
      print(o.json, { topics: rows }, () => rows.map((r) => `${r.slug.padEnd(32)} ${String(r.papers).padStart(4)}  ${r.name}`).join('\n'));
    });

  program
    .command('topic')
    .description("list a topic's papers")
    .argument('<topic...>', 'slug or name, e.g. optimizers or "deep rl"')
    .addOption(json())
    .action((words: string[], o) => {
      const { corpus } = open();
      const slug = topicSlug(corpus, words.join(' ')) as string;
      const papers = corpus.papersByTopic.get(slug) ?? [];
      const t = corpus.topicBySlug.get(slug)!;
      print(o.json, { topic: { slug: t.slug, name: t.name, description: t.description }, papers: papers.map((p) => ({ id: p.id, title: p.title })) }, () =>
        [`${t.name} — ${t.description}`, ...papers.map((p, i) => `${String(i + 1).padStart(3)}. ${p.title}  (${p.id})`)].join('\n'),
      );
    });

  program
    .command('similar')
    .description('papers most like the given one')
    .argument('<idOrTitle...>')
    .option('--limit <n>', 'how many (default 5)', intIn(1, 100, '--limit'), 5)
    .addOption(json())
    .action((words: string[], o) => {
      const text = bounded(words.join(' '), PAPER_MAX, 'paper id or title');
      const { corpus, search } = open();
      const paper = resolvePaper(corpus, search, text);
      const hits = search.similar(paper.id, o.limit as number);
      print(o.json, { paper: paper.id, results: hits.map(hitJson) }, () => `Papers like "${paper.title}":\n${formatHits(corpus, hits, hits.length)}`);
    });

  program
    .command('ask')
    .description('an extractive answer from the abstracts, with citations')
    .argument('<question...>')
    .addOption(json())
    .action((words: string[], o) => {
      const question = bounded(words.join(' ').trim(), QUESTION_MAX, 'question');
      if (!question) throw new UserError('the question is empty; ask something, e.g. paperboy ask "why do LLMs hallucinate?"');
      const { search } = open();
      const answer = search.answer(question);
      print(o.json, { question, sentences: answer.sentences.map((s) => ({ text: s.text, paperId: s.paper.id, title: s.paper.title, score: Number(s.score.toFixed(4)) })) }, () => formatAnswer(answer));
    });

  program
    .command('stats')
    .description('corpus statistics')
    .addOption(json())
    .action((o) => {
      const { corpus } = open();
      const stats = {
        papers: corpus.papers.length,
        withCode: corpus.papers.filter((p) => p.codeLinks.length > 0).length,
        withDate: corpus.papers.filter((p) => p.publishedAt).length,
        topics: corpus.topics.length,
        sources: corpus.sources.map((s) => s.file),
        hash: corpus.hash,
        revision: corpus.revision,
      };
      print(o.json, stats, () => [`papers: ${stats.papers}`, `with code: ${stats.withCode}`, `with a date: ${stats.withDate}`, `topics: ${stats.topics}`, `sources: ${stats.sources.join(', ')}`].join('\n'));
    });

  program
    .command('import')
    .description('merge a Hugging Face daily-papers JSON export into the corpus and rebuild it')
    .argument('<file>')
    .addOption(json())
    .action(async (file: string, o) => {
      const config = loadConfig();
      const store = openStore(config, (msg) => io.err(`paperboy: warning: ${msg}`));
      let result;
      try {
        result = store.importFile(file);
      } finally {
        store.close();
      }
      print(o.json, result, () => importSummary(file, result));
    });

  program
    .command('sync')
    .description('fetch new days of the Hugging Face Daily Papers feed into the corpus (first run: the last 30 days) and refresh the last 7')
    .option('--from <date>', 'first listing day to fetch when not yet synced (YYYY-MM-DD)')
    .option('--to <date>', 'last listing day (YYYY-MM-DD; default today, UTC)')
    .option('--dry-run', 'fetch and report, change nothing')
    .addOption(json())
    .action(async (o: { from?: string; to?: string; dryRun?: boolean; json?: boolean }) => {
      // Loaded here, not at the top: the read commands must not pay for the sync's modules.
      const { runCliSync } = await import('./sync/cli.js');
      const config = loadConfig();
      const store = openStore(config, (msg) => io.err(`paperboy: warning: ${msg}`));
      let summary;
      try {
        summary = await runCliSync({ config, store, options: o, progress: o.json ? undefined : io.progress });
      } finally {
        store.close();
      }
      print(Boolean(o.json), summary.json, () => summary.line);
      if (summary.failed) throw new SyncFailed();
    });

  program
    .command('backup')
    .description('copy the state database (daily settings and history) safely, even while the bot runs; --corpus copies the corpus store')
    .argument('<file>', 'where to write the copy')
    .option('--corpus', 'back up the corpus store (DATA_DIR/corpus.sqlite: papers, imports, sync cursor) instead')
    .action(async (file: string, o: { corpus?: boolean }) => {
      const config = loadConfig();
      if (o.corpus) {
        const source = corpusStorePath(config.dataDir);
        if (!existsSync(source)) throw new UserError(`no corpus store at ${source} yet (it is created on first start)`);
        const target = checkBackupTarget(source, file);
        // An online backup through SQLite: consistent even while an import or sync is writing.
        const db = new Database(source, { readonly: true, fileMustExist: true });
        try {
          await db.backup(target);
        } finally {
          db.close();
        }
        io.out(`Backed up ${source} to ${file}`);
        return;
      }
      const source = databasePath(config.dataDir);
      if (!existsSync(source)) {
        const consoleDb = join(config.dataDir, CONSOLE_DB_FILE);
        throw new UserError(
          existsSync(consoleDb)
            ? `no state database at ${source}: the bot has not created ${source} yet (it does on its first start with DISCORD_TOKEN). The local console keeps its own settings in ${consoleDb}; copy that file if you want them.`
            : `no state database at ${source} yet: the bot creates it on its first start with DISCORD_TOKEN`,
        );
      }
      const target = checkBackupTarget(source, file);
      const db = openDatabase(source);
      try {
        await db.backup(target);
      } finally {
        db.close();
      }
      io.out(`Backed up ${source} to ${file}`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof SyncFailed) return 1; // its summary line already said why
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

/** Entry for bin/paperboy.js and `npm run cli`. */
export async function main(): Promise<void> {
  // `paperboy search --json < queries | head -1` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    // A full disk or a closed terminal: one line on stderr, not an uncaught stack.
    const why = err.code === 'ENOSPC' ? 'no space left on the device' : err.code === 'EIO' ? 'the terminal is gone' : (err.message.split('\n')[0] ?? String(err));
    process.stderr.write(`paperboy: cannot write the output: ${why} (${err.code ?? 'error'})\n`);
    process.exit(1);
  });
  loadEnvFile();
  process.exitCode = await runCli(process.argv.slice(2), {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    stdin: process.stdin,
    ...(process.stderr.isTTY ? { progress: (line: string) => process.stderr.write(`\r\x1b[2K${line}`) } : {}),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
