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
  /** Hugging Face's AI-written one-paragraph summary (ai_summary), when given. */
  aiSummary?: string;
  /** The paper's project page (HF projectPage), when given. */
  projectPage?: string;
  /** YYYY-MM-DD the feed listed the paper (HF item's top-level publishedAt). */
  listedAt?: string;
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

/** Whether year-month-day names a real day (no 2025-13-45, no 2025-02-29). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return day <= days;
}
