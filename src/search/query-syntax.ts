// The query language: `author:"Tri Dao" year:2025 -survey "loss spikes" attention`. A pure parser from
// what a person typed to a structured query, and back to a canonical text (which a search page's
// custom_id carries, so Prev/Next re-run exactly the same search). It never throws: anything it
// cannot read comes back as { ok: false, error } naming the problem, for a private reply.
import { z } from 'zod';
import { closest, typoBudget } from './spelling.js';

export const FIELDS = ['author', 'org', 'topic', 'year', 'after', 'before', 'has'] as const;
export type Field = (typeof FIELDS)[number];

/** Other spellings people type for a field. */
const ALIASES: Readonly<Record<string, Field>> = {
  authors: 'author',
  by: 'author',
  organization: 'org',
  organisation: 'org',
  orgs: 'org',
  topics: 'topic',
  since: 'after',
  until: 'before',
};

export const YEAR_FIRST = 1900;
export const YEAR_LAST = 2100;

/** A date bound: "2025", "2025-06" or "2025-06-15", and the first day it stands for. */
export interface DateBound {
  text: string;
  start: string;
}

export type Filter =
  | { field: 'author' | 'org' | 'topic'; value: string; negate: boolean }
  | { field: 'year'; from: number; to: number; negate: boolean }
  | { field: 'after' | 'before'; date: DateBound; negate: boolean }
  | { field: 'has'; value: 'code'; negate: boolean };

export interface StructuredQuery {
  /** Free words, in order, searched and ranked as a plain query. */
  words: string[];
  /** Quoted phrases: each must appear in the title or abstract; their words are searched too. */
  phrases: string[];
  /** Words and phrases (from -word, -"some phrase") no result may contain. */
  excluded: string[];
  filters: Filter[];
}

export type ParseResult = { ok: true; query: StructuredQuery } | { ok: false; error: string };

const OPEN_QUOTES = new Set(['"', '“', '”', '„']);
const CLOSE_QUOTES = new Set(['"', '”', '“']);
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

const YearSchema = z.coerce.number().int().min(YEAR_FIRST).max(YEAR_LAST);

/** "2025", "2025-06", "2025-06-15" (also with / or .) -> a real first day, or an error message. */
export function parseDateBound(text: string): DateBound | string {
  const m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/.exec(text);
  const example = 'a date such as 2025, 2025-06 or 2025-06-15';
  if (!m) return `"${clip(text)}" is not ${example}`;
  const [, y, mo, d] = m;
  const year = YearSchema.safeParse(y);
  if (!year.success) return `the year ${y} is out of range (${YEAR_FIRST}-${YEAR_LAST})`;
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  const date = new Date(Date.UTC(year.data, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return `${clip(text)} is not a real date (${example})`;
  const pad = (n: number) => String(n).padStart(2, '0');
  const canonical = d !== undefined ? `${y}-${pad(month)}-${pad(day)}` : mo !== undefined ? `${y}-${pad(month)}` : `${y}`;
  return { text: canonical, start: `${y}-${pad(month)}-${pad(day)}` };
}

function parseYears(text: string): { from: number; to: number } | string {
  const m = /^(\d{4})(?:(?:\.\.|-|–)(\d{4}))?$/.exec(text);
  if (!m) return `"${clip(text)}" is not a year (year:2025, or a range year:2023..2025)`;
  const from = YearSchema.safeParse(m[1]);
  const to = YearSchema.safeParse(m[2] ?? m[1]);
  if (!from.success || !to.success) return `years must be from ${YEAR_FIRST} to ${YEAR_LAST}`;
  if (from.data > to.data) return `year:${text} runs backwards; write year:${m[2]}..${m[1]}`;
  return { from: from.data, to: to.data };
}

/** Short, single-line echo of user text inside an error message. */
function clip(text: string, max = 40): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A known field for a typed name: exact, alias, or undefined. */
function fieldOf(name: string): Field | undefined {
  const lower = name.toLowerCase();
  return (FIELDS as readonly string[]).includes(lower) ? (lower as Field) : ALIASES[lower];
}

/** "autor" -> "author": a name that is one or two typos from a field is a mistake, not a search word. */
function misspelledField(name: string): Field | undefined {
  const lower = name.toLowerCase();
  if (lower.length < 3) return undefined;
  return closest(lower, FIELDS, (f) => f, Math.min(typoBudget(lower.length), 2));
}

interface Scanner {
  text: string;
  i: number;
}

/** Reads a quoted string starting at an opening quote; undefined when it never closes. */
function readQuoted(s: Scanner): string | undefined {
  const start = s.i + 1;
  for (let j = start; j < s.text.length; j++) {
    if (CLOSE_QUOTES.has(s.text[j] as string)) {
      s.i = j + 1;
      return s.text.slice(start, j);
    }
  }
  return undefined;
}

function readWord(s: Scanner): string {
  const start = s.i;
  while (s.i < s.text.length && !isSpace(s.text[s.i]) && !OPEN_QUOTES.has(s.text[s.i] as string)) s.i++;
  return s.text.slice(start, s.i);
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Parse a query typed in Discord, the console or the CLI. Never throws. */
export function parseStructuredQuery(input: string): ParseResult {
  const query: StructuredQuery = { words: [], phrases: [], excluded: [], filters: [] };
  const s: Scanner = { text: input, i: 0 };
  const unclosed = () => ({ ok: false as const, error: `a quote is never closed: add the closing " (or remove the opening one)` });
  while (s.i < s.text.length) {
    const c = s.text[s.i] as string;
    if (isSpace(c)) {
      s.i++;
      continue;
    }
    // "-" right before a word, quote or field negates it; a lone or doubled dash is just punctuation.
    const negate = c === '-' && s.i + 1 < s.text.length && !isSpace(s.text[s.i + 1]) && s.text[s.i + 1] !== '-';
    if (negate) s.i++;
    const head = s.text[s.i] as string;
    if (OPEN_QUOTES.has(head)) {
      const quoted = readQuoted(s);
      if (quoted === undefined) return unclosed();
      const phrase = collapse(quoted);
      if (phrase) (negate ? query.excluded : query.phrases).push(phrase);
      continue;
    }
    const word = readWord(s);
    const field = /^([\p{L}_]+):(.*)$/u.exec(word);
    const name = field?.[1];
    const known = name !== undefined ? fieldOf(name) : undefined;
    if (field && name !== undefined && known === undefined) {
      const guess = misspelledField(name);
      // "http://..." and "arxiv:2310.06825" are text; "autor:dao" is a mistake worth naming.
      if (guess && !(field[2] ?? '').startsWith('//')) {
        return { ok: false, error: `there is no filter "${clip(name, 20)}:". Did you mean ${guess}:? Filters: ${FIELDS.map((f) => `${f}:`).join(' ')}` };
      }
    }
    if (!field || known === undefined) {
      if (negate) query.excluded.push(word);
      else query.words.push(word);
      continue;
    }
    let value = field[2] ?? '';
    if (value === '') {
      // author:"Tri Dao", or author: dao (a space after the colon, as Discord's option chips teach).
      while (isSpace(s.text[s.i])) s.i++;
      if (OPEN_QUOTES.has(s.text[s.i] ?? '')) {
        const quoted = readQuoted(s);
        if (quoted === undefined) return unclosed();
        value = quoted;
      } else value = readWord(s);
    }
    value = collapse(value);
    const filter = readFilter(known, value, negate);
    if (typeof filter === 'string') return { ok: false, error: filter };
    query.filters.push(filter);
  }
  return { ok: true, query };
}

function readFilter(field: Field, value: string, negate: boolean): Filter | string {
  if (value === '') return `${field}: needs a value, e.g. ${EXAMPLES[field]}`;
  switch (field) {
    case 'author':
    case 'org':
    case 'topic':
      return { field, value, negate };
    case 'year': {
      const years = parseYears(value);
      return typeof years === 'string' ? years : { field, ...years, negate };
    }
    case 'after':
    case 'before': {
      const date = parseDateBound(value);
      return typeof date === 'string' ? `${field}: ${date}` : { field, date, negate };
    }
    case 'has':
      return value.toLowerCase() === 'code' ? { field, value: 'code', negate } : `has: only knows code (has:code, or -has:code for papers without)`;
  }
}

const EXAMPLES: Readonly<Record<Field, string>> = {
  author: 'author:"Tri Dao" or author:dao',
  org: 'org:"NewMind AI"',
  topic: 'topic:optimizers',
  year: 'year:2025 or year:2023..2025',
  after: 'after:2025-06',
  before: 'before:2024',
  has: 'has:code',
};

/** Whether the query names anything to rank by (words or phrases), or only filters papers. */
export function hasSearchText(q: StructuredQuery): boolean {
  return q.words.length > 0 || q.phrases.length > 0;
}

/** Whether the query uses any of the language (so a plain query keeps its old, plain path). */
export function isStructured(q: StructuredQuery): boolean {
  return q.phrases.length > 0 || q.excluded.length > 0 || q.filters.length > 0;
}

/** The text the ranking engine sees: free words, then the phrases' words. */
export function searchText(q: StructuredQuery): string {
  return [...q.words, ...q.phrases].join(' ');
}

const quoteIfNeeded = (v: string) => (/[\s"“”„]/.test(v) || v === '' ? `"${v.replace(/["“”„]/g, '')}"` : v);

function formatFilter(f: Filter): string {
  const sign = f.negate ? '-' : '';
  switch (f.field) {
    case 'year':
      return `${sign}year:${f.from === f.to ? f.from : `${f.from}..${f.to}`}`;
    case 'after':
    case 'before':
      return `${sign}${f.field}:${f.date.text}`;
    case 'has':
      return `${sign}has:code`;
    default:
      return `${sign}${f.field}:${quoteIfNeeded(f.value)}`;
  }
}

/**
 * Canonical text of a query: parsing it gives the same query back (words may be given in `words`
 * already compacted by the caller). Words that could read as syntax are quoted out of harm's way
 * only if needed: a word never contains a space or quote, and a "field:" word stays a word only
 * when its field is unknown, which formatting does not change.
 */
export function formatStructuredQuery(q: StructuredQuery): string {
  // A leading dash is punctuation to the analyzer; written back it would turn the word into -word.
  const words = q.words.map((w) => w.replace(/^-+/, '')).filter(Boolean);
  return [...words, ...q.phrases.map((p) => `"${p}"`), ...q.excluded.map((e) => (/\s/.test(e) ? `-"${e}"` : `-${e}`)), ...q.filters.map(formatFilter)]
    .filter(Boolean)
    .join(' ');
}
