// corpus/sources/* + manifest.json + topics.json -> corpus/papers.json, the committed seed corpus a
// fresh corpus store starts from (the store builds the same papers from the same sources, and
// stores its own search snapshot, so there is no index file here).
// The core is pure (buildCorpus); the script reads and writes files around it. papers.json is
// committed, so the output must be byte-identical for identical inputs: no timestamps, fixed key
// order, and a hash that changes exactly when sources, topics or this builder change.
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CorpusFile, Topic } from './schema.js';
import { CorpusFileSchema, OTHER_TOPIC } from './schema.js';
import type { Problem } from './problems.js';
import { describeIssue, formatProblem } from './problems.js';
import { parseSource } from './ingest/index.js';
import type { RawRecord } from './ingest/record.js';
import { mergeRecords } from './merge.js';
import { compileTopics } from './topics.js';
import type { SourceInput } from './inputs.js';
import { corpusHash, readBuildInputs } from './inputs.js';
import { writeFileAtomic } from './files.js';

export type { BuildInputs, SourceInput } from './inputs.js';
export { BUILDER_VERSION, corpusHash, readBuildInputs, readBuildInputsSync } from './inputs.js';

export const DEFAULT_CORPUS_DIR = fileURLToPath(new URL('../../corpus/', import.meta.url));

export interface BuildStats {
  sources: number;
  records: number;
  mergedRecords: number;
  papers: number;
  withCode: number;
  other: number;
}

export interface BuildResult {
  corpus: CorpusFile;
  problems: Problem[];
  stats: BuildStats;
}

export function buildCorpus(sources: readonly SourceInput[], topics: readonly Topic[]): BuildResult {
  const problems: Problem[] = [];
  const records: RawRecord[] = [];
  for (const source of sources) {
    const options = source.defaultYear !== undefined ? { defaultYear: source.defaultYear } : {};
    const parsed = parseSource(source.text, source.file, source.format, options);
    records.push(...parsed.records);
    problems.push(...parsed.problems);
  }
  const merged = mergeRecords(records, compileTopics(topics));
  problems.push(...merged.problems);
  const corpus: CorpusFile = { version: 1, hash: corpusHash(sources, topics), papers: merged.papers };
  // A failure here is a builder bug, not bad input: fail loudly rather than write a bad file.
  const checked = CorpusFileSchema.safeParse(corpus);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`built corpus does not match the schema: ${issue ? describeIssue(issue) : 'invalid'}`);
  }
  const stats: BuildStats = {
    sources: sources.length,
    records: records.length,
    mergedRecords: merged.mergedRecords,
    papers: corpus.papers.length,
    withCode: corpus.papers.filter((p) => p.codeLinks.length > 0).length,
    other: corpus.papers.filter((p) => p.topics.includes(OTHER_TOPIC.slug)).length,
  };
  return { corpus, problems, stats };
}

export function serializeCorpus(corpus: CorpusFile): string {
  return `${JSON.stringify(corpus, null, 2)}\n`;
}

/** Reads corpusDir's inputs, builds, writes papers.json. */
export async function rebuildCorpus(corpusDir: string): Promise<BuildResult & { path: string }> {
  const { sources, topics } = await readBuildInputs(corpusDir);
  const result = buildCorpus(sources, topics);
  const path = join(corpusDir, 'papers.json');
  await writeFileAtomic(path, serializeCorpus(result.corpus));
  return { ...result, path };
}

export function summarize(stats: BuildStats, problems: number, path: string): string {
  return (
    `corpus: ${stats.papers} papers from ${stats.records} records in ${stats.sources} sources ` +
    `(${stats.mergedRecords} merged), ${stats.withCode} with code links, ${stats.other} in "other", ` +
    `${problems} problem${problems === 1 ? '' : 's'} -> ${path}`
  );
}

/** `npm run corpus:build [corpusDir]` (default CORPUS_DIR, else ./corpus). Problems are warnings; only unreadable inputs fail. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const dir = argv[0] ?? process.env.CORPUS_DIR;
  const corpusDir = dir ? resolve(dir) : DEFAULT_CORPUS_DIR;
  try {
    const { stats, problems, path } = await rebuildCorpus(corpusDir);
    for (const problem of problems) console.warn(formatProblem(problem));
    console.log(summarize(stats, problems.length, relative(process.cwd(), path) || path));
    return 0;
  } catch (error) {
    console.error(`corpus:build failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
