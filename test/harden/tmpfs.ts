// A tiny tmpfs (read-only, or small enough to fill) for tests of disk failures. Mounting needs root:
// elsewhere the callback is skipped, saying so, rather than faking a full disk.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let warned = false;

export function canMountTmpfs(): boolean {
  if (process.getuid?.() !== 0) return false;
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const available = canMountTmpfs();

/** Runs `fn` with a fresh tmpfs mounted with `options` (e.g. "ro" or "size=64k"); skipped without root. */
export async function withTmpfs(options: string, fn: (dir: string) => void | Promise<void>): Promise<void> {
  if (!available) {
    if (!warned) console.warn('skipping tmpfs-backed checks: mounting a tmpfs needs root');
    warned = true;
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  try {
    await fn(dir);
  } finally {
    execFileSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
}
