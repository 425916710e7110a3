// The real corpus for evaluation: the shared Hugging Face export (../shared/data/hf-daily-papers/
// export-*.json, verbatim API items) built in-process the way `corpus:build` builds sources —
// parseHfDaily -> mergeRecords -> makeCorpus — so paper ids are arXiv ids.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Corpus } from '../../src/corpus/corpus.js';
import { makeCorpus } from '../../src/corpus/corpus.js';
import { parseHfDaily } from '../../src/corpus/ingest/hf-daily.js';
import type { RawRecord } from '../../src/corpus/ingest/record.js';
import { mergeRecords } from '../../src/corpus/merge.js';
import { compileTopics, parseTopicsFile } from '../../src/corpus/topics.js';

/** ../shared beside the checkout (the worktree or CI's clean clone). */
export const SHARED_EXPORT_DIR = fileURLToPath(new URL('../../../shared/data/hf-daily-papers/', import.meta.url));
const TOPICS_PATH = fileURLToPath(new URL('../../corpus/topics.json', import.meta.url));

export function exportFiles(dir = SHARED_EXPORT_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^export-.*\.json$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

export function hasRealCorpus(dir = SHARED_EXPORT_DIR): boolean {
  return exportFiles(dir).length > 0;
}

const cache = new Map<string, Corpus>();

/** Builds (once per process) the corpus of every export in `dir`; throws when there is none. */
export function loadRealCorpus(dir = SHARED_EXPORT_DIR): Corpus {
  const cached = cache.get(dir);
  if (cached) return cached;
  const files = exportFiles(dir);
  if (files.length === 0) throw new Error(`no export-*.json in ${dir}: the real corpus lives in ../shared beside the checkout`);
  const records: RawRecord[] = [];
  for (const file of files) records.push(...parseHfDaily(readFileSync(file, 'utf8'), file).records);
  const topics = parseTopicsFile(JSON.parse(readFileSync(TOPICS_PATH, 'utf8')), TOPICS_PATH);
  const merged = mergeRecords(records, compileTopics(topics));
  const corpus = makeCorpus(merged.papers, topics, `shared-export:${files.length}:${merged.papers.length}`);
  cache.set(dir, corpus);
  return corpus;
}
