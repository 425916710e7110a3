// Writers at once and writers killed: two `paperboy import` processes at the same moment both land
// (the second waits for the first, then merges on top of it); an import SIGKILLed at any instant
// leaves the corpus exactly as it was or exactly as the import makes it, with no stray files, and
// the next import succeeds.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpStore, openStoreIn, ROOT, strayFiles, syntheticExport, tempDir } from './store-support.js';
import { killInRound, killWhenReported, startKillableChild } from '../support/processes.js';

function cli(args: string[], data: string): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'paperboy.js'), ...args], { env: { ...process.env, DATA_DIR: data, CORPUS_DIR: join(ROOT, 'corpus') } });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

describe('two imports at the same moment', () => {
  const dir = tempDir('paperboy-writers-');
  const data = join(dir.path, 'data');
  beforeAll(() => openStoreIn(data).close());
  afterAll(() => dir.remove());

  it('both land: every paper of both files is in the corpus afterwards', async () => {
    const a = join(dir.path, 'a.json');
    const b = join(dir.path, 'b.json');
    writeFileSync(a, syntheticExport(3000, 0));
    writeFileSync(b, syntheticExport(3000, 3000));
    const before = dumpStore(join(data, 'corpus.sqlite'));
    const [ra, rb] = await Promise.all([cli(['import', a, '--json'], data).done, cli(['import', b, '--json'], data).done]);
    expect([ra.code, rb.code], `${ra.stderr}${rb.stderr}`).toEqual([0, 0]);
    const results = [JSON.parse(ra.stdout), JSON.parse(rb.stdout)] as { added: number; revision: number; papers: number }[];
    expect(results.map((r) => r.added)).toEqual([3000, 3000]);
    expect(results.map((r) => r.revision).sort()).toEqual([before.revision + 1, before.revision + 2]);
    const after = dumpStore(join(data, 'corpus.sqlite'));
    expect(after.papers).toHaveLength(before.papers.length + 6000);
    expect(after.revision).toBe(before.revision + 2);
    const ids = new Set(after.papers.map((json) => (JSON.parse(json) as { id: string }).id));
    for (let n = 0; n < 6000; n++) expect(ids.has(`29${String(1 + (n % 12)).padStart(2, '0')}.${String(n).padStart(5, '0')}`)).toBe(true);
  }, 120_000);
});

/** The import child: resolves `ready` once the store is open, `reported` once it committed, `done` when it exits. */
const importChild = (file: string, data: string, ...extra: string[]) =>
  startKillableChild(join(ROOT, 'test', 'corpus', 'import-child.ts'), [file, join(data, 'corpus.sqlite'), join(ROOT, 'corpus'), ...extra], ROOT);

describe('an import killed with SIGKILL at a random instant', () => {
  const dir = tempDir('paperboy-crash-');
  const data = join(dir.path, 'data');
  const ROUNDS = 20;
  const PER_FILE = 500;
  beforeAll(() => openStoreIn(data).close());
  afterAll(() => dir.remove());

  it(`leaves exactly the old or the new corpus, no stray files, and the next import succeeds (${ROUNDS} rounds)`, async () => {
    const file = (i: number) => join(dir.path, `day-${i}.json`);
    for (let i = 0; i <= ROUNDS + 1; i++) writeFileSync(file(i), syntheticExport(PER_FILE, 10_000 + i * PER_FILE));
    // How long one import takes here (reading, parsing, the transaction): kills are spread over it.
    const calibration = await importChild(file(ROUNDS), data).done;
    expect(calibration.code, calibration.stderr).toBe(0);
    let window = Number(/done ([\d.]+)/.exec(calibration.stdout)?.[1]);
    expect(window).toBeGreaterThan(0);
    const outcomes = { old: 0, new: 0 };
    const store = join(data, 'corpus.sqlite');
    for (let i = 0; i < ROUNDS; i++) {
      const before = dumpStore(store);
      // Stratified: round i kills at a random instant in the i-th slice of 1.5x the import's duration,
      // so the rounds cover start-up, parsing, the transaction, the commit and the exit alike.
      const round = await killInRound(importChild(file(i), data), i, ROUNDS, window);
      const result = round.result;
      window = round.windowMs;
      const after = dumpStore(store);
      if (after.revision === before.revision) {
        expect(after, `round ${i}: same revision but different contents`).toEqual(before);
        outcomes.old++;
      } else {
        expect(after.revision, `round ${i}`).toBe(before.revision + 1);
        expect(after.papers, `round ${i}`).toHaveLength(before.papers.length + PER_FILE);
        expect(after.sources).toHaveLength(before.sources.length + 1);
        outcomes.new++;
      }
      expect(strayFiles(data), `round ${i} (${result.signal ?? result.code})`).toEqual([]);
      // The next import of the same file succeeds: it lands now, or knows it already landed.
      const next = openStoreIn(data);
      expect(next.importFile(file(i))).toMatchObject({ alreadyImported: after.revision !== before.revision, papers: before.papers.length + PER_FILE });
      next.close();
    }
    console.log(`SIGKILL rounds: ${outcomes.old} left the old corpus, ${outcomes.new} the new one (import window ${window.toFixed(0)} ms)`);
    expect(outcomes.old + outcomes.new).toBe(ROUNDS);

    // And one import killed right after it reported success: what it committed is there.
    const before = dumpStore(store);
    await killWhenReported(importChild(file(ROUNDS + 1), data, '--linger'));
    const after = dumpStore(store);
    expect(after.revision).toBe(before.revision + 1);
    expect(after.papers).toHaveLength(before.papers.length + PER_FILE);
    expect(strayFiles(data)).toEqual([]);
  }, 300_000);
});
