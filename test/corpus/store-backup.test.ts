// `paperboy backup --corpus FILE`: an online copy of the corpus store that opens as the same corpus.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { dumpStore, FIXTURE, openStoreIn, SEED_DIR, tempDir } from './store-support.js';

let dir: ReturnType<typeof tempDir>;
const saved = { DATA_DIR: process.env.DATA_DIR, CORPUS_DIR: process.env.CORPUS_DIR };
beforeEach(() => {
  dir = tempDir('paperboy-backup-');
  process.env.DATA_DIR = join(dir.path, 'data');
  process.env.CORPUS_DIR = SEED_DIR;
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  dir.remove();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s), stdin: process.stdin });
  return { code, out, err };
}

describe('paperboy backup --corpus', () => {
  it('copies the corpus store, imports included, into a file that opens as the same corpus', async () => {
    const store = openStoreIn(join(dir.path, 'data'));
    store.importFile(FIXTURE);
    store.close();
    const copy = join(dir.path, 'corpus-backup.sqlite');
    const r = await cli('backup', '--corpus', copy);
    expect(r).toMatchObject({ code: 0, err: [] });
    expect(r.out).toEqual([`Backed up ${join(dir.path, 'data', 'corpus.sqlite')} to ${copy}`]);
    expect(dumpStore(copy)).toEqual(dumpStore(join(dir.path, 'data', 'corpus.sqlite')));
  });

  it('says so, in one line, when there is no corpus store yet', async () => {
    const r = await cli('backup', '--corpus', join(dir.path, 'x.sqlite'));
    expect(r.code).toBe(1);
    expect(r.err).toEqual([`paperboy: no corpus store at ${join(dir.path, 'data', 'corpus.sqlite')} yet (it is created on first start)`]);
  });
});
