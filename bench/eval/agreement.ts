// How repeatable are the judgments? With one annotator there is no inter-annotator figure, so this
// measures self-agreement: a seeded sample of already judged (request, paper) pairs is shown again,
// shuffled and WITHOUT its grade, judged afresh, and compared with the recorded grade.
//   npx tsx bench/eval/agreement.ts --set real|seed --per-grade 25 --out sample.json   # prints the sample
//   npx tsx bench/eval/agreement.ts --set real|seed --sample sample.json --regrades regrades.txt
// The sample takes up to `per-grade` pairs of each recorded grade (0, 1, 2), so the rare grades are
// checked as often as the common 0; figures are reported per recorded grade for that reason.
// `regrades.txt` has one line per shown pair: "<index> <grade>".
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { loadJudgedSet, type JudgedSet } from './judged-set.js';
import { EVAL_SETS } from './pool.js';
import { mulberry32 } from './sample-papers.js';

export type Grade = 0 | 1 | 2;
export interface Pair {
  request: string;
  paper: string;
}

const SampleSchema = z.array(z.object({ request: z.string(), paper: z.string() }));

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Up to `perGrade` judged pairs of each recorded grade, drawn with a seeded generator, then shuffled together. */
export function samplePairs(set: JudgedSet, perGrade: number, seed: number): Pair[] {
  const random = mulberry32(seed);
  const byGrade: Pair[][] = [[], [], []];
  for (const r of set.requests) {
    for (const [paper, grade] of Object.entries(r.judged).sort(([a], [b]) => a.localeCompare(b))) {
      byGrade[grade]!.push({ request: r.id, paper });
    }
  }
  return shuffle(byGrade.flatMap((pairs) => shuffle(pairs, random).slice(0, perGrade)), random);
}

export interface Agreement {
  n: number;
  exact: number;
  /** Cohen's kappa, unweighted, recorded vs fresh grade. */
  kappa: number;
  /** confusion[recorded][fresh] */
  confusion: number[][];
}

export function agreement(pairs: readonly { recorded: Grade; fresh: Grade }[]): Agreement {
  const confusion = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (const p of pairs) confusion[p.recorded]![p.fresh]! += 1;
  const n = pairs.length;
  const observed = pairs.filter((p) => p.recorded === p.fresh).length / n;
  let expected = 0;
  for (let g = 0; g < 3; g++) {
    const row = confusion[g]!.reduce((a, b) => a + b, 0);
    const col = confusion.reduce((a, r) => a + r[g]!, 0);
    expected += (row / n) * (col / n);
  }
  return { n, exact: observed, kappa: expected === 1 ? 1 : (observed - expected) / (1 - expected), confusion };
}

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export function main(argv: readonly string[]): void {
  const spec = EVAL_SETS[(option(argv, '--set') ?? 'real') as 'real' | 'seed'];
  const set = loadJudgedSet(spec.path);
  const samplePath = option(argv, '--sample');
  const regradesPath = option(argv, '--regrades');
  if (samplePath && regradesPath) {
    const sample = SampleSchema.parse(JSON.parse(readFileSync(samplePath, 'utf8')));
    const fresh = new Map<number, Grade>();
    for (const line of readFileSync(regradesPath, 'utf8').split('\n')) {
      const m = /^\s*(\d+)\s+([012])\s*$/.exec(line);
      if (m) fresh.set(Number(m[1]), Number(m[2]) as Grade);
    }
    const pairs = sample.map((p, i) => {
      const recorded = set.requests.find((r) => r.id === p.request)?.judged[p.paper];
      const f = fresh.get(i + 1);
      if (recorded === undefined || f === undefined) throw new Error(`pair ${i + 1} (${p.request} ${p.paper}) lacks a grade`);
      return { ...p, recorded: recorded as Grade, fresh: f };
    });
    const a = agreement(pairs);
    console.log(`${spec.name}: ${a.n} pairs, exact agreement ${(a.exact * 100).toFixed(1)}%, Cohen's kappa ${a.kappa.toFixed(3)}`);
    console.log('recorded \\ fresh   0   1   2');
    a.confusion.forEach((row, g) => console.log(`        ${g}       ${row.map((x) => String(x).padStart(3)).join(' ')}`));
    for (const p of pairs.filter((x) => x.recorded !== x.fresh)) console.log(`  differs: ${p.request} ${p.paper} recorded ${p.recorded} fresh ${p.fresh}`);
    return;
  }
  const perGrade = Number(option(argv, '--per-grade') ?? 25);
  const seed = Number(option(argv, '--seed') ?? 20261201);
  const sample = samplePairs(set, perGrade, seed);
  const out = option(argv, '--out');
  if (out) writeFileSync(out, `${JSON.stringify(sample, null, 1)}\n`);
  const corpus = spec.corpus();
  const papers = new Map(corpus.papers.map((p) => [p.id, p]));
  const requests = new Map(set.requests.map((r) => [r.id, r]));
  const chars = Number(option(argv, '--abstract-chars') ?? 300);
  sample.forEach((p, i) => {
    const paper = papers.get(p.paper);
    console.log(`${i + 1}. REQUEST: ${requests.get(p.request)?.request}`);
    console.log(`   ${paper?.title}`);
    console.log(`   ${paper?.abstract.slice(0, chars).replace(/\s+/g, ' ')}\n`);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
