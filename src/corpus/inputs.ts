// What papers.json is built from: manifest.json, the source files it lists, and topics.json, plus
// the hash that identifies one exact set of them. Shared by the builder (which stamps the hash into
// papers.json) and the loader (which checks papers.json still matches its inputs). Synchronous:
// sources are small text files read once.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topic } from './schema.js';
import type { Manifest, SourceFormat } from './manifest.js';
import { ManifestSchema } from './manifest.js';
import { parseTopicsFile } from './topics.js';
import { readJsonFile } from './files.js';

/** Bump when cleanup, merging or topic scoring changes, so the hash (and search index) follow. */
export const BUILDER_VERSION = 'paperboy-corpus-builder/3';

export interface SourceInput {
  /** Path relative to corpus/sources; also what SourceRef.file cites. */
  file: string;
  format: SourceFormat;
  text: string;
  defaultYear?: number;
}

export interface BuildInputs {
  manifest: Manifest;
  topics: Topic[];
  sources: SourceInput[];
}

export function corpusHash(sources: readonly SourceInput[], topics: readonly Topic[]): string {
  const hash = createHash('sha256');
  hash.update(`${BUILDER_VERSION}\n`);
  for (const s of sources) {
    hash.update(`${JSON.stringify([s.file, s.format, s.defaultYear ?? null])}\n`);
    hash.update(s.text);
    hash.update('\0');
  }
  hash.update(JSON.stringify(topics));
  return hash.digest('hex');
}

/** Reads every source the manifest lists; throws one line naming the first that cannot be read. */
export function readSourceInputs(corpusDir: string, manifest: Manifest): SourceInput[] {
  return manifest.sources.map((entry) => {
    const path = join(corpusDir, 'sources', entry.file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`${path}: listed in manifest.json but cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
    }
    return { file: entry.file, format: entry.format, text, ...(entry.defaultYear !== undefined ? { defaultYear: entry.defaultYear } : {}) };
  });
}

export function readBuildInputsSync(corpusDir: string): BuildInputs {
  const manifest = readJsonFile(join(corpusDir, 'manifest.json'), ManifestSchema);
  const topicsPath = join(corpusDir, 'topics.json');
  const topics = parseTopicsFile(readJsonFile(topicsPath), topicsPath);
  return { manifest, topics, sources: readSourceInputs(corpusDir, manifest) };
}

export async function readBuildInputs(corpusDir: string): Promise<BuildInputs> {
  return readBuildInputsSync(corpusDir);
}
