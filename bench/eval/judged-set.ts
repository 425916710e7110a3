// The judged request sets (bench/queries-real.json, bench/queries-seed-blind.json): schema, the
// tune/test split rule, and loading. The split is a pure function of the request id and kind, so
// anyone can check that no request was moved between halves after judging or tuning.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const REQUEST_KINDS = ['question', 'paraphrase', 'keyword', 'acronym', 'typo'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export type Half = 'tune' | 'test';

const Grade = z.union([z.literal(0), z.literal(1), z.literal(2)]);

export const JudgedRequestSchema = z.object({
  id: z.string().regex(/^[a-z]+-\d+$/),
  kind: z.enum(REQUEST_KINDS),
  split: z.enum(['tune', 'test']),
  /** The paper whose abstract the request was written from. */
  source: z.string().min(1),
  request: z.string().min(1).max(300),
  /** Every pooled paper judged for this request: paper id -> 0 (not), 1 (related), 2 (answers it). */
  judged: z.record(z.string(), Grade),
});
export type JudgedRequest = z.infer<typeof JudgedRequestSchema>;

export const JudgedSetSchema = z.object({
  version: z.literal(1),
  name: z.string(),
  corpus: z.string(),
  rules: z.array(z.string()).min(1),
  sample: z.object({ script: z.string(), seed: z.number().int(), count: z.number().int().positive() }),
  split: z.object({ rule: z.string(), salt: z.string() }),
  pool: z.object({ depth: z.number().int().positive(), systems: z.array(z.string()).min(1) }),
  requests: z.array(JudgedRequestSchema).min(1),
});
export type JudgedSet = z.infer<typeof JudgedSetSchema>;

export const SPLIT_SALT = 'paperboy-eval-split-v1';

const splitKey = (id: string, salt: string) => createHash('sha256').update(`${salt}:${id}`).digest('hex');

/**
 * The split rule: within each kind, order the requests by sha256(salt + ":" + id) and alternate
 * tune, test, tune, ... so both halves get the same mix of kinds (tune gets the odd one out).
 */
export function assignSplit(requests: readonly { id: string; kind: RequestKind }[], salt = SPLIT_SALT): Map<string, Half> {
  const halves = new Map<string, Half>();
  for (const kind of REQUEST_KINDS) {
    const ofKind = requests.filter((r) => r.kind === kind).map((r) => ({ id: r.id, key: splitKey(r.id, salt) }));
    ofKind.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    ofKind.forEach((r, i) => halves.set(r.id, i % 2 === 0 ? 'tune' : 'test'));
  }
  return halves;
}

/** Parses a set and checks its invariants: unique ids, the recorded split follows the rule, grades name known papers. */
export function parseJudgedSet(value: unknown, where = 'judged set', knownIds?: ReadonlySet<string>): JudgedSet {
  const parsed = JudgedSetSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${where}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
  }
  const set = parsed.data;
  const ids = new Set<string>();
  for (const r of set.requests) {
    if (ids.has(r.id)) throw new Error(`${where}: request id ${r.id} appears twice`);
    ids.add(r.id);
  }
  const expected = assignSplit(set.requests, set.split.salt);
  for (const r of set.requests) {
    if (expected.get(r.id) !== r.split) throw new Error(`${where}: ${r.id} is in "${r.split}" but the split rule puts it in "${expected.get(r.id)}"`);
  }
  if (knownIds) {
    for (const r of set.requests) {
      for (const id of [r.source, ...Object.keys(r.judged)]) {
        if (!knownIds.has(id)) throw new Error(`${where}: ${r.id} names paper ${id}, which is not in the corpus`);
      }
    }
  }
  return set;
}

export function loadJudgedSet(path: string, knownIds?: ReadonlySet<string>): JudgedSet {
  return parseJudgedSet(JSON.parse(readFileSync(path, 'utf8')), path, knownIds);
}

/** Header fields pretty-printed, one request per line: small, reviewable diffs when grades are added. */
export function serializeJudgedSet(set: JudgedSet): string {
  const { requests, ...header } = set;
  const head = JSON.stringify(header, null, 2).replace(/\n}$/, '');
  const sortedGrades = (r: JudgedRequest) => Object.fromEntries(Object.entries(r.judged).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const lines = requests.map((r) => `    ${JSON.stringify({ ...r, judged: sortedGrades(r) })}`);
  return `${head},\n  "requests": [\n${lines.join(',\n')}\n  ]\n}\n`;
}
