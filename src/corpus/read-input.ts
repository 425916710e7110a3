// Reading a file a person points the importer at, with bounds: only a regular file, at most
// MAX_IMPORT_BYTES, checked with fstat on the opened descriptor before a byte is read (no race
// between a stat and the open). O_NONBLOCK makes opening a FIFO return at once instead of waiting
// for a writer that may never come; fstat then refuses it. Memory is the file's size, read once.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { UserError } from '../errors.js';

/** The largest export `paperboy import` reads: the whole real feed (~9k papers) is 44 MB. */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

const mb = (bytes: number, digits: number) => `${(bytes / 1024 / 1024).toFixed(digits)} MB`;

/** The file's bytes; a UserError with one line for anything that is not a readable regular file within the limit. */
export function readImportFile(path: string, maxBytes = MAX_IMPORT_BYTES): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`cannot read ${path}: no such file`, { cause: error });
    throw new UserError(`cannot read ${path} (${code ?? 'error'})`, { cause: error });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UserError(`cannot import ${path}: it is ${kindOf(stat)}; give a JSON export file`);
    if (stat.size > maxBytes) throw new UserError(`cannot import ${path}: it is ${mb(stat.size, 1)}, over the ${mb(maxBytes, 0)} limit for one export; split it into smaller files`);
    const buf = Buffer.allocUnsafe(stat.size);
    let got = 0;
    while (got < stat.size) {
      const n = readSync(fd, buf, got, stat.size - got, null);
      if (n === 0) break;
      got += n;
    }
    // A file that shrank or grew while we read it is being written: refuse rather than import half of it.
    if (got !== stat.size || readSync(fd, Buffer.alloc(1), 0, 1, null) !== 0) {
      throw new UserError(`cannot import ${path}: it changed while being read; try again once it is complete`);
    }
    return buf;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  } finally {
    closeSync(fd);
  }
}
