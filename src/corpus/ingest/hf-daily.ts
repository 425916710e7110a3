// Hugging Face daily-papers export ("hf-daily-json"): the JSON array that
// https://huggingface.co/api/daily_papers returns. Each item wraps a `paper` object; the API adds
// fields over time, so unknown keys are ignored and only what we use is validated.
import { z } from 'zod';
import type { Problem } from '../problems.js';
import { describeIssue, lineAt } from '../problems.js';
import { readRepoField } from '../links.js';
import type { ParseResult, RawRecord } from './record.js';
import { emptyRecord, isCalendarDate } from './record.js';
import { asciiJsonText } from './json-text.js';

/** New-style arXiv ids ("2501.06842", optionally versioned). Old-style ids cannot be paper ids. */
const ARXIV_ID = /^\d{4}\.\d{4,5}(?:v\d+)?$/;
const ISO_DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;

const HfAuthorSchema = z.object({ name: z.string().trim().min(1) });
const HfOrganizationSchema = z.object({ name: z.string().optional(), fullname: z.string().optional() });
const count = z.number().int().nonnegative();

export const HfPaperSchema = z.object({
  id: z.string().regex(ARXIV_ID, 'expected an arXiv id like 2501.06842').optional(),
  title: z.string().trim().min(1),
  summary: z.string().default(''),
  authors: z.array(HfAuthorSchema).default([]),
  publishedAt: z.string().regex(ISO_DATE_PREFIX, 'expected an ISO date').optional(),
  upvotes: count.optional(),
  githubRepo: z.string().nullish(),
  githubStars: count.nullish(),
  ai_keywords: z.array(z.string()).nullish(),
  organization: HfOrganizationSchema.nullish(),
  ai_summary: z.string().nullish(),
  projectPage: z.string().nullish(),
});

export const HfDailyItemSchema = z.object({
  paper: HfPaperSchema,
  publishedAt: z.string().regex(ISO_DATE_PREFIX, 'expected an ISO date').optional(),
  title: z.string().optional(),
  numComments: count.optional(),
});
export type HfDailyItem = z.infer<typeof HfDailyItemSchema>;

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;
const isTrimmed = (v: unknown): boolean => typeof v === 'string' && v.length > 0 && v.trim() === v;
const optional = (v: unknown, check: (v: unknown) => boolean): boolean => v === undefined || check(v);
const nullish = (v: unknown, check: (v: unknown) => boolean): boolean => v === undefined || v === null || check(v);
const isString = (v: unknown): boolean => typeof v === 'string';
const isIsoDate = (v: unknown): boolean => typeof v === 'string' && ISO_DATE_PREFIX.test(v);

/**
 * Whether HfDailyItemSchema accepts `value` and changes none of the fields it keeps: no trimming, no
 * default to fill in. Such an item (nearly every real one) is used as it is, without zod building a
 * copy of it; anything else goes through zod, which also words the problem. Unknown keys are left on
 * the item: only the fields the schema names are ever read from it (toRecord).
 */
export function isCanonicalItem(value: unknown): value is HfDailyItem {
  if (!isObject(value) || !isObject(value.paper)) return false;
  const p = value.paper;
  return (
    optional(p.id, (v) => typeof v === 'string' && ARXIV_ID.test(v)) &&
    isTrimmed(p.title) &&
    typeof p.summary === 'string' &&
    Array.isArray(p.authors) &&
    p.authors.every((a) => isObject(a) && isTrimmed(a.name)) &&
    optional(p.publishedAt, isIsoDate) &&
    optional(p.upvotes, isCount) &&
    nullish(p.githubRepo, isString) &&
    nullish(p.githubStars, isCount) &&
    nullish(p.ai_keywords, (v) => Array.isArray(v) && v.every(isString)) &&
    nullish(p.organization, (v) => isObject(v) && optional(v.name, isString) && optional(v.fullname, isString)) &&
    nullish(p.ai_summary, isString) &&
    nullish(p.projectPage, isString) &&
    optional(value.publishedAt, isIsoDate) &&
    optional(value.title, isString) &&
    optional(value.numComments, isCount)
  );
}

const [NEWLINE, BACKSLASH, QUOTE, OPEN_BRACKET, CLOSE_BRACKET, OPEN_BRACE, CLOSE_BRACE, COMMA] = [...'\n\\"[]{},'].map((c) => c.charCodeAt(0));

/**
 * The 1-based line where each top-level array element starts, found in one pass without a second
 * parser (counting lines per element from the start of the file would be quadratic on big exports).
 * Only for text JSON.parse accepted: a JSON string holds no raw line break, so the walk jumps from a
 * string's opening quote to its closing one (indexOf) instead of stepping through every character of
 * every abstract.
 */
function elementLines(text: string): number[] {
  // Char codes rather than one-character strings: this walks the structure of exports tens of MB long.
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) line++;
    if (depth === 1 && expectValue && !isJsonSpace(c) && c !== CLOSE_BRACKET) {
      lines.push(line);
      expectValue = false;
    }
    if (c === QUOTE) i = closingQuote(text, i);
    else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      depth++;
      if (depth === 1) expectValue = true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) depth--;
    else if (c === COMMA && depth === 1) expectValue = true;
  }
  return lines;
}

/** Index of the quote that closes the JSON string opening at `open` (one not escaped by an odd run of backslashes). */
function closingQuote(text: string, open: number): number {
  for (let end = text.indexOf('"', open + 1); end !== -1; end = text.indexOf('"', end + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
  }
  return text.length;
}

/** What /\s/ matches (JSON itself only allows space, tab, CR and LF between values). */
function isJsonSpace(c: number): boolean {
  return /\s/.test(String.fromCharCode(c));
}

/** "2025-01-12T17:44:34.000Z" -> "2025-01-12"; undefined for "2025-13-45...". */
function calendarDate(value: string): string | undefined {
  const date = value.slice(0, 10);
  const [year, month, day] = date.split('-').map(Number);
  return isCalendarDate(year ?? NaN, month ?? NaN, day ?? NaN) ? date : undefined;
}

function toRecord(item: HfDailyItem, file: string, line: number, problems: Problem[]): RawRecord {
  const { paper } = item;
  const record = emptyRecord({ file, line }, paper.title, paper.summary);
  if (paper.id) record.arxivId = paper.id.replace(/v\d+$/, '');
  record.authors = paper.authors.map((a) => a.name);
  if (record.authors.length > 0) record.authorCount = record.authors.length;
  const organization = paper.organization?.fullname ?? paper.organization?.name;
  if (organization) record.organization = organization;
  // The paper's own date, else the day it was listed; a date that is no real day is reported and dropped.
  const dates: [field: string, value: string | undefined][] = [
    ['paper.publishedAt', paper.publishedAt],
    ['publishedAt', item.publishedAt],
  ];
  for (const [field, value] of dates) {
    if (value === undefined) continue;
    const date = calendarDate(value);
    if (date) {
      record.publishedAt = date;
      break;
    }
    problems.push({ file, line, message: `${field} "${value}" is not a real date (ignored)` });
  }
  if (paper.upvotes !== undefined) record.upvotes = paper.upvotes;
  if (paper.githubStars != null) record.githubStars = paper.githubStars;
  // githubRepo is free text on HF: a code host becomes the code link, a project site the project page
  // (when HF gives none), a video or dataset nothing; only a value that is no URL at all is reported.
  let repoPage: string | undefined;
  if (paper.githubRepo?.trim()) {
    const repo = readRepoField(paper.githubRepo);
    if (repo.code) record.codeLinks.push(repo.code);
    else if (repo.page) repoPage = repo.page;
    else if (repo.unusable) problems.push({ file, line, message: `paper.githubRepo "${paper.githubRepo}" is not a usable URL (ignored)` });
  }
  record.keywords = [...new Set((paper.ai_keywords ?? []).map((k) => k.trim()).filter(Boolean))];
  const aiSummary = paper.ai_summary?.trim();
  if (aiSummary) record.aiSummary = aiSummary;
  const projectPage = paper.projectPage?.trim();
  if (projectPage && URL.canParse(projectPage) && /^https?:/i.test(projectPage)) record.projectPage = projectPage;
  else if (repoPage) record.projectPage = repoPage;
  const listed = item.publishedAt === undefined ? undefined : calendarDate(item.publishedAt);
  if (listed) record.listedAt = listed;
  return record;
}

/** Items that fail validation are reported as "item N: ..." at their line and left out. */
export function parseHfDaily(input: string, file: string): ParseResult {
  // Exports saved by some Windows tools start with a UTF-8 byte-order mark, which JSON.parse rejects.
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const line = position ? lineAt(text, Number(position[1])) : 1;
    return { records: [], problems: [{ file, line, message: `not valid JSON: ${message}` }] };
  }
  return readItems(data, text, file);
}

/**
 * parseHfDaily over a file's bytes: parsed from its ASCII text (asciiJsonText: same values, same
 * lines, half the memory of the decoded text), or, when that is not valid JSON, from the decoded text,
 * so a broken file is reported exactly as parseHfDaily words it.
 */
export function parseHfDailyBytes(bytes: Buffer, file: string): ParseResult {
  const ascii = asciiJsonText(bytes);
  if (ascii !== undefined) {
    let data: unknown;
    let parsed = true;
    try {
      data = JSON.parse(ascii);
    } catch {
      parsed = false;
    }
    // The escapes hold no line break, so the lines of the items are those of the file.
    if (parsed) return readItems(data, ascii, file);
  }
  return parseHfDaily(bytes.toString('utf8'), file);
}

function readItems(data: unknown, text: string, file: string): ParseResult {
  if (!Array.isArray(data)) {
    return { records: [], problems: [{ file, line: 1, message: 'expected a JSON array of daily-paper items' }] };
  }
  const problems: Problem[] = [];
  const lines = elementLines(text);
  const records: RawRecord[] = [];
  data.forEach((value, index) => {
    const line = lines[index] ?? 1;
    const parsed = isCanonicalItem(value) ? ({ success: true, data: value } as const) : HfDailyItemSchema.safeParse(value);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const detail = first ? describeIssue(first) : 'invalid item';
      problems.push({ file, line, message: `item ${index + 1}: ${detail} (skipped)` });
      return;
    }
    records.push(toRecord(parsed.data, file, line, problems));
  });
  return { records, problems };
}
