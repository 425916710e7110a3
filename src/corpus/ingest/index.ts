// One entry point over the per-format parsers, so build and import treat every source alike.
import type { SourceFormat } from '../manifest.js';
import { parseHfDaily } from './hf-daily.js';
import { parseLayoutA } from './layout-a.js';
import { parseLayoutB } from './layout-b.js';
import type { ParseOptions, ParseResult } from './record.js';

export type { ParseOptions, ParseResult, RawRecord } from './record.js';

export function parseSource(text: string, file: string, format: SourceFormat, options: ParseOptions = {}): ParseResult {
  switch (format) {
    case 'listing-a':
      return parseLayoutA(text, file);
    case 'listing-b':
      return parseLayoutB(text, file, options);
    case 'hf-daily-json':
      return parseHfDaily(text, file);
  }
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
