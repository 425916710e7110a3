// The `paperboy` command line: the same corpus and search engine as the bot, for scripts, benchmarks
// and tests. Human output by default, --json for machines. Bad input: one line on stderr, non-zero exit.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError, Option } from 'commander';
import { openSearch, openStore } from './corpus-view.js';
import { useTrainedModelsIn } from './semantic/default.js';
import { loadConfig } from './config.js';
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
import { corpusStorePath } from './corpus/store.js';
import Database from 'better-sqlite3';
import { boundedLines, clip, PAPER_MAX, QUERY_MAX, QUESTION_MAX, TOPIC_MAX } from './cli/inputs.js';
import { checkBackupTarget } from './cli/backup-target.js';
import { safeJson, stripControls } from './safe-text.js';
import { bibtex } from './cards/bibtex.js';
import { plainCitation } from './cards/citation-text.js';
import { environmentProblem } from './fs-problems.js';
import { tokenize } from './search/text.js';
import { addImportCommand } from './cli/import-command.js';
import { AlreadyReported, jsonOption, newProgram, printer, runAsProcess, runProgram, type Io } from './cli/program.js';


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


/** The --chart path: a .png file name of sane length (the folder is checked when writing). */
function chartTarget(path: string): string {
  const p = bounded(path, 4096, '--chart path').trim();
  if (!/\.png$/i.test(p)) throw new UserError(`--chart writes a PNG image: give a file name ending in .png, e.g. --chart corpus.png`);
  return resolve(p);
}

/** Draws the corpus chart into `file`; loads the chart library only here, so other commands stay light. */
async function writeCorpusChart(corpus: Corpus, file: string): Promise<{ file: string; subtitle: string; bytes: number }> {
  const [{ corpusChartData }, { chartOption }, { renderChartPng }] = await Promise.all([
    import('./chart/stats.js'),
    import('./chart/spec.js'),
    import('./chart/render.js'),
  ]);
  const data = corpusChartData(corpus);
  if (data.total === 0) throw new UserError('no paper in the corpus carries a date, so there is no chart to draw');
  const png = await renderChartPng(chartOption(data));
  try {
    await writeFile(file, png);
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'its folder does not exist' : code === 'EISDIR' ? 'it is a folder' : (environmentProblem(err) ?? (err as Error).message);
    throw new UserError(`cannot write the chart to ${file}: ${why}`);
  }
  return { file, subtitle: data.subtitle, bytes: png.length };
}

export type { Io };

export async function runCli(argv: string[], io: Io): Promise<number> {
  let engine: { corpus: Corpus; search: SearchEngine } | undefined;
  const open = () => {
    if (!engine) {
      const config = loadConfig();
      const warn = (msg: string) => io.err(`paperboy: warning: ${msg}`);
      useTrainedModelsIn(config.dataDir, warn); // the model the bot would rank with (README "Semantic search")
      engine = openSearch(config, warn);
    }
    return engine;
  };
  const print = printer(io);
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

  const program = newProgram(io);
  const json = jsonOption;

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
    .description('corpus statistics; --chart also draws papers over time per topic as a PNG')
    .option('--chart <file.png>', 'write the chart of papers over time per main topic to this PNG file')
    .addOption(json())
    .action(async (o: { json?: boolean; chart?: string }) => {
      const chartPath = o.chart === undefined ? undefined : chartTarget(o.chart);
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
      const chart = chartPath === undefined ? undefined : await writeCorpusChart(corpus, chartPath);
      print(Boolean(o.json), chart ? { ...stats, chart } : stats, () =>
        [
          `papers: ${stats.papers}`, `with code: ${stats.withCode}`, `with a date: ${stats.withDate}`, `topics: ${stats.topics}`, `sources: ${stats.sources.join(', ')}`,
          ...(chart ? [`chart: ${chart.file} (${chart.subtitle})`] : []),
        ].join('\n'),
      );
    });

  addImportCommand(program, io);

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
      if (summary.failed) throw new AlreadyReported(); // its summary line already said why
    });

  program
    .command('semantic')
    .description('the semantic model search ranks with (README "Semantic search")')
    .command('retrain')
    .description('retrain the semantic model now from the papers in the corpus store, into DATA_DIR/semantic/ (the bot and the CLI then rank with it)')
    .addOption(json())
    .action(async (o: { json?: boolean }) => {
      // Loaded here, not at the top: no other command pays for the training code.
      const { runTrainerJob } = await import('./semantic-trainer.js');
      const config = loadConfig();
      const store = openStore(config, (msg) => io.err(`paperboy: warning: ${msg}`)); // creates and seeds it on first use
      const storeFile = store.file;
      store.close();
      const result = runTrainerJob({ storeFile, dataDir: config.dataDir });
      print(Boolean(o.json), result, () => `Retrained the semantic model from ${result.papers} papers (corpus revision ${result.revision}): ${result.terms} terms in ${(result.wallMs / 1000).toFixed(1)} s, written to ${result.dir}. A running bot takes it at its next corpus revision or restart.`);
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

  return runProgram(program, argv, io);
}

/** Entry for bin/paperboy.js and `npm run cli`. */
export async function main(): Promise<void> {
  await runAsProcess(runCli);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
