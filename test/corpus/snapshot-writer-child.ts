// A child process for the snapshot crash spec: opens the store, says "ready", writes a snapshot of
// `bytes` seeded bytes for the store's revision on the snapshot writer thread (as the bot does after a
// swap), says how long that took. The spec SIGKILLs it at instants across that window.
import { openCorpusStore } from '../../src/corpus/store.js';
import { writeSnapshotOnWorker } from '../../src/snapshot-worker.js';
import { seededBytes } from './snapshot-support.js';

const [file, seedDir, engineVersion, bytes, seed] = process.argv.slice(2) as [string, string, string, string, string];
const store = openCorpusStore(file, { seedDir });
const blob = new Uint8Array(seededBytes(Number(bytes), Number(seed)));
process.stdout.write('ready\n');
const t0 = performance.now();
const ok = await writeSnapshotOnWorker({ file, revision: store.revision(), engineVersion, createdAt: new Date().toISOString(), blob });
process.stdout.write(`done ${(performance.now() - t0).toFixed(1)} ${ok}\n`);
store.close();
