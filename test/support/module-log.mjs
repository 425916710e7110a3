// Preload (node --import) that records every module a process loads into $MODULE_LOG: ESM and
// CommonJS entries through a load hook, and whatever CommonJS required on its own (require.cache)
// at exit. Used to check what a CLI command pulls in.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

register('./module-log-hooks.mjs', import.meta.url);
process.on('exit', () => {
  const cache = createRequire(import.meta.url).cache;
  appendFileSync(process.env.MODULE_LOG, `${Object.keys(cache).join('\n')}\n`);
});
