// temporary: inspect tune-half requests (tune only)
import { EVAL_SETS } from '../bench/eval/pool.js';
import { loadJudgedSet } from '../bench/eval/judged-set.js';
import { createSearchEngine } from '../src/search/engine.js';
import { parseQuery } from '../src/search/query.js';
import { defaultSemanticModel } from '../src/semantic/default.js';
import { SemanticRanker } from '../src/semantic/rank.js';
const corpus = EVAL_SETS.real.corpus();
const set = loadJudgedSet(EVAL_SETS.real.path);
const ids = process.argv.slice(2);
const tune = set.requests.filter((r) => r.split === 'tune' && ids.includes(r.id));
const ranker = new SemanticRanker(defaultSemanticModel()!);
const engine = createSearchEngine(corpus, { semantic: ranker });
for (const r of tune) {
  const hits = engine.search(r.request);
  const plan = parseQuery(r.request, ranker);
  console.log(`\n${r.id} | ${r.request}`);
  console.log('  units: ' + plan.units.map((u) => u.parts.map((i) => plan.parts[i]!.stem).join('+') + (u.spans.length ? '[' + u.spans.map((s) => `${s.term}:${s.weight.toFixed(2)}/${(s.cover ?? 1).toFixed(2)}`).join(',') + ']' : '')).join('  '));
  hits.slice(0, 6).forEach((h, i) => console.log(`  ${i + 1}. [${r.judged[h.paper.id] ?? '?'}] ${h.score.toFixed(2)} ${h.paper.title.slice(0, 110)}`));
  for (const [id, g] of Object.entries(r.judged)) if (g === 2) {
    const i = hits.findIndex((h) => h.paper.id === id);
    const p = corpus.byId.get(id)!;
    console.log(`  ANSWER rank ${i + 1}: ${p.title.slice(0, 100)} | kw: ${p.keywords.slice(0, 8).join(', ')}\n     summary: ${(p.aiSummary ?? '').slice(0, 250)}`);
  }
}
