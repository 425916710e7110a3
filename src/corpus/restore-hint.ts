// What to tell someone whose corpus file is missing or broken. Built outputs (papers.json, index.json)
// are rebuilt by `npm run corpus:build`; its inputs (topics.json, manifest.json, sources/) are part of
// the source tree, and the build fails on them the same way, so the hint says how to restore them.
// One small function so every loader (files today, the SQLite store tomorrow) gives the same advice.
import { basename, relative, sep } from 'node:path';

const INPUTS = new Set(['topics.json', 'manifest.json']);

/** The advice to append to "<path>: file not found" (or invalid) for a file of the corpus directory. */
export function corpusFileHint(path: string, cwd = process.cwd()): string {
  const name = basename(path);
  const isInput = INPUTS.has(name) || path.split(sep).includes('sources');
  if (!isInput) return 'run `npm run corpus:build`';
  const shown = relative(cwd, path);
  const rel = shown && !shown.startsWith('..') ? shown : path;
  return `${name} is an input of the corpus, not built from anything: restore it with \`git checkout -- ${rel}\` in a git clone, or copy it from a fresh copy of paperboy`;
}
