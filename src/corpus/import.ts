// `paperboy import <file>`: add a Hugging Face daily-papers export to the corpus. The export is
// kept verbatim under corpus/sources/imports/ (sources are never edited, only added), listed in the
// manifest, and papers.json is rebuilt. Everything is built in memory first, so a bad export
// leaves the corpus untouched. Failures the user can fix are UserErrors with a one-line message.
//
// Writing is all-or-nothing: the outputs are staged as temp files, then renamed into place with
// manifest.json last; if any step fails, whatever was already replaced is put back and the source
// copy is removed, so a retry starts from the same corpus and really imports.
import { mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UserError } from '../errors.js';
import type { Problem } from './problems.js';
import { parseHfDaily } from './ingest/hf-daily.js';
import type { ManifestSource } from './manifest.js';
import { serializeManifest } from './manifest.js';
import { CorpusFileSchema } from './schema.js';
import { buildCorpus, readBuildInputs, renderCorpusOutputs } from './build.js';
import { describeFsError, readIfExists, readJsonFile, tempPathFor, writeFileAtomic } from './files.js';
import { INDEX_FILE } from '../search/index.js';

export interface ImportResult {
  /** Where the export now lives, relative to corpus/sources. */
  source: string;
  /** True when papers.json already had this exact file's papers; nothing changed. */
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

function withoutSkipNote(message: string): string {
  return message.replace(/ \(skipped\)$/, '');
}

/** Whether the current papers.json cites `source`: the import is only done once its papers are there. */
function papersCite(corpusDir: string, source: string): boolean {
  try {
    const current = readJsonFile(join(corpusDir, 'papers.json'), CorpusFileSchema);
    return current.papers.some((p) => p.sources.some((s) => s.file === source));
  } catch {
    // Missing, unreadable or invalid: it certainly does not hold the import yet.
    return false;
  }
}

interface Output {
  path: string;
  data: string | Buffer;
}

/** The corpus could not be put back as it was; the message says which files to rebuild. */
class PartialWriteError extends UserError {}

/**
 * Replaces every output, in order, or none: the current contents are read and each output is
 * written completely to a temp file before anything is renamed over its target. If a rename fails,
 * the targets already replaced get their old contents back (or are removed if they did not exist).
 * Throws a UserError naming the file that failed.
 */
async function replaceAll(outputs: readonly Output[]): Promise<void> {
  const before: (Buffer | undefined)[] = [];
  for (const { path } of outputs) {
    before.push(
      await readIfExists(path).catch((error: unknown) => {
        throw new UserError(`cannot read ${describeFsError(path, error)}`, { cause: error });
      }),
    );
  }
  const staged: string[] = [];
  const replaced: number[] = [];
  try {
    for (const { path, data } of outputs) {
      const tmp = tempPathFor(path);
      await writeFile(tmp, data).catch((error: unknown) => {
        throw new UserError(`cannot write ${describeFsError(tmp, error)}`, { cause: error });
      });
      staged.push(tmp);
    }
    for (const [i, { path }] of outputs.entries()) {
      await rename(tempPathFor(path), path).catch((error: unknown) => {
        throw new UserError(`cannot replace ${describeFsError(path, error)}`, { cause: error });
      });
      replaced.push(i);
    }
  } catch (error) {
    const unrestored: string[] = [];
    for (const i of replaced.reverse()) {
      const { path } = outputs[i] as Output;
      const old = before[i];
      try {
        if (old) await writeFileAtomic(path, old);
        else await rm(path, { force: true });
      } catch {
        unrestored.push(path);
      }
    }
    for (const tmp of staged) await rm(tmp, { force: true }).catch(() => undefined);
    if (unrestored.length > 0) {
      throw new PartialWriteError(`${(error as Error).message}, and ${unrestored.join(', ')} could not be restored; run npm run corpus:build`, { cause: error });
    }
    throw error;
  }
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

  const importsDir = join(corpusDir, 'sources', 'imports');
  const destination = join(importsDir, name);
  const existing = await readIfExists(destination);
  if (existing && !existing.equals(bytes)) {
    throw new UserError(`a different export named ${name} was already imported; rename the file to import it too`);
  }

  const inputs = await readBuildInputs(corpusDir);
  const listed = inputs.manifest.sources.some((s) => s.file === source);
  // Decided by the papers, not the manifest: after a failed or interrupted import the manifest may
  // list the file while papers.json lacks its papers, and then a retry must really import.
  const alreadyImported = listed && papersCite(corpusDir, source);
  if (!listed) {
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
  const outputs = renderCorpusOutputs(result.corpus, inputs.topics);

  // The source copy comes first (the manifest must never list a file that is not there) and goes
  // again if anything fails before the manifest lists it.
  let createdDir: string | undefined;
  let copied = false;
  try {
    if (!existing) {
      createdDir = await mkdir(importsDir, { recursive: true }).catch((error: unknown) => {
        throw new UserError(`cannot create ${describeFsError(importsDir, error)}`, { cause: error });
      });
      await writeFileAtomic(destination, bytes).catch((error: unknown) => {
        throw new UserError(`cannot write ${describeFsError(destination, error)}`, { cause: error });
      });
      copied = true;
    }
    await replaceAll([
      { path: join(corpusDir, 'papers.json'), data: outputs.papers },
      { path: join(corpusDir, INDEX_FILE), data: outputs.index },
      { path: join(corpusDir, 'manifest.json'), data: serializeManifest(inputs.manifest) },
    ]);
  } catch (error) {
    if (copied) await rm(destination, { force: true }).catch(() => undefined);
    if (createdDir !== undefined) await rmdir(importsDir).catch(() => undefined);
    if (error instanceof PartialWriteError) throw new UserError(`import failed: ${error.message}`, { cause: error });
    if (error instanceof UserError) throw new UserError(`import failed, corpus left unchanged: ${error.message}`, { cause: error });
    throw error;
  }

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
