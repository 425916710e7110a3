// Defect 3: where one line is promised, one accurate line. The state database's directory being a
// file, under a file, read-only or full each get a message that says so (not "unreadable ... restore
// it from a backup", which would send the operator after a backup they do not need), and start-up
// prints no logger stack before it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath, DatabaseError, openDatabase } from '../../src/store/db.js';
import { withTmpfs } from './tmpfs.js';

const work = mkdtempSync(join(tmpdir(), 'paperboy-startup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const aFile = join(work, 'a-file');
writeFileSync(aFile, 'not a directory');

function failure(file: string): string {
  try {
    openDatabase(file).close();
  } catch (e) {
    expect(e).toBeInstanceOf(DatabaseError);
    return (e as Error).message;
  }
  throw new Error('expected openDatabase to fail');
}

describe('opening the state database where it cannot be', () => {
  it('DATA_DIR is a file', () => {
    const msg = failure(databasePath(aFile));
    expect(msg).toContain(aFile);
    expect(msg).toMatch(/is a file, not a directory/);
    expect(msg).not.toMatch(/backup|EEXIST/);
  });

  it('DATA_DIR is under a file', () => {
    const msg = failure(databasePath(join(aFile, 'sub')));
    expect(msg).toMatch(/not a directory/);
    expect(msg).not.toMatch(/backup|ENOTDIR/);
  });

  it('DATA_DIR is read-only and has no database yet: it cannot be created (not "unreadable")', async () => {
    await withTmpfs('ro', (dir) => {
      const msg = failure(databasePath(dir));
      expect(msg).toMatch(/cannot be created/);
      expect(msg).toMatch(/read-only/);
      expect(msg).not.toMatch(/unreadable|backup/);
    });
  });

  it('DATA_DIR is on a full disk', async () => {
    await withTmpfs('size=64k', (dir) => {
      writeFileSync(join(dir, 'filler'), Buffer.alloc(60 * 1024));
      try {
        writeFileSync(join(dir, 'filler2'), Buffer.alloc(16 * 1024));
      } catch {
        /* the disk is now full */
      }
      const msg = failure(databasePath(dir));
      expect(msg).toMatch(/no space left|disk is full/i);
      expect(msg).not.toMatch(/unreadable|backup/);
    });
  });
});

describe('npm start with a bad DATA_DIR', () => {
  it('prints one line naming the problem, no logger stack', async () => {
    const env = { ...process.env, DATA_DIR: aFile, DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '', LOG_LEVEL: '' };
    const r = await promisify(execFile)('npx', ['tsx', 'src/main.ts'], { env, timeout: 60_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l && !l.includes('"level":40'));
    expect(lines).toEqual([expect.stringMatching(/^paperboy: .*a-file is a file, not a directory/)]);
  });
});

