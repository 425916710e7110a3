// Pooled judging, step by step (rules: "rules" in bench/queries-real.json):
//   npx tsx bench/eval/pool.ts [--set real|seed] [--system NAME ...] [--module FILE --export NAME]
//                              [--depth 10] [--split tune|test|all] [--out pool.json] [--abstract-chars N]
// prints, for every request, the papers in the top `depth` of the chosen systems that have no grade
// yet, shuffled (seeded by the request id) and without saying which system found them, so they can
// be judged blind of rank and system. With no --system/--module it pools the set's own systems
// (its `pool.systems`). A new ranker is a module exporting a RankerFactory (see systems.ts).
// --out writes { requestId: [paperId, ...] } of what was shown, for bench/eval/record-grades.ts.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Corpus } from '../../src/corpus/corpus.js';
import { loadCorpus } from '../../src/corpus/load.js';
import { loadJudgedSet, type JudgedRequest, type JudgedSet } from './judged-set.js';
import { REAL_QUERIES_PATH, SEED_BLIND_QUERIES_PATH, SEED_CORPUS_DIR } from './paths.js';
import { loadRealCorpus } from './real-corpus.js';
import { mulberry32 } from './sample-papers.js';
import { POOL_SYSTEMS, type Ranker, type RankerFactory } from './systems.js';

export interface EvalSetSpec {
  name: 'real' | 'seed';
  path: string;
  corpus: () => Corpus;
}

export const EVAL_SETS: Record<'real' | 'seed', EvalSetSpec> = {
  real: { name: 'real', path: REAL_QUERIES_PATH, corpus: () => loadRealCorpus() },
  seed: { name: 'seed', path: SEED_BLIND_QUERIES_PATH, corpus: () => loadCorpus(SEED_CORPUS_DIR) },
};

/** The union of each ranker's top `depth` for one request, plus the source paper, minus what is already judged. */
export function unjudgedPool(request: JudgedRequest, rankers: readonly Ranker[], depth: number, includeSource = true): string[] {
  const ids = new Set<string>();
  for (const rank of rankers) for (const id of rank(request.request).slice(0, depth)) ids.add(id);
  if (includeSource) ids.add(request.source);
  return [...ids].filter((id) => request.judged[id] === undefined);
}

/** Deterministic shuffle seeded by the request id, so the order says nothing about rank or system. */
export function blindOrder(requestId: string, ids: readonly string[]): string[] {
  const seed = createHash('sha256').update(`pool-order:${requestId}`).digest().readUInt32LE(0);
  const random = mulberry32(seed);
  const out = [...ids].sort();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out;
}

function option(argv: readonly string[], name: string): string[] {
  const values: string[] = [];
  argv.forEach((a, i) => {
    if (a === name && argv[i + 1] !== undefined) values.push(argv[i + 1] as string);
  });
  return values;
}

async function rankersFor(argv: readonly string[], set: JudgedSet): Promise<RankerFactory[]> {
  const names = option(argv, '--system');
  const modules = option(argv, '--module');
  const factories: RankerFactory[] = [];
  for (const name of names.length + modules.length === 0 ? set.pool.systems : names) {
    const f = POOL_SYSTEMS[name];
    if (!f) throw new Error(`unknown system "${name}" (known: ${Object.keys(POOL_SYSTEMS).join(', ')})`);
    factories.push(f);
  }
  const exportName = option(argv, '--export')[0] ?? 'default';
  for (const file of modules) {
    const mod = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
    const f = mod[exportName];
    if (typeof f !== 'function') throw new Error(`${file} has no export "${exportName}" that is a RankerFactory`);
    factories.push(f as RankerFactory);
  }
  return factories;
}

export async function main(argv: readonly string[]): Promise<void> {
  const spec = EVAL_SETS[(option(argv, '--set')[0] ?? 'real') as 'real' | 'seed'];
  if (!spec) throw new Error('--set must be real or seed');
  const corpus = spec.corpus();
  const set = loadJudgedSet(spec.path, new Set(corpus.papers.map((p) => p.id)));
  const depth = Number(option(argv, '--depth')[0] ?? set.pool.depth);
  const split = option(argv, '--split')[0] ?? 'all';
  const chars = Number(option(argv, '--abstract-chars')[0] ?? 100_000);
  const rankers = (await rankersFor(argv, set)).map((f) => f(corpus));
  const shown: Record<string, string[]> = {};
  let total = 0;
  for (const request of set.requests) {
    if (split !== 'all' && request.split !== split) continue;
    const ids = blindOrder(request.id, unjudgedPool(request, rankers, depth));
    if (ids.length === 0) continue;
    shown[request.id] = ids;
    total += ids.length;
    console.log(`\n=== ${request.id}: ${request.request}`);
    for (const id of ids) {
      const p = corpus.byId.get(id);
      const abstract = p ? (p.abstract.length > chars ? `${p.abstract.slice(0, chars)}…` : p.abstract) : '';
      console.log(`- ${id} | ${p?.title ?? '?'} | ${abstract}`);
    }
  }
  console.error(`${total} unjudged pooled papers over ${Object.keys(shown).length} requests`);
  const out = option(argv, '--out')[0];
  if (out) writeFileSync(out, `${JSON.stringify(shown, null, 1)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main(process.argv.slice(2));
}
