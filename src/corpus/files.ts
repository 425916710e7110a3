// File helpers shared by the builder, the importer and the loader. Outputs are replaced atomically
// (write a temp file beside the target, then rename over it), so a reader or a crash never sees a
// half-written papers.json or index.json.
import { readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { z } from 'zod';
import { describeIssue } from './problems.js';

/** Reads and parses a JSON file; with a schema, validates it. Errors start with the path. */
export function readJsonFile(path: string): unknown;
export function readJsonFile<S extends z.ZodType>(path: string, schema: S): z.output<S>;
export function readJsonFile(path: string, schema?: z.ZodType): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${path}: ${code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? 'error'})`}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (!schema) return value;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue ? describeIssue(issue) : 'invalid content'}`);
  }
  return parsed.data;
}

/** The file's bytes, or undefined when it does not exist; other read errors are thrown. */
export async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function tempPathFor(path: string): string {
  return `${path}.${process.pid}.tmp`;
}

/** Writes `path` completely or not at all: temp file, then rename. The temp file never outlives a failure. */
export async function writeFileAtomic(path: string, data: string | Buffer): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** "papers.json (EISDIR)": enough to tell a person which file and what went wrong. */
export function describeFsError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return `${path} (${code ?? (error instanceof Error ? error.message : String(error))})`;
}
