// A child process for the crash spec: opens the store, says "ready", imports one file, says how long
// the import took. The spec SIGKILLs it at a random instant inside that window.
import { openCorpusStore } from '../../src/corpus/store.js';

const [file, dataFile, seedDir] = process.argv.slice(2) as [string, string, string];
const store = openCorpusStore(dataFile, { seedDir });
process.stdout.write('ready\n');
const t0 = performance.now();
const result = store.importFile(file);
process.stdout.write(`done ${(performance.now() - t0).toFixed(1)} ${result.alreadyImported}\n`);
store.close();
