// Records blind judgments into a judged set:
//   npx tsx bench/eval/record-grades.ts --set real|seed --pool shown.json --grades grades.txt
// `shown.json` is what bench/eval/pool.ts --out printed for judging ({ requestId: [paperId, ...] });
// `grades.txt` has one line per request: "<requestId> 2:<id>,<id> 1:<id>,<id>". Every shown paper
// not listed gets 0, so the file records every judged paper, including the irrelevant ones. A listed
// id that was not shown is an error (a typo, or a grade given without reading the paper).
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { loadJudgedSet, parseJudgedSet, serializeJudgedSet, type JudgedSet } from './judged-set.js';
import { EVAL_SETS } from './pool.js';

const ShownSchema = z.record(z.string(), z.array(z.string()));

/** Parses grade lines into requestId -> paperId -> grade (1 or 2). */
export function parseGradeLines(text: string): Map<string, Map<string, 1 | 2>> {
  const out = new Map<string, Map<string, 1 | 2>>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [requestId, ...parts] = line.split(/\s+/);
    const grades = out.get(requestId as string) ?? new Map<string, 1 | 2>();
    for (const part of parts) {
      const m = /^([12]):(.+)$/.exec(part);
      if (!m) throw new Error(`grades line ${i + 1}: cannot read "${part}" (expected 2:id,id or 1:id,id)`);
      for (const id of (m[2] as string).split(',').filter(Boolean)) {
        if (grades.has(id)) throw new Error(`grades line ${i + 1}: ${id} graded twice for ${requestId}`);
        grades.set(id, Number(m[1]) as 1 | 2);
      }
    }
    out.set(requestId as string, grades);
  });
  return out;
}

/** Returns a copy of `set` with the shown papers graded (0 unless listed); existing grades are kept unless re-shown. */
export function applyGrades(set: JudgedSet, shown: Record<string, string[]>, grades: Map<string, Map<string, 1 | 2>>): JudgedSet {
  for (const [requestId, ids] of grades) {
    const pool = new Set(shown[requestId] ?? []);
    for (const id of ids.keys()) if (!pool.has(id)) throw new Error(`${requestId}: ${id} was graded but not shown in the pool`);
  }
  const requests = set.requests.map((r) => {
    const ids = shown[r.id];
    if (!ids) return r;
    const g = grades.get(r.id) ?? new Map<string, 1 | 2>();
    const judged = { ...r.judged };
    for (const id of ids) judged[id] = g.get(id) ?? 0;
    return { ...r, judged };
  });
  return { ...set, requests };
}

function option(argv: readonly string[], name: string): string {
  const i = argv.indexOf(name);
  const value = i >= 0 ? argv[i + 1] : undefined;
  if (!value) throw new Error(`missing ${name}`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  const spec = EVAL_SETS[option(argv, '--set') as 'real' | 'seed'];
  if (!spec) throw new Error('--set must be real or seed');
  const set = loadJudgedSet(spec.path);
  const shown = ShownSchema.parse(JSON.parse(readFileSync(option(argv, '--pool'), 'utf8')));
  const grades = parseGradeLines(readFileSync(option(argv, '--grades'), 'utf8'));
  const updated = parseJudgedSet(applyGrades(set, shown, grades), spec.path);
  writeFileSync(spec.path, serializeJudgedSet(updated));
  const counts = [0, 1, 2].map((g) => updated.requests.reduce((n, r) => n + Object.values(r.judged).filter((x) => x === g).length, 0));
  console.log(`${spec.path}: ${counts[0]} judged 0, ${counts[1]} judged 1, ${counts[2]} judged 2`);
}
