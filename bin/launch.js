// Runs one of paperboy's entry points: the compiled JavaScript in dist/ (its one-file bundle in
// dist/bundle/ when the build made one) when it is at least as new as every TypeScript source (`npm run build`, which `npm install` and `npm ci` run through the
// prepare script), otherwise the sources themselves through tsx. A published CLI does not transpile
// itself at every start, and a checkout being edited never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUILD_STAMP = join(ROOT, 'dist', '.build-stamp');
const SOURCE_DIRS = ['src', 'commands'];

/**
 * Newest modification time of any .ts file under the source folders (~170 files). Walked one folder
 * at a time: readdirSync's recursive mode costs about three times the CPU (~17 vs ~6 ms), at every
 * start of every command.
 */
function newestSource() {
  let newest = statSync(join(ROOT, 'package.json')).mtimeMs;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.ts')) {
        const mtime = statSync(path).mtimeMs;
        if (mtime > newest) newest = mtime;
      }
    }
  };
  for (const dir of SOURCE_DIRS) {
    const base = join(ROOT, dir);
    if (existsSync(base)) walk(base);
  }
  return newest;
}

/** Whether dist/ holds a complete build at least as new as the sources. */
export function distIsFresh() {
  if (process.env.PAPERBOY_NO_DIST === '1') return false;
  if (!existsSync(BUILD_STAMP)) return false;
  return statSync(BUILD_STAMP).mtimeMs >= newestSource();
}

/** The build's one-file bundle of an entry (scripts/bundle.mjs), when the build made one at least as new as itself. */
function bundleOf(entry) {
  const file = join(ROOT, 'dist', 'bundle', `${entry}.js`);
  return existsSync(file) && statSync(file).mtimeMs <= statSync(BUILD_STAMP).mtimeMs ? file : undefined;
}

/** Imports `src/<entry>` (its bundle, compiled, or through tsx) and runs its main(). */
export async function launch(entry) {
  let mod;
  if (distIsFresh()) {
    mod = await import(pathToFileURL(bundleOf(entry) ?? join(ROOT, 'dist', 'src', `${entry}.js`)).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    mod = await import(pathToFileURL(join(ROOT, 'src', `${entry}.ts`)).href);
  }
  await mod.main();
}
