// temporary: inspect tune-half requests (tune only)
import { EVAL_SETS } from '../bench/eval/pool.js';
import { loadJudgedSet } from '../bench/eval/judged-set.js';
import { createSearchEngine } from '../src/search/engine.js';
import { parseQuery } from '../src/search/query.js';
import { ndcgAt, reciprocalRank } from '../bench/relevance.js';
const corpus = EVAL_SETS.real.corpus();
const set = loadJudgedSet(EVAL_SETS.real.path);
const tune = set.requests.filter((r) => r.split === 'tune');
const engine = createSearchEngine(corpus);
const n = corpus.papers.length;
for (const r of tune) {
  const top = engine.search(r.request).slice(0, 10).map((h) => h.paper.id);
  const plan = parseQuery(r.request);
  const dfs = plan.parts.map((p) => { const po = engine.index.postings(p.stem); return `${p.stem}:${po ? Math.round(100 * po.docs.length / n) : 0}`; });
  const ans = Object.entries(r.judged).filter(([, g]) => g === 2).map(([id]) => id);
  console.log(`${r.id} ${r.kind} n10=${ndcgAt(top, r.judged, 10).toFixed(2)} rr=${reciprocalRank(top, r.judged, 10).toFixed(2)} | ${r.request}\n   parts ${dfs.join(' ')}\n   top grades ${top.map((id) => r.judged[id] ?? '?').join('')}  answers(2): ${ans.length}  source rank ${top.indexOf(r.source)}`);
}
