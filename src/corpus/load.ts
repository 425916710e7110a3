// Loads the committed corpus at startup. Everything is validated here, once; a missing or stale
// file stops the bot with a message that says which file, what is wrong, and how to fix it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Corpus, SourceInfo } from './corpus.js';
import { makeCorpus } from './corpus.js';
import { CorpusFileSchema, OTHER_TOPIC } from './schema.js';
import { ManifestSchema } from './manifest.js';
import { describeIssue } from './problems.js';
import { parseTopicsFile } from './topics.js';

const REBUILD_HINT = 'run `npm run corpus:build`';

/** Reads and parses a JSON file; with a schema, validates it. Errors start with the path. */
export function readJsonFile(path: string): unknown;
export function readJsonFile<S extends z.ZodType>(path: string, schema: S): z.output<S>;
export function readJsonFile(path: string, schema?: z.ZodType): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${path}: ${code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? 'error'})`}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (!schema) return value;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue ? describeIssue(issue) : 'invalid content'}`);
  }
  return parsed.data;
}

function withHint<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    throw new Error(`${(error as Error).message}; ${REBUILD_HINT}`, { cause: error });
  }
}

export function loadCorpus(corpusDir: string): Corpus {
  const papersPath = join(corpusDir, 'papers.json');
  const topicsPath = join(corpusDir, 'topics.json');
  const manifestPath = join(corpusDir, 'manifest.json');
  const file = withHint(() => readJsonFile(papersPath, CorpusFileSchema));
  const topics = withHint(() => parseTopicsFile(readJsonFile(topicsPath), topicsPath));
  const manifest = withHint(() => readJsonFile(manifestPath, ManifestSchema));

  const known = new Set([...topics.map((t) => t.slug), OTHER_TOPIC.slug]);
  const ids = new Set<string>();
  for (const paper of file.papers) {
    if (ids.has(paper.id)) throw new Error(`${papersPath}: paper id "${paper.id}" appears twice; ${REBUILD_HINT}`);
    ids.add(paper.id);
    const unknown = paper.topics.find((slug) => !known.has(slug));
    if (unknown !== undefined) {
      throw new Error(`${papersPath}: paper "${paper.id}" has topic "${unknown}", which ${topicsPath} does not define; ${REBUILD_HINT}`);
    }
  }
  const sources: SourceInfo[] = manifest.sources.map((s) => ({
    file: s.file,
    format: s.format,
    description: s.description,
    capturedAt: s.capturedAt,
  }));
  return makeCorpus(file.papers, topics, file.hash, sources);
}
