// A problem is a located, human-readable complaint about an input file. Ingest never throws on bad
// records: it reports them here so a build can show every issue at once, with file:line.
import type { z } from 'zod';

export interface Problem {
  /** Path relative to corpus/sources (or the file name the caller gave). */
  file: string;
  /** 1-based line number. */
  line: number;
  message: string;
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}: ${problem.message}`;
}

/** "paper.title is missing" / "paper.upvotes: expected number, received string". */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    return path ? `${path} is missing` : 'value is missing';
  }
  const message = issue.message.replace(/^Invalid input: /, '');
  const text = message.charAt(0).toLowerCase() + message.slice(1);
  return path ? `${path}: ${text}` : text;
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
