// One entry point over the per-format parsers, so build and import treat every source alike.
import type { SourceFormat } from '../manifest.js';
import { parseHfDaily, parseHfDailyBytes } from './hf-daily.js';
import { parseLayoutA } from './layout-a.js';
import { parseLayoutB } from './layout-b.js';
import type { ParseOptions, ParseResult, RawRecord } from './record.js';
import { cleanLine, hasControls, stripControls } from '../../safe-text.js';

export type { ParseOptions, ParseResult, RawRecord } from './record.js';

export function parseSource(text: string, file: string, format: SourceFormat, options: ParseOptions = {}): ParseResult {
  const parsed = parseFormat(text, file, format, options);
  return { ...parsed, records: parsed.records.map(sanitizeRecord) };
}

/** parseSource over a file's bytes (UTF-8); the same result, decoded the cheapest way for its format. */
export function parseSourceBytes(bytes: Buffer, file: string, format: SourceFormat, options: ParseOptions = {}): ParseResult {
  if (format !== 'hf-daily-json') return parseSource(bytes.toString('utf8'), file, format, options);
  const parsed = parseHfDailyBytes(bytes, file);
  return { ...parsed, records: parsed.records.map(sanitizeRecord) };
}

function parseFormat(text: string, file: string, format: SourceFormat, options: ParseOptions): ParseResult {
  switch (format) {
    case 'listing-a':
      return parseLayoutA(text, file);
    case 'listing-b':
      return parseLayoutB(text, file, options);
    case 'hf-daily-json':
      return parseHfDaily(text, file);
  }
}

/**
 * Every string a source states, cleaned of terminal escapes and control characters before anything
 * stores or shows it (an imported title must not be able to retitle a terminal or put NUL in an embed).
 * One-line fields also get their whitespace collapsed; abstracts keep their line breaks for the cleaner.
 */
export function sanitizeRecord(r: RawRecord): RawRecord {
  const out: RawRecord = {
    ...r,
    rawTitle: cleanLine(r.rawTitle),
    rawAbstract: stripControls(r.rawAbstract),
    authors: r.authors.map(cleanLine).filter(Boolean),
    keywords: r.keywords.map(cleanLine).filter(Boolean),
    codeLinks: r.codeLinks.filter((l) => !hasControls(l.url)),
  };
  if (r.organization !== undefined) {
    const organization = cleanLine(r.organization);
    if (organization) out.organization = organization;
    else delete out.organization;
  }
  if (r.aiSummary !== undefined) {
    const aiSummary = cleanLine(r.aiSummary);
    if (aiSummary) out.aiSummary = aiSummary;
    else delete out.aiSummary;
  }
  if (r.projectPage !== undefined && hasControls(r.projectPage)) delete out.projectPage;
  return out;
}

/** Best guess for a file the manifest does not describe yet (used when adding new captures). */
export function detectFormat(text: string): SourceFormat | undefined {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) return 'hf-daily-json';
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  if (lines.includes('·') && lines.some((l) => /^•\s*\d+\s+authors?$/.test(l))) return 'listing-b';
  const inner = text.trim().split(/\r?\n/);
  // Layout A has no blank lines: titles and abstracts alternate line by line.
  if (inner.length >= 2 && inner.every((l) => l.trim() !== '')) return 'listing-a';
  return undefined;
}
