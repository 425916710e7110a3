// The operating system's (or SQLite's) reason a file could not be created or written, in words, so a
// full disk or a read-only directory is reported as such rather than as "unable to open database file",
// "disk I/O error" or a stack. A leaf module: the corpus store and the state database both use it.
import { accessSync, closeSync, constants, mkdirSync, openSync, readSync, statfsSync, statSync } from 'node:fs';

/** Words for an environment problem behind `e`; undefined when it is something else. `dir` lets SQLite's vague I/O errors be checked against free space. */
export function environmentProblem(e: unknown, dir?: string): string | undefined {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return 'no space left on the disk';
  if (code === 'EROFS' || code.startsWith('SQLITE_READONLY')) return 'the file system is read-only';
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_PERM') return 'permission denied';
  if (code === 'EDQUOT') return 'the disk quota is exceeded';
  if (dir && (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN')) {
    try {
      const fs = statfsSync(dir);
      // SQLite reports a full tmpfs as a failed write or mmap: a disk with (almost) no free blocks is the cause.
      if (fs.bavail * fs.bsize < 64 * 1024) return 'no space left on the disk';
    } catch {
      /* no better explanation */
    }
    return directoryProblem(dir);
  }
  return undefined;
}

/** Why `dir` cannot be written, if the OS says it cannot. */
export function directoryProblem(dir: string): string | undefined {
  try {
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (e) {
    return environmentProblem(e);
  }
}

/** Creates `dir` (and parents) or explains why not: a file in the way, read-only, no space. */
export function prepareDirectory(dir: string, what: string, fix: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why =
      code === 'EEXIST' ? `${dir} is a file, not a directory` : code === 'ENOTDIR' ? `a part of ${dir} is a file, not a directory` : (environmentProblem(e) ?? (e as Error).message);
    throw new DirectoryError(`Cannot keep ${what} in ${dir}: ${why}. ${fix}`);
  }
}

export class DirectoryError extends Error {
  override readonly name = 'DirectoryError';
}

const SQLITE_HEADER = 'SQLite format 3\0';

/**
 * Whether `file` exists with content that is not an SQLite database. Reads the 16-byte magic without
 * SQLite, so a foreign file is rejected before anything could write to it. Missing or empty: false
 * (SQLite makes a fresh database of either).
 */
export function isForeignFile(file: string): boolean {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return false;
  }
  if (size === 0) return false;
  const buf = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  return buf.toString('latin1') !== SQLITE_HEADER;
}
