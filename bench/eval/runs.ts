// Frozen runs: a system's top 10 for every request of a set, saved to a file, so "paperboy as it
// ranked before a change" can be scored beside paperboy after it in the same report, with the
// current judgments (new grades apply to the old run too), without keeping the old code around.
//   npx tsx bench/eval/runs.ts --set real|seed [--system paperboy-engine] [--name paperboy-baseline] [--out FILE]
// The harness (bench/relevance-real.ts) adds every bench/eval/runs/<set>-*.json it finds.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { JudgedSet } from './judged-set.js';
import { loadJudgedSet } from './judged-set.js';
import { EVAL_SETS } from './pool.js';
import { POOL_SYSTEMS, type Ranker, type RankerFactory } from './systems.js';

export const RUNS_DIR = fileURLToPath(new URL('./runs/', import.meta.url));

const RunSchema = z.object({
  name: z.string().min(1),
  set: z.enum(['real', 'seed']),
  system: z.string(),
  /** The commit the run was taken at and what it stands for. */
  note: z.string(),
  depth: z.number().int().positive(),
  runs: z.array(z.object({ id: z.string(), request: z.string(), top: z.array(z.string()) })),
});
export type FrozenRun = z.infer<typeof RunSchema>;

export function takeRun(set: JudgedSet, setName: 'real' | 'seed', name: string, system: string, rank: Ranker, note: string, depth = 10): FrozenRun {
  return { name, set: setName, system, note, depth, runs: set.requests.map((r) => ({ id: r.id, request: r.request, top: rank(r.request).slice(0, depth) })) };
}

/** A ranker that replays a frozen run: the saved list for a known request, nothing for any other query. */
export function replay(run: FrozenRun): RankerFactory {
  const byText = new Map(run.runs.map((r) => [r.request, r.top]));
  return () => (query) => byText.get(query) ?? [];
}

export function loadRun(path: string): FrozenRun {
  return RunSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/** Every frozen run saved for `setName`, by run name. */
export function frozenRuns(setName: 'real' | 'seed', dir = RUNS_DIR): Record<string, RankerFactory> {
  if (!existsSync(dir)) return {};
  const out: Record<string, RankerFactory> = {};
  for (const file of readdirSync(dir).filter((f) => f.startsWith(`${setName}-`) && f.endsWith('.json')).sort()) {
    const run = loadRun(join(dir, file));
    out[run.name] = replay(run);
  }
  return out;
}

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export function main(argv: readonly string[]): void {
  const setName = (option(argv, '--set') ?? 'real') as 'real' | 'seed';
  const spec = EVAL_SETS[setName];
  const system = option(argv, '--system') ?? 'paperboy-engine';
  const factory = POOL_SYSTEMS[system];
  if (!factory) throw new Error(`unknown system "${system}"`);
  const name = option(argv, '--name') ?? 'paperboy-baseline';
  const corpus = spec.corpus();
  const set = loadJudgedSet(spec.path);
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const note = option(argv, '--note') ?? `${system} at commit ${commit} (${new Date().toISOString().slice(0, 10)})`;
  const run = takeRun(set, setName, name, system, factory(corpus), note);
  const out = option(argv, '--out') ?? join(RUNS_DIR, `${setName}-${name}.json`);
  const body = run.runs.map((r) => `    ${JSON.stringify(r)}`).join(',\n');
  const { runs: _runs, ...head } = run;
  writeFileSync(out, `${JSON.stringify(head, null, 2).replace(/\n}$/, '')},\n  "runs": [\n${body}\n  ]\n}\n`);
  console.log(`wrote ${out}: ${run.runs.length} requests, ${note}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
