// `paperboy import <file>`: add a Hugging Face daily-papers export to the corpus. The export is
// kept verbatim under corpus/sources/imports/ (sources are never edited, only added), listed in the
// manifest, and papers.json is rebuilt. Everything is built in memory first, so a bad export
// leaves the corpus untouched. Failures the user can fix are UserErrors with a one-line message.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UserError } from '../errors.js';
import type { Problem } from './problems.js';
import { parseHfDaily } from './ingest/hf-daily.js';
import type { ManifestSource } from './manifest.js';
import { serializeManifest } from './manifest.js';
import { buildCorpus, readBuildInputs, writeCorpusOutputs } from './build.js';

export interface ImportResult {
  /** Where the export now lives, relative to corpus/sources. */
  source: string;
  /** True when this exact file had been imported before; nothing changed. */
  alreadyImported: boolean;
  /** Papers that were not in the corpus before. */
  added: number;
  /** Papers from the export that joined papers the corpus already had. */
  merged: number;
  /** Items that were reported (and, if invalid, skipped). */
  problems: Problem[];
  /** Papers in the corpus after the import. */
  papers: number;
}

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function withoutSkipNote(message: string): string {
  return message.replace(/ \(skipped\)$/, '');
}

export async function importExport(corpusDir: string, file: string): Promise<ImportResult> {
  let bytes: Buffer | undefined;
  try {
    bytes = await readIfExists(file);
  } catch (error) {
    throw new UserError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  if (!bytes) throw new UserError(`cannot read ${file}: no such file`);
  const name = basename(file);
  const source = `imports/${name}`;
  const text = bytes.toString('utf8');

  const parsed = parseHfDaily(text, source);
  if (parsed.records.length === 0) {
    const first = parsed.problems[0];
    const reason = first ? withoutSkipNote(first.message) : 'it holds no papers';
    throw new UserError(`not a Hugging Face daily-papers export: ${reason}`);
  }

  const destination = join(corpusDir, 'sources', source);
  const existing = await readIfExists(destination);
  if (existing && !existing.equals(bytes)) {
    throw new UserError(`a different export named ${name} was already imported; rename the file to import it too`);
  }

  const inputs = await readBuildInputs(corpusDir);
  const alreadyImported = inputs.manifest.sources.some((s) => s.file === source);
  if (!alreadyImported) {
    const dates = parsed.records.map((r) => r.publishedAt).filter((d): d is string => d !== undefined).sort();
    const entry: ManifestSource = {
      file: source,
      format: 'hf-daily-json',
      description: `Hugging Face daily-papers export (${parsed.records.length} papers), imported from ${name}`,
      capturedAt: dates.at(-1) ?? new Date().toISOString().slice(0, 10),
      note: 'capturedAt is the newest paper date in the export; the export itself carries no capture time.',
    };
    inputs.manifest.sources.push(entry);
    inputs.sources.push({ file: source, format: 'hf-daily-json', text });
  }

  const result = buildCorpus(inputs.sources, inputs.topics);
  await mkdir(join(corpusDir, 'sources', 'imports'), { recursive: true });
  if (!existing) await writeFile(destination, bytes);
  await writeFile(join(corpusDir, 'manifest.json'), serializeManifest(inputs.manifest), 'utf8');
  await writeCorpusOutputs(corpusDir, result.corpus);

  let added = 0;
  let merged = 0;
  if (!alreadyImported) {
    for (const paper of result.corpus.papers) {
      if (!paper.sources.some((s) => s.file === source)) continue;
      if (paper.sources.every((s) => s.file === source)) added++;
      else merged++;
    }
  }
  return {
    source,
    alreadyImported,
    added,
    merged,
    problems: result.problems.filter((p) => p.file === source),
    papers: result.corpus.papers.length,
  };
}
