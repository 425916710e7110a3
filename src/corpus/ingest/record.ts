// What every source parser emits: the facts one source states about one paper, uncleaned.
// Cleaning, link extraction and merging happen once, downstream, for all formats alike.
import type { CodeLink, SourceRef } from '../schema.js';
import type { Problem } from '../problems.js';

export interface RawRecord {
  source: SourceRef;
  /** Title exactly as the source had it (minus capture glue such as a "Subscribe" prefix). */
  rawTitle: string;
  rawAbstract: string;
  arxivId?: string;
  authors: string[];
  authorCount?: number;
  organization?: string;
  /** YYYY-MM-DD. */
  publishedAt?: string;
  upvotes?: number;
  githubStars?: number;
  /** Links stated as structured fields (e.g. githubRepo); links inside the abstract are found later. */
  codeLinks: CodeLink[];
  keywords: string[];
}

export interface ParseResult {
  records: RawRecord[];
  problems: Problem[];
}

export interface ParseOptions {
  /** Year for dates printed without one ("Sep 2"): the year the page was captured. */
  defaultYear?: number;
}

export function emptyRecord(source: SourceRef, rawTitle: string, rawAbstract: string): RawRecord {
  return { source, rawTitle, rawAbstract, authors: [], codeLinks: [], keywords: [] };
}

/** Abstracts are paragraphs; titles are a line. Used to tell them apart when a record is broken. */
export function looksLikeAbstract(line: string): boolean {
  return line.length >= 200 || line.trim().split(/\s+/).length > 35;
}
