// Where `paperboy backup` may write. Writing the copy onto the live database (or its -wal/-shm, which
// SQLite would treat as the live database's journal) would rewrite it under the running bot, so such a
// target is refused however it is spelled: relative, with "..", through a symlink, or as a hard link.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';

/** The real path a target would be written at (its directory resolved when the file does not exist yet). */
function realTarget(target: string): string {
  const full = resolve(target);
  if (existsSync(full)) return realpathSync(full);
  const dir = dirname(full);
  if (!existsSync(dir)) throw new UserError(`cannot write the backup to ${target}: the directory ${dir} does not exist`);
  return join(realpathSync(dir), basename(full));
}

/** Throws a UserError naming what is wrong with `target` as a backup of `live`; returns its resolved path. */
export function checkBackupTarget(live: string, target: string): string {
  const real = realTarget(target);
  if (existsSync(real) && statSync(real).isDirectory()) {
    throw new UserError(`${target} is a directory: give a file name, e.g. ${join(target, 'paperboy-backup.sqlite')}`);
  }
  const liveReal = realpathSync(live);
  if (real === liveReal) throw new UserError(`${target} is the live database: choose another file for the backup`);
  if (['-wal', '-shm', '-journal'].some((suffix) => real === `${liveReal}${suffix}`)) {
    throw new UserError(`${target} belongs to the live database (its SQLite journal): choose another file for the backup`);
  }
  if (existsSync(real)) {
    const [a, b] = [statSync(real), statSync(liveReal)];
    if (a.ino === b.ino && a.dev === b.dev) throw new UserError(`${target} is the live database (a hard link to it): choose another file for the backup`);
  }
  return real;
}
