// The real Hugging Face export (../shared/data/hf-daily-papers) turned into a Corpus exactly as the
// builder would: the importer's parser, the merger and the committed topics. Built once per test file.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeCorpus, type Corpus } from '../../src/corpus/corpus.js';
import { parseHfDaily } from '../../src/corpus/ingest/hf-daily.js';
import type { RawRecord } from '../../src/corpus/ingest/record.js';
import { mergeRecords } from '../../src/corpus/merge.js';
import { compileTopics, parseTopicsFile } from '../../src/corpus/topics.js';
import { SHARED_HF_DIR } from './fake-hf/recorded.js';

const TOPICS = new URL('../../corpus/topics.json', import.meta.url);

/** Whether the export is there; in CI (CI=true) its absence throws instead, so CI cannot skip silently. */
export function sharedExportAvailable(): boolean {
  const ok = existsSync(SHARED_HF_DIR) && readdirSync(SHARED_HF_DIR).some((f) => /^export-.*\.json$/.test(f));
  if (!ok && process.env.CI === 'true') throw new Error(`CI=true but the shared export is missing: ${SHARED_HF_DIR}`);
  return ok;
}

let cached: Corpus | undefined;

export function realExportCorpus(): Corpus {
  if (cached) return cached;
  const records: RawRecord[] = [];
  for (const file of readdirSync(SHARED_HF_DIR).filter((f) => /^export-.*\.json$/.test(f)).sort()) {
    records.push(...parseHfDaily(readFileSync(join(SHARED_HF_DIR, file), 'utf8'), file).records);
  }
  const topics = parseTopicsFile(JSON.parse(readFileSync(TOPICS, 'utf8')));
  const { papers } = mergeRecords(records, compileTopics(topics));
  cached = makeCorpus(papers, topics, 'real-export');
  return cached;
}
