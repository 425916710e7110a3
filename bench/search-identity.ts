// Ranking identity across a change to search: records what the engine returns for the speed
// queries (bench/speed-queries.json: ids and scores of the top 10, 50 and 495) on the real export
// and the synthetic 100k, and compares two such records. Run it on the branch point (a scratch
// copy) and on the change, then compare: a speed-up of retrieval must leave every list identical.
//
//   npx tsx bench/search-identity.ts --write before.json [--corpora=real,100k]
//   npx tsx bench/search-identity.ts --compare before.json after.json
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { Corpus } from '../src/corpus/corpus.js';
import { createSearchEngine } from '../src/search/engine.js';
import { loadSpeedQueries, realExportCorpus, SHARED_EXPORT_DIR } from './engines.js';
import { syntheticCorpus } from './synthetic.js';

const DEPTHS = [10, 50, 495] as const;

const RecordSchema = z.object({
  version: z.literal(1),
  /** corpus label -> "k query" -> ["id score", ...] best first. */
  corpora: z.record(z.string(), z.record(z.string(), z.array(z.string()))),
});
type IdentityRecord = z.infer<typeof RecordSchema>;

/** Every speed query at every depth: "id score" per hit, scores printed in full (shortest round-trip form). */
export function rankedLists(corpus: Corpus): Record<string, string[]> {
  const engine = createSearchEngine(corpus);
  const { natural, keyword } = loadSpeedQueries();
  const out: Record<string, string[]> = {};
  for (const q of [...natural, ...keyword]) {
    for (const k of DEPTHS) out[`${k} ${q}`] = engine.search(q, {}, { limit: k }).map((h) => `${h.paper.id} ${h.score}`);
  }
  return out;
}

/** Per corpus and depth: lists compared, lists whose ids differ, lists whose scores differ. */
export function compareRecords(a: IdentityRecord, b: IdentityRecord): string[] {
  const lines: string[] = [];
  for (const [label, lists] of Object.entries(a.corpora)) {
    const other = b.corpora[label];
    if (!other) {
      lines.push(`${label}: missing from the second record`);
      continue;
    }
    for (const k of DEPTHS) {
      const keys = Object.keys(lists).filter((key) => key.startsWith(`${k} `));
      const ids = (xs: string[] | undefined) => (xs ?? []).map((x) => x.split(' ')[0]).join('\n');
      const idDiff = keys.filter((key) => ids(lists[key]) !== ids(other[key]));
      const scoreDiff = keys.filter((key) => (lists[key] ?? []).join('\n') !== (other[key] ?? []).join('\n'));
      lines.push(`${label}, top ${k}: ${keys.length} queries, ids differ in ${idDiff.length}, ids or scores differ in ${scoreDiff.length}${idDiff.length ? ` (first: "${idDiff[0]?.slice(String(k).length + 1)}")` : ''}`);
    }
  }
  return lines;
}

function main(): void {
  const argv = process.argv.slice(2);
  if (argv[0] === '--compare' && argv.length === 3) {
    const [a, b] = argv.slice(1).map((f) => RecordSchema.parse(JSON.parse(readFileSync(f, 'utf8'))));
    const lines = compareRecords(a as IdentityRecord, b as IdentityRecord);
    console.log(lines.join('\n'));
    if (lines.some((l) => !/differ in 0, ids or scores differ in 0$/.test(l))) process.exitCode = 1;
    return;
  }
  if (argv[0] !== '--write' || !argv[1]) {
    console.error('usage: search-identity.ts --write <file> [--corpora=real,100k] | --compare <a> <b>');
    process.exitCode = 2;
    return;
  }
  const wanted = (argv.find((x) => x.startsWith('--corpora='))?.slice('--corpora='.length) ?? 'real,100k').split(',');
  const real = realExportCorpus();
  if (!real) throw new Error(`the real export is missing: ${SHARED_EXPORT_DIR}`);
  const record: IdentityRecord = { version: 1, corpora: {} };
  if (wanted.includes('real')) record.corpora.real = rankedLists(real);
  if (wanted.includes('100k')) record.corpora['100k'] = rankedLists(syntheticCorpus(real, 100_000, 42));
  writeFileSync(argv[1], `${JSON.stringify(record)}\n`);
  console.log(`wrote ${Object.values(record.corpora).reduce((n, c) => n + Object.keys(c).length, 0)} ranked lists to ${argv[1]}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
