// Measures the committed model's size on disk and its load time (read + validate + index), median of N.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SEMANTIC_DIR } from '../src/semantic/default.js';
import { SEMANTIC_BIN, SEMANTIC_JSON } from '../src/semantic/format.js';
import { loadSemanticModel } from '../src/semantic/model.js';

const runs = Number(process.argv[2] ?? 15);
const times: number[] = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  loadSemanticModel(DEFAULT_SEMANTIC_DIR);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const size = (f: string) => statSync(join(DEFAULT_SEMANTIC_DIR, f)).size;
console.log(`semantic model: ${SEMANTIC_JSON} ${size(SEMANTIC_JSON)} B + ${SEMANTIC_BIN} ${size(SEMANTIC_BIN)} B; load median ${times[Math.floor(runs / 2)]?.toFixed(1)} ms (first ${times[0]?.toFixed(1)}..max ${times[runs - 1]?.toFixed(1)}), N=${runs}`);
