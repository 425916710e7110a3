// `paperboy import FILE...`: several exports in one command, each its own all-or-nothing import. A file
// that cannot be imported gets one line and the others still land; the exit code says whether any
// failed; the same content twice is "already imported"; one file prints exactly what it always printed.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runImportCli } from '../src/cli-import.js';
import { dumpStore, FIXTURE, ROOT, syntheticExport, tempDir } from './corpus/store-support.js';

const dir = tempDir('paperboy-cli-import-');
afterAll(() => dir.remove());

let data: string;
let savedDataDir: string | undefined;
let round = 0;
beforeEach(() => {
  savedDataDir = process.env.DATA_DIR;
  data = join(dir.path, `data-${round++}`);
  process.env.DATA_DIR = data;
});
afterEach(() => {
  if (savedDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = savedDataDir;
});

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runImportCli(args, { out: (s) => out.push(...s.split('\n')), err: (s) => err.push(s), stdin: Readable.from([]) });
  return { code, out, err: err.filter((l) => !l.includes('warning:')) };
}

/** An export file of `count` made-up papers, numbered from `first`. */
function exportFile(name: string, count: number, first: number): string {
  const file = join(dir.path, name);
  writeFileSync(file, syntheticExport(count, first));
  return file;
}

const store = () => dumpStore(join(data, 'corpus.sqlite'));
const seedRevision = async () => {
  // A first command seeds the store: the revisions below count from there.
  await cli(['import', FIXTURE]);
  return store().revision;
};

describe('several files in one command', () => {
  it('imports each file as its own revision, one summary line each and a total line', async () => {
    const a = exportFile('a.json', 30, 0);
    const b = exportFile('b.json', 20, 100);
    const before = await seedRevision();
    const papersBefore = store().papers.length;
    const r = await cli(['import', a, b]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      `Imported ${a}: 30 new papers, 0 merged into papers already there; ${papersBefore + 30} papers now.`,
      `Imported ${b}: 20 new papers, 0 merged into papers already there; ${papersBefore + 50} papers now.`,
      `2 files: 2 imported (50 new papers, 0 merged); ${papersBefore + 50} papers now.`,
    ]);
    const after = store();
    expect(after.revision).toBe(before + 2);
    expect(after.papers).toHaveLength(papersBefore + 50);
  });

  it('a bad file in the middle gets its one line; the files around it are still imported; exit 1', async () => {
    const a = exportFile('first.json', 10, 200);
    const c = exportFile('last.json', 10, 300);
    const notExport = join(dir.path, 'notes.json');
    writeFileSync(notExport, '{"not": "an export"}');
    const folder = join(dir.path, 'a-folder');
    mkdirSync(folder, { recursive: true });
    const missing = join(dir.path, 'missing.json');
    const before = await seedRevision();
    const papersBefore = store().papers.length;
    const r = await cli(['import', a, notExport, folder, missing, c]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      `paperboy: ${notExport} is not a Hugging Face daily-papers export: expected a JSON array of daily-paper items`,
      `paperboy: cannot import ${folder}: it is a directory; give a JSON export file`,
      `paperboy: cannot read ${missing}: no such file`,
    ]);
    expect(r.out).toEqual([
      `Imported ${a}: 10 new papers, 0 merged into papers already there; ${papersBefore + 10} papers now.`,
      `Imported ${c}: 10 new papers, 0 merged into papers already there; ${papersBefore + 20} papers now.`,
      `5 files: 2 imported (20 new papers, 0 merged), 3 failed; ${papersBefore + 20} papers now.`,
    ]);
    const after = store();
    expect(after.revision).toBe(before + 2); // the bad files wrote nothing
    expect(after.sources.filter((s) => s.startsWith('imports/')).map((s) => s.split(':')[0])).toEqual(['imports/first.json', 'imports/hf-daily-sample.json', 'imports/last.json']);
  });

  it('when every file fails, the total says nothing changed', async () => {
    const missing = join(dir.path, 'nowhere.json');
    const folder = join(dir.path, 'another-folder');
    mkdirSync(folder, { recursive: true });
    const r = await cli(['import', missing, folder]);
    expect(r.code).toBe(1);
    expect(r.err).toHaveLength(2);
    expect(r.out).toEqual(['2 files: 0 imported, 2 failed; nothing changed.']);
  });

  it('the same file twice: the second is already imported and changes nothing', async () => {
    const a = exportFile('twice.json', 5, 400);
    const before = await seedRevision();
    const papersBefore = store().papers.length;
    const r = await cli(['import', a, a]);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      `Imported ${a}: 5 new papers, 0 merged into papers already there; ${papersBefore + 5} papers now.`,
      `${a} was already imported; nothing changed (${papersBefore + 5} papers).`,
      `2 files: 1 imported (5 new papers, 0 merged), 1 already imported; ${papersBefore + 5} papers now.`,
    ]);
    expect(store().revision).toBe(before + 1);
  });

  it('two different files with the same name: the second is refused with a way out', async () => {
    mkdirSync(join(dir.path, 'x'), { recursive: true });
    mkdirSync(join(dir.path, 'y'), { recursive: true });
    const a = exportFile(join('x', 'day.json'), 3, 500);
    const b = exportFile(join('y', 'day.json'), 3, 600);
    const r = await cli(['import', a, b]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([`paperboy: cannot import ${b}: a different export named day.json was already imported; rename the file to import it too`]);
    expect(r.out.at(-1)).toMatch(/^2 files: 1 imported \(3 new papers, 0 merged\), 1 failed; \d+ papers now\.$/);
  });
});

describe('--json', () => {
  it('one file: the same single object as always (no file name, no total)', async () => {
    const a = exportFile('one.json', 4, 700);
    const r = await cli(['import', a, '--json']);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    const result = JSON.parse(r.out[0] as string) as Record<string, unknown>;
    expect(Object.keys(result).sort()).toEqual(['added', 'alreadyImported', 'merged', 'papers', 'problems', 'revision', 'source']);
    expect(result).toMatchObject({ source: 'imports/one.json', alreadyImported: false, added: 4, merged: 0, problems: [] });
  });

  it('one bad file: nothing on stdout, one line on stderr, exit 1 (as always)', async () => {
    const r = await cli(['import', join(dir.path, 'absent.json'), '--json']);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([]);
    expect(r.err).toEqual([`paperboy: cannot read ${join(dir.path, 'absent.json')}: no such file`]);
  });

  it('several files: one JSON line per file in order ({file, ...result} or {file, error}), then {total}', async () => {
    const a = exportFile('j1.json', 6, 800);
    const missing = join(dir.path, 'j-missing.json');
    const r = await cli(['import', '--json', a, missing, a]);
    expect(r.code).toBe(1);
    const lines = r.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ file: a, source: 'imports/j1.json', alreadyImported: false, added: 6, merged: 0, problems: [] });
    expect(lines[1]).toEqual({ file: missing, error: `cannot read ${missing}: no such file` });
    expect(lines[2]).toMatchObject({ file: a, alreadyImported: true, added: 0 });
    const papers = (lines[0] as { papers: number }).papers;
    expect(lines[3]).toEqual({ total: { files: 3, imported: 1, alreadyImported: 1, failed: 1, added: 6, merged: 0, papers, revision: (lines[0] as { revision: number }).revision } });
    // The errors are in the JSON; stderr says only that some failed.
    expect(r.err).toEqual(['paperboy: 1 of 3 files was not imported (see their "error")']);
  });
});

describe('the command line', () => {
  it('no file at all is a usage error (exit 2)', async () => {
    const r = await cli(['import']);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/^paperboy: missing required argument 'files'/);
  });

  it('through bin/paperboy.js: several files in one process, exit 1 when one failed', async () => {
    const a = exportFile('p1.json', 3, 900);
    const b = exportFile('p2.json', 3, 950);
    const missing = join(dir.path, 'p-missing.json');
    const run = promisify(execFile);
    const env = { ...process.env, DATA_DIR: join(dir.path, 'data-bin'), CORPUS_DIR: join(ROOT, 'corpus') };
    const ok = await run(process.execPath, [join(ROOT, 'bin', 'paperboy.js'), 'import', a, b], { env, timeout: 120_000 });
    expect(ok.stdout.trim().split('\n').at(-1)).toMatch(/^2 files: 2 imported \(6 new papers, 0 merged\); \d+ papers now\.$/);
    const failed = await run(process.execPath, [join(ROOT, 'bin', 'paperboy.js'), 'import', a, missing], { env, timeout: 120_000 }).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect('code' in failed ? failed.code : 0).toBe(1);
    expect(failed.stdout.trim().split('\n')).toEqual([expect.stringMatching(/was already imported; nothing changed/), expect.stringMatching(/^2 files: 0 imported, 1 already imported, 1 failed; \d+ papers now\.$/)]);
    expect(failed.stderr.trim()).toBe(`paperboy: cannot read ${missing}: no such file`);
  }, 240_000);
});
