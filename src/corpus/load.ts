// Loads the committed corpus at startup. Everything is validated here, once; a missing or broken
// file stops the bot with a message that says which file, what is wrong, and how to fix it. A
// papers.json that is valid but older than its inputs is still served, with a warning.
import { join } from 'node:path';
import type { Corpus, SourceInfo } from './corpus.js';
import { makeCorpus } from './corpus.js';
import type { Manifest } from './manifest.js';
import { CorpusFileSchema, OTHER_TOPIC } from './schema.js';
import type { Topic } from './schema.js';
import { ManifestSchema } from './manifest.js';
import { parseTopicsFile } from './topics.js';
import { readJsonFile } from './files.js';
import { corpusHash, readSourceInputs } from './inputs.js';
import { corpusFileHint } from './restore-hint.js';

export { readJsonFile } from './files.js';

const REBUILD_HINT = 'run `npm run corpus:build`';

function withHint<T>(path: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    throw new Error(`${(error as Error).message}; ${corpusFileHint(path)}`, { cause: error });
  }
}

/**
 * Compares papers.json's hash with the hash of the sources and topics it should have been built
 * from (the same corpusHash the builder stamps), so an edited topics.json or a manifest that lists
 * an import papers.json lacks does not go unnoticed.
 */
function checkUpToDate(corpusDir: string, hash: string, manifest: Manifest, topics: readonly Topic[], warn: (msg: string) => void): void {
  const papersPath = join(corpusDir, 'papers.json');
  let current: string;
  try {
    current = corpusHash(readSourceInputs(corpusDir, manifest), topics);
  } catch (error) {
    warn(`${papersPath} cannot be checked against its inputs: ${(error as Error).message}`);
    return;
  }
  if (current !== hash) {
    warn(`${papersPath} is out of date with ${join(corpusDir, 'sources')} and ${join(corpusDir, 'topics.json')}; run npm run corpus:build`);
  }
}

/**
 * Loads and validates corpusDir's papers.json, topics.json and manifest.json. With `warn`, also
 * checks that papers.json was built from the current sources and topics, and warns when it was not
 * (the stale file is still valid, so it is still served).
 */
export function loadCorpus(corpusDir: string, warn?: (msg: string) => void): Corpus {
  const papersPath = join(corpusDir, 'papers.json');
  const topicsPath = join(corpusDir, 'topics.json');
  const manifestPath = join(corpusDir, 'manifest.json');
  const file = withHint(papersPath, () => readJsonFile(papersPath, CorpusFileSchema));
  const topics = withHint(topicsPath, () => parseTopicsFile(readJsonFile(topicsPath), topicsPath));
  const manifest = withHint(manifestPath, () => readJsonFile(manifestPath, ManifestSchema));

  const known = new Set([...topics.map((t) => t.slug), OTHER_TOPIC.slug]);
  const ids = new Set<string>();
  for (const paper of file.papers) {
    if (ids.has(paper.id)) throw new Error(`${papersPath}: paper id "${paper.id}" appears twice; ${REBUILD_HINT}`);
    ids.add(paper.id);
    const unknown = paper.topics.find((slug) => !known.has(slug));
    if (unknown !== undefined) {
      throw new Error(`${papersPath}: paper "${paper.id}" has topic "${unknown}", which ${topicsPath} does not define; ${REBUILD_HINT}`);
    }
  }
  if (warn) checkUpToDate(corpusDir, file.hash, manifest, topics, warn);
  const sources: SourceInfo[] = manifest.sources.map((s) => ({
    file: s.file,
    format: s.format,
    description: s.description,
    capturedAt: s.capturedAt,
  }));
  return makeCorpus(file.papers, topics, file.hash, sources);
}
