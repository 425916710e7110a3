// Development harness for the semantic layer: scores ranker variants on the TUNE half of
// bench/queries-real.json only (the test half is never read here). Before judgments exist it uses
// the request's source paper as the one known answer (MRR@10 / recall@10 of the source).
//   npx tsx scripts/semantic-tune.ts [queries-real.json] [--grid]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import MiniSearch from 'minisearch';
import { makeCorpus, type Corpus } from '../src/corpus/corpus.js';
import { parseHfDaily } from '../src/corpus/ingest/hf-daily.js';
import type { RawRecord } from '../src/corpus/ingest/record.js';
import { mergeRecords } from '../src/corpus/merge.js';
import { compileTopics, parseTopicsFile } from '../src/corpus/topics.js';
import { createSearchEngine } from '../src/search/engine.js';
import { buildIndex, FIELD_BOOSTS, INDEX_FIELDS } from '../src/search/index.js';
import { setScoringForTuning } from '../src/search/retrieve.js';
import { defaultSemanticModel } from '../src/semantic/default.js';
import { DEFAULT_SEMANTIC_WEIGHTS, SemanticRanker, type SemanticWeights } from '../src/semantic/rank.js';
import { DEFAULT_EXPANSION, type ExpansionOptions } from '../src/semantic/expand.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXPORT_DIR = join(ROOT, '..', 'shared', 'data', 'hf-daily-papers');

function realCorpus(): Corpus {
  const records: RawRecord[] = [];
  for (const f of readdirSync(EXPORT_DIR).filter((x) => /^export-.*\.json$/.test(x)).sort()) {
    records.push(...parseHfDaily(readFileSync(join(EXPORT_DIR, f), 'utf8'), f).records);
  }
  const topicsPath = join(ROOT, 'corpus', 'topics.json');
  const topics = parseTopicsFile(JSON.parse(readFileSync(topicsPath, 'utf8')), topicsPath);
  return makeCorpus(mergeRecords(records, compileTopics(topics)).papers, topics, 'real');
}

interface Request { id: string; kind: string; split: string; source: string; request: string; judged: Record<string, number> }
const path = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : join(ROOT, 'bench', 'queries-real.json');
const tune = (JSON.parse(readFileSync(path, 'utf8')).requests as Request[]).filter((r) => r.split === 'tune');
const judgedMode = tune.some((r) => Object.keys(r.judged).length > 0);

const corpus = realCorpus();
const index = buildIndex(corpus);
const model = defaultSemanticModel();
if (!model) throw new Error('no semantic model');

type Ranker = (q: string) => string[];
function score(ranker: Ranker) {
  let mrr = 0;
  let recall = 0;
  let ndcg = 0;
  const per: number[] = [];
  for (const r of tune) {
    const ranked = ranker(r.request).slice(0, 10);
    const grades: Record<string, number> = judgedMode ? r.judged : { [r.source]: 2 };
    const i = ranked.findIndex((id) => grades[id] === 2);
    const rr = i < 0 ? 0 : 1 / (i + 1);
    per.push(rr);
    mrr += rr;
    if (ranked.includes(r.source)) recall++;
    const gain = (g: number) => 2 ** g - 1;
    const dcg = ranked.reduce((s, id, k) => s + gain(grades[id] ?? 0) / Math.log2(k + 2), 0);
    const ideal = Object.values(grades).sort((a, b) => b - a).slice(0, 10).reduce((s, g, k) => s + gain(g) / Math.log2(k + 2), 0);
    ndcg += ideal ? dcg / ideal : 0;
  }
  const n = tune.length;
  return { mrr: mrr / n, recall: recall / n, ndcg: ndcg / n, per };
}

const ms = new MiniSearch({ fields: ['title', 'abstract'] });
ms.addAll(corpus.papers.map((p) => ({ id: p.id, title: p.title, abstract: p.abstract })));
const rows: [string, ReturnType<typeof score>][] = [];
rows.push(['minisearch-defaults', score((q) => ms.search(q).map((r) => r.id as string))]);
const lexical = createSearchEngine(corpus, { index, semantic: null });
const stripped = corpus.papers.map(({ aiSummary: _drop, ...p }) => p);
const todays = createSearchEngine({ ...corpus, papers: stripped }, { semantic: null });
rows.push(['today (no summary field, lexical)', score((q) => todays.search(q).map((h) => h.paper.id))]);
rows.push(['lexical (today)', score((q) => lexical.search(q).map((h) => h.paper.id))]);
const variant = (name: string, w: Partial<SemanticWeights>, e: Partial<ExpansionOptions> = {}) => {
  const engine = createSearchEngine(corpus, { index, semantic: new SemanticRanker(model, { ...DEFAULT_SEMANTIC_WEIGHTS, ...w }, { ...DEFAULT_EXPANSION, ...e }) });
  rows.push([name, score((q) => engine.search(q).map((h) => h.paper.id))]);
};
variant('semantic defaults', {});
if (process.argv.includes('--grid')) {
  // Third round (judged tune half): the ai_summary field's weight, with the best expansion settings so far.
  const best = { w: { expansionCover: 0.4 }, e: { maxShare: 3e-4, minSim: 0.4 } };
  for (const summary of [0.1, 0.05]) {
    // Through the tuning hook: retrieve.ts copies FIELD_BOOSTS once at load, so editing it changed nothing.
    setScoringForTuning({ boosts: Float64Array.from(INDEX_FIELDS, (f) => (f === 'summary' ? summary : FIELD_BOOSTS[f])) });
    const idx = buildIndex(corpus);
    const lex = createSearchEngine(corpus, { index: idx, semantic: null });
    rows.push([`summary ${summary}, lexical`, score((q) => lex.search(q).map((h) => h.paper.id))]);
    const sem = createSearchEngine(corpus, { index: idx, semantic: new SemanticRanker(model, { ...DEFAULT_SEMANTIC_WEIGHTS, ...best.w }, { ...DEFAULT_EXPANSION, ...best.e }) });
    rows.push([`summary ${summary}, best expansion`, score((q) => sem.search(q).map((h) => h.paper.id))]);
  }
  setScoringForTuning({});
}
console.log(`TUNE half: ${tune.length} requests (${judgedMode ? 'graded judgments' : 'source paper as the only answer'})`);
for (const [name, s] of rows) console.log(`${name.padEnd(34)} MRR@10 ${s.mrr.toFixed(3)}  nDCG@10 ${s.ndcg.toFixed(3)}  source@10 ${s.recall.toFixed(3)}`);
