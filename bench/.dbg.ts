import { startHarness } from '../test/e2e/bot-harness.js';
import { loadJudgedQueries } from './relevance.js';
const h = await startHarness({ fake: { rateLimit: { limit: 100000, windowMs: 1000 } } });
const rest = h.app.bot!.client.rest;
let t0 = performance.now();
rest.on('rateLimited', (d) => console.log('RL', (performance.now()-t0).toFixed(0), JSON.stringify(d)));
const qs = loadJudgedQueries().map((q) => q.query);
for (let i = 0; i < 120; i++) {
  const s = performance.now();
  const a = h.fake.interact.command({ name: 'ask', options: { question: qs[i % qs.length]! } });
  await a.waitForEvent('original.edit');
  const d = performance.now() - s;
  if (d > 50) console.log(i, d.toFixed(1), (performance.now()-t0).toFixed(0));
}
await h.stop();
