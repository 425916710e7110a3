// temporary: where the tune half's grade-2 / grade-1 papers sit in the shipped ranking (tune only)
import { EVAL_SETS } from '../bench/eval/pool.js';
import { loadJudgedSet } from '../bench/eval/judged-set.js';
import { createSearchEngine } from '../src/search/engine.js';
const corpus = EVAL_SETS.real.corpus();
const tune = loadJudgedSet(EVAL_SETS.real.path).requests.filter((r) => r.split === 'tune');
const engine = createSearchEngine(corpus);
const buckets = (g: number) => {
  const b: Record<string, number> = { '1': 0, '2-3': 0, '4-5': 0, '6-10': 0, '11-20': 0, '21-50': 0, '51-500': 0, none: 0 };
  for (const r of tune) {
    const ids = engine.search(r.request, {}, { limit: 500 }).map((h) => h.paper.id);
    for (const [id, gr] of Object.entries(r.judged)) {
      if (gr !== g) continue;
      const k = ids.indexOf(id) + 1;
      const key = k === 0 ? 'none' : k === 1 ? '1' : k <= 3 ? '2-3' : k <= 5 ? '4-5' : k <= 10 ? '6-10' : k <= 20 ? '11-20' : k <= 50 ? '21-50' : '51-500';
      b[key]!++;
    }
  }
  return b;
};
console.log('grade 2', buckets(2));
console.log('grade 1', buckets(1));
