// The `paperboy` command line: the same corpus and search engine as the bot, for scripts, benchmarks
// and tests. Human output by default, --json for machines. Bad input: one line on stderr, non-zero exit.
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { Command as Program, CommanderError, InvalidArgumentError, Option } from 'commander';
import { openSearch, openStore } from './corpus-view.js';
import { loadEnvFile } from './env-file.js';
import { ConfigError, loadConfig } from './config.js';
import type { Corpus } from './corpus/corpus.js';
import type { Paper } from './corpus/schema.js';
import type { SearchEngine, SearchFilters, SearchHit } from './search/types.js';
import { codeUrl, formatAnswer, formatHits, formatPaper, wrap, year } from './cli/format.js';
import { resolvePaper, pickRandom } from './lookup.js';
import { UserError } from './errors.js';
import { databasePath, openDatabase } from './store/db.js';
import { corpusStorePath } from './corpus/store.js';
import Database from 'better-sqlite3';

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  stdin: NodeJS.ReadableStream;
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

export async function runCli(argv: string[], io: Io): Promise<number> {
  let engine: { corpus: Corpus; search: SearchEngine } | undefined;
  const open = () => {
    if (!engine) {
      const config = loadConfig();
      engine = openSearch(config, (msg) => io.err(`paperboy: warning: ${msg}`));
    }
    return engine;
  };
  const print = (json: boolean, value: unknown, text: () => string) => io.out(json ? JSON.stringify(value) : text());
  const checkTopic = (corpus: Corpus, slug: string | undefined) => {
    if (slug !== undefined && !corpus.topicBySlug.has(slug)) throw new UserError(`unknown topic "${slug}" (list them with: paperboy topics)`);
  };
  const filtersOf = (corpus: Corpus, o: { topic?: string; hasCode?: boolean; yearFrom?: number; yearTo?: number }): SearchFilters => {
    checkTopic(corpus, o.topic);
    if (o.yearFrom !== undefined && o.yearTo !== undefined && o.yearFrom > o.yearTo) throw new UserError(`--year-from ${o.yearFrom} is after --year-to ${o.yearTo}`);
    return { ...(o.topic ? { topic: o.topic } : {}), ...(o.hasCode ? { hasCode: true } : {}), ...(o.yearFrom ? { yearFrom: o.yearFrom } : {}), ...(o.yearTo ? { yearTo: o.yearTo } : {}) };
  };

  const program = new Program('paperboy')
    .description('Search and explore the paperboy corpus of machine-learning papers.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()), outputError: (s, write) => write(`paperboy: ${s.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')}`) })
    .showSuggestionAfterError(true);
  const json = () => new Option('--json', 'machine-readable JSON output');

  program
    .command('search')
    .description('search papers; with --json and no query, reads one query per line from stdin')
    .argument('[query...]', 'words to search for')
    .option('--topic <slug>', 'only papers in this topic')
    .option('--has-code', 'only papers with a code link')
    .option('--year-from <year>', 'published in or after this year', intIn(1900, 2100, '--year-from'))
    .option('--year-to <year>', 'published in or before this year', intIn(1900, 2100, '--year-to'))
    .option('--limit <n>', 'how many results (default 10)', intIn(1, 1000, '--limit'), 10)
    .addOption(json())
    .action(async (words: string[], o) => {
      const { corpus, search } = open();
      const filters = filtersOf(corpus, o);
      const run = (query: string) => ({ query, shown: search.search(query, filters, { limit: o.limit as number }) });
      const query = words.join(' ').trim();
      // Batch mode only when no query was given at all: a blank argument (an empty line in a shell loop)
      // must not swallow the caller's stdin.
      if (words.length > 0 && !query) throw new UserError('the query is empty; type a few words to search for');
      if (!query) {
        if (!o.json) throw new UserError('search needs a query, e.g. paperboy search "gradient clipping" (or --json to read queries from stdin)');
        const rl = createInterface({ input: io.stdin, crlfDelay: Infinity });
        for await (const line of rl) {
          if (!line.trim()) continue;
          const r = run(line.trim());
          io.out(JSON.stringify({ query: r.query, results: r.shown.map(hitJson) }));
        }
        return;
      }
      const r = run(query);
      print(o.json, { query, results: r.shown.map(hitJson) }, () => formatHits(corpus, r.shown, search.count(query, filters)));
    });

  program
    .command('paper')
    .description('show one paper by id or title words')
    .argument('<idOrTitle...>')
    .addOption(json())
    .action((words: string[], o) => {
      const { corpus, search } = open();
      const paper = resolvePaper(corpus, search, words.join(' '));
      print(o.json, paperJson(paper), () => formatPaper(corpus, paper));
    });

  program
    .command('random')
    .description('a random paper')
    .option('--topic <slug>', 'from this topic')
    .option('--has-code', 'only papers with a code link')
    .addOption(json())
    .action((o) => {
      const { corpus } = open();
      checkTopic(corpus, o.topic);
      const paper = pickRandom(corpus, { topic: o.topic, hasCode: Boolean(o.hasCode) }, Math.random);
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
    .argument('<slug>')
    .addOption(json())
    .action((slug: string, o) => {
      const { corpus } = open();
      checkTopic(corpus, slug);
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
      const { corpus, search } = open();
      const paper = resolvePaper(corpus, search, words.join(' '));
      const hits = search.similar(paper.id, o.limit as number);
      print(o.json, { paper: paper.id, results: hits.map(hitJson) }, () => `Papers like "${paper.title}":\n${formatHits(corpus, hits, hits.length)}`);
    });

  program
    .command('ask')
    .description('an extractive answer from the abstracts, with citations')
    .argument('<question...>')
    .addOption(json())
    .action((words: string[], o) => {
      const { search } = open();
      const question = words.join(' ').trim();
      if (!question) throw new UserError('the question is empty; ask something, e.g. paperboy ask "why do LLMs hallucinate?"');
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
      print(o.json, result, () => wrap(`Imported ${file}: ${JSON.stringify(result)}`, 100));
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
        // An online backup through SQLite: consistent even while an import or sync is writing.
        const db = new Database(source, { readonly: true, fileMustExist: true });
        try {
          await db.backup(file);
        } finally {
          db.close();
        }
        io.out(`Backed up ${source} to ${file}`);
        return;
      }
      const source = databasePath(config.dataDir);
      if (!existsSync(source)) throw new UserError(`no state database at ${source} yet (it is created on first start)`);
      const db = openDatabase(source);
      try {
        await db.backup(file);
      } finally {
        db.close();
      }
      io.out(`Backed up ${source} to ${file}`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UserError || err instanceof ConfigError) io.err(`paperboy: ${err.message.split('\n').join(' ')}`);
    else io.err(`paperboy: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    return 1;
  }
}

/** Entry for bin/paperboy.js and `npm run cli`. */
export async function main(): Promise<void> {
  // `paperboy search --json < queries | head -1` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  loadEnvFile();
  process.exitCode = await runCli(process.argv.slice(2), { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`), stdin: process.stdin });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
