import { defaultSemanticModel } from '../src/semantic/default.js';
const m = defaultSemanticModel()!;
for (const w of ['model','make','task','data','train','improv','memori','keep','video','stick','tame','verbos','overthink','thing','get','better','help','us','rubric','faith','hallucin','label','whole','everi','instead','provid','creat','verifi','on','re','doesn']) console.log(w, m.count(w), (m.count(w)/m.header.tokens).toExponential(2), m.neighbors(w).slice(0,4).map(n=>`${n.term}:${n.sim.toFixed(2)}:${(n.count/m.header.tokens).toExponential(1)}`).join(' '));
console.log(m.header.tokens);
