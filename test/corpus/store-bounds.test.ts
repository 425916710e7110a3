// `paperboy import` reads only regular files up to the documented limit, checked before a byte is
// read: /dev/zero, a FIFO nobody writes to, a directory and an oversized file each get one clear
// line and change nothing.
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES } from '../../src/corpus/read-input.js';
import { dumpStore, openStoreIn, ROOT, tempDir } from './store-support.js';

const run = promisify(execFile);
const dir = tempDir('paperboy-bounds-');
const data = join(dir.path, 'data');
const HAS_MKFIFO = spawnSync('mkfifo', ['--version']).status === 0;

async function cliImport(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [join(ROOT, 'bin', 'paperboy.js'), 'import', file], { env: { ...process.env, DATA_DIR: data, CORPUS_DIR: join(ROOT, 'corpus') }, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  openStoreIn(data).close();
});
afterAll(() => dir.remove());

describe('paperboy import refuses what is not a regular export file within the limit', () => {
  const cases: [string, () => string, RegExp][] = [
    ['/dev/zero', () => '/dev/zero', /^paperboy: cannot import \/dev\/zero: it is a character device; give a JSON export file$/],
    ['a directory', () => {
      const d = join(dir.path, 'a-directory');
      mkdirSync(d, { recursive: true });
      return d;
    }, /^paperboy: cannot import .*a-directory: it is a directory; give a JSON export file$/],
    ['an oversized file', () => {
      const f = join(dir.path, 'huge.json');
      writeFileSync(f, '[');
      truncateSync(f, MAX_IMPORT_BYTES + 1); // sparse: nothing is really written
      return f;
    }, /^paperboy: cannot import .*huge\.json: it is 200\.0 MB, over the 200 MB limit for one export; split it into smaller files$/],
  ];
  if (HAS_MKFIFO) {
    cases.push(['a FIFO nobody writes to', () => {
      const f = join(dir.path, 'pipe.json');
      spawnSync('mkfifo', [f]);
      return f;
    }, /^paperboy: cannot import .*pipe\.json: it is a FIFO \(named pipe\); give a JSON export file$/]);
  } else {
    it.skip('a FIFO (mkfifo is not installed)', () => undefined);
  }

  it.each(cases)('%s: one line, exit 1, the store unchanged', async (_name, make, message) => {
    const file = make();
    const before = dumpStore(join(data, 'corpus.sqlite'));
    const r = await cliImport(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
    expect(dumpStore(join(data, 'corpus.sqlite'))).toEqual(before);
  });
});
