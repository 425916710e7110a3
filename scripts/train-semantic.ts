// npm run semantic:train: learn the semantic model from the real Hugging Face export (and the seed
// corpus) and write corpus/semantic.json + corpus/semantic.bin. Offline and deterministic: the same
// inputs give byte-identical files. Takes about a minute on 2 cores for the 8,889-paper export.
//   npx tsx scripts/train-semantic.ts [--data <dir with export-*.json>] [--out <dir>]
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHfDaily } from '../src/corpus/ingest/hf-daily.js';
import { loadCorpus } from '../src/corpus/load.js';
import { cleanText } from '../src/corpus/text.js';
import { SEMANTIC_BIN, SEMANTIC_JSON, sha256 } from '../src/semantic/format.js';
import { trainingDoc, trainModelFiles } from '../src/semantic/train-papers.js';
import { DEFAULT_TRAIN_OPTIONS, type TrainingDoc } from '../src/semantic/train.js';

const argValue = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
};
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dataDir = argValue('--data', join(ROOT, '..', 'shared', 'data', 'hf-daily-papers'));
const outDir = argValue('--out', join(ROOT, 'corpus'));

const started = performance.now();
const files = readdirSync(dataDir).filter((f) => /^export-.*\.json$/.test(f)).sort();
if (files.length === 0) {
  console.error(`no export-*.json in ${dataDir}: the real Hugging Face export is needed to train (see README "Semantic search")`);
  process.exit(1);
}
const docs: TrainingDoc[] = [];
const fingerprint: { name: string; sha256: string }[] = [];
const seen = new Set<string>();
for (const file of files) {
  const text = readFileSync(join(dataDir, file), 'utf8');
  fingerprint.push({ name: file, sha256: sha256(text) });
  for (const r of parseHfDaily(text, file).records) {
    seen.add(cleanText(r.rawTitle).toLowerCase());
    docs.push(trainingDoc({ title: cleanText(r.rawTitle), abstract: cleanText(r.rawAbstract), aiSummary: r.aiSummary, keywords: r.keywords }));
  }
}
// The seed corpus too, so its vocabulary has vectors even where the export never uses a word.
const seed = loadCorpus(join(ROOT, 'corpus'));
for (const p of seed.papers) {
  if (seen.has(p.title.toLowerCase())) continue;
  docs.push(trainingDoc(p));
}
console.log(`read ${docs.length} papers from ${files.length} export files + seed corpus in ${Math.round(performance.now() - started)} ms`);

const model = trainModelFiles(docs, { papers: docs.length, files: fingerprint }, DEFAULT_TRAIN_OPTIONS, (m) => console.log(`  ${m}`));
const { json, bin } = model;
for (const [name, data] of [[SEMANTIC_BIN, bin], [SEMANTIC_JSON, json]] as const) {
  const path = join(outDir, name);
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}
console.log(`wrote ${join(outDir, SEMANTIC_JSON)} (${json.length} bytes) and ${SEMANTIC_BIN} (${bin.length} bytes): ${model.terms} terms x ${model.dims} dims in ${Math.round((performance.now() - started) / 1000)} s`);
