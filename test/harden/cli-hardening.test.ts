// Defects 2, 3, 4 and 8 (CLI parts): bounded inputs with short echoes, one line for output failures,
// backup refusing the live database, --version, import's summary, and the bot's refusal of stop words.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { databasePath, openDatabase } from '../../src/store/db.js';

async function cli(args: string[], stdin: string | Readable = '') {
  const out: string[] = [];
  const err: string[] = [];
  const input = typeof stdin === 'string' ? Readable.from([stdin]) : stdin;
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s), stdin: input });
  // Warnings about the local store (a re-tag, a snapshot) are not the answer under test.
  return { code, out: out.join('\n'), err: err.filter((l) => !l.startsWith('paperboy: warning:')).join('\n') };
}

describe('bounded CLI inputs', () => {
  it('refuses a query over 100 characters (the bot’s bound) without echoing it', async () => {
    const long = 'gradient '.repeat(2000);
    const r = await cli(['search', long]);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/at most 100 characters/);
    expect(r.err.length).toBeLessThan(300);
  });

  it('refuses a 10,000-character --topic with a short error', async () => {
    const r = await cli(['search', 'adam', '--topic', 't'.repeat(10_000)]);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err.length).toBeLessThan(300);
    expect(r.err).toMatch(/unknown topic "t+…"/);
  });

  it('bounds paper, similar and ask input too', async () => {
    for (const args of [['paper', 'x'.repeat(5000)], ['similar', 'x'.repeat(5000)], ['ask', 'why '.repeat(2000)], ['topic', 'y'.repeat(5000)], ['random', '--topic', 'z'.repeat(5000)]]) {
      const r = await cli(args);
      expect(r.code, args[0]).toBe(1);
      expect(r.err.length, args[0]).toBeLessThan(300);
    }
  });

  it('batch mode: a 1 MB line is rejected with a short echo; the other queries still run', async () => {
    const huge = 'a'.repeat(1024 * 1024);
    // Fed in 64 KiB chunks, as a pipe delivers it.
    const chunks = [`lottery ticket\n`, ...huge.match(/.{1,65536}/gs)!, '\nspiking networks\n'];
    const r = await cli(['search', '--json', '--limit', '1'], Readable.from(chunks));
    const lines = r.out.split('\n').map((l) => JSON.parse(l) as { query: string; error?: string; results?: unknown[] });
    expect(lines.map((l) => l.query)).toEqual(['lottery ticket', `${'a'.repeat(100)}…`, 'spiking networks']);
    expect(lines[1]!.error).toMatch(/at most 100 characters/);
    expect(lines[1]!.results).toBeUndefined();
    expect(r.code).toBe(1); // a refused line makes the run fail, after answering the rest
    expect(r.out.length).toBeLessThan(5000);
  });
});

describe('like the bot', () => {
  it('refuses a query of only common words, non-zero', async () => {
    const r = await cli(['search', 'the of and']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/too common/);
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(pkg.version);
  });

  it('search --help states the --limit default once', async () => {
    const r = await cli(['search', '--help']);
    const line = r.out.split('\n').find((l) => l.includes('--limit'))!;
    expect(line.match(/default/g)).toHaveLength(1);
  });
});

describe('output failures', () => {
  it('`paperboy search gradient > /dev/full` is one line, not a stack', async () => {
    const r = await promisify(execFile)('bash', ['-c', 'node bin/paperboy.js search gradient > /dev/full'], { timeout: 60_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l && !l.includes('warning:'));
    expect(lines).toEqual([expect.stringMatching(/^paperboy: cannot write the output: no space left on the device/)]);
  });
});

describe('paperboy backup', () => {
  let dir: string;
  let previous: string | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-backup-'));
    previous = process.env.DATA_DIR;
    process.env.DATA_DIR = dir;
    openDatabase(databasePath(dir)).close();
  });
  afterAll(() => {
    if (previous === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = previous;
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the live database, its -wal and -shm, also through a symlink or another spelling', async () => {
    const live = databasePath(dir);
    const before = readFileSync(live);
    symlinkSync(live, join(dir, 'link.sqlite'));
    for (const target of [live, `${live}-wal`, `${live}-shm`, join(dir, 'link.sqlite'), join(dir, '.', 'x', '..', 'paperboy.sqlite')]) {
      const r = await cli(['backup', target]);
      expect(r.code, target).toBe(1);
      expect(r.err, target).toMatch(/is the live database|belongs to the live database/);
    }
    expect(readFileSync(live).equals(before)).toBe(true);
  });

  it('says a directory is a directory', async () => {
    mkdirSync(join(dir, 'backups'));
    const r = await cli(['backup', join(dir, 'backups')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is a directory: give a file name/);
  });

  it('after using only the console, names the console’s own database', async () => {
    const only = mkdtempSync(join(tmpdir(), 'paperboy-console-only-'));
    openDatabase(join(only, 'console.sqlite')).close();
    process.env.DATA_DIR = only;
    try {
      const r = await cli(['backup', join(only, 'copy.sqlite')]);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/the bot has not created .*paperboy\.sqlite/);
      expect(r.err).toMatch(/console\.sqlite/);
      expect(existsSync(join(only, 'copy.sqlite'))).toBe(false);
    } finally {
      process.env.DATA_DIR = dir;
      rmSync(only, { recursive: true, force: true });
    }
  });
});
