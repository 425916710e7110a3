// A child process for the crash spec: opens the store and the bot sync's writer thread, says "ready",
// applies one synced day on the thread, says how long that took. The spec SIGKILLs it inside that window.
import { readFileSync } from 'node:fs';
import { parseHfDaily } from '../../src/corpus/ingest/hf-daily.js';
import { openCorpusStore } from '../../src/corpus/store.js';
import { openStoreWriter } from '../../src/store-writer.js';
import { daySource } from '../../src/sync/client.js';

const [file, dayFile, day, seedDir] = process.argv.slice(2) as [string, string, string, string];
const store = openCorpusStore(file, { seedDir });
const records = parseHfDaily(readFileSync(dayFile, 'utf8'), daySource(day)).records;
const writer = openStoreWriter(file);
await writer.ready();
process.stdout.write('ready\n');
const t0 = performance.now();
const result = await writer.applyRecords(records, { file: daySource(day), format: 'hf-daily-json', capturedAt: day }, { syncDay: day });
process.stdout.write(`done ${(performance.now() - t0).toFixed(1)} ${result.added.length}\n`);
await writer.close();
store.close();
