// Layout B ("listing-b"): a Hugging Face "Daily Papers" page copied as text. Paragraphs are
// separated by blank lines; each paper is
//   title / abstract / "  • N authors" or "<handle> <Organisation Name>", "·", "<date> [upvotes]"
// where the date is "Oct 9, 2023" or, for the capture year, just "Sep 2". A page header
// ("new", "Subscribe", "Daily Papers", the listing date ...) precedes the first paper.
import type { Problem } from '../problems.js';
import type { ParseOptions, ParseResult, RawRecord } from './record.js';
import { emptyRecord, isCalendarDate, looksLikeAbstract } from './record.js';

interface Block {
  line: number;
  lines: string[];
}

const SEPARATOR = '·';
const HEADER_LINE = /^(?:new|Subscribe|Daily Papers|Get trending papers in your email inbox.*|by.* and the research community|[A-Z][a-z]{2} \d{1,2})$/;
const AUTHORS_LINE = /^•\s*(\d+)\s+authors?$/;
const DATE_LINE = /^([A-Z][a-z]{2,3})\.?\s+(\d{1,2})(?:,\s*(\d{4}))?(?:\s+(\d+))?$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function toBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') {
      current = undefined;
      return;
    }
    if (!current) {
      current = { line: index + 1, lines: [] };
      blocks.push(current);
    }
    current.lines.push(line);
  });
  return blocks;
}

export interface ListingDate {
  date: string;
  upvotes?: number;
}

/** "Oct 9, 2023" / "Sep 2 2" (capture year, 2 upvotes) / "Sep 25, 2023 2". */
export function parseListingDate(text: string, defaultYear?: number): ListingDate | string {
  const match = DATE_LINE.exec(text.trim());
  if (!match) return `unrecognised date "${text}"`;
  const [, monthName = '', dayText = '', yearText, upvotesText] = match;
  const month = MONTHS.indexOf(monthName.slice(0, 3).toLowerCase()) + 1;
  const day = Number(dayText);
  const year = yearText ? Number(yearText) : defaultYear;
  if (month === 0) return `unknown month in date "${text}"`;
  if (year === undefined) return `date "${text}" has no year and the source declares no default year`;
  if (!isCalendarDate(year, month, day)) return `impossible date "${text}"`;
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return upvotesText === undefined ? { date } : { date, upvotes: Number(upvotesText) };
}

function applyMeta(record: RawRecord, meta: Block, file: string, options: ParseOptions, problems: Problem[]): void {
  const sep = meta.lines.indexOf(SEPARATOR);
  const who = meta.lines.slice(0, sep);
  const when = meta.lines.slice(sep + 1);
  const report = (offset: number, message: string): void => {
    problems.push({ file, line: meta.line + offset, message });
  };

  if (who.length !== 1) report(0, `expected one author or organisation line before "${SEPARATOR}", found ${who.length}`);
  const whoLine = who.at(-1);
  if (whoLine !== undefined) {
    const authors = AUTHORS_LINE.exec(whoLine);
    if (authors) record.authorCount = Number(authors[1]);
    else if (whoLine.startsWith('•')) report(sep - 1, `unrecognised author line "${whoLine}"`);
    // "newmindai NewMind AI": the account handle, then the organisation's display name.
    else record.organization = whoLine.replace(/^\S+\s+(?=\S)/, '');
  }

  const dateLine = when[0];
  if (dateLine === undefined) {
    report(sep, 'missing date line');
    return;
  }
  if (when.length > 1) report(sep + 2, `unexpected text after the date: "${when[1]}"`);
  const parsed = parseListingDate(dateLine, options.defaultYear);
  if (typeof parsed === 'string') report(sep + 1, parsed);
  else {
    record.publishedAt = parsed.date;
    if (parsed.upvotes !== undefined) record.upvotes = parsed.upvotes;
  }
}

export function parseLayoutB(text: string, file: string, options: ParseOptions = {}): ParseResult {
  const records: RawRecord[] = [];
  const problems: Problem[] = [];
  let pending: Block[] = [];
  let atStart = true;

  const flush = (meta: Block | undefined): void => {
    if (atStart) {
      while (pending.length > 0 && (pending[0]?.lines ?? []).every((l) => HEADER_LINE.test(l))) pending.shift();
    }
    // Title and abstract come in pairs; a paper that lost its metadata still pairs up.
    if (pending.length % 2 === 1) {
      const stray = pending.shift() as Block;
      problems.push({ file, line: stray.line, message: `unrecognised text "${stray.lines[0]}" (skipped)` });
    }
    for (let i = 0; i < pending.length; i += 2) {
      const titleBlock = pending[i] as Block;
      const abstractBlock = pending[i + 1] as Block;
      const title = titleBlock.lines.join(' ');
      const abstract = abstractBlock.lines.join(' ');
      if (looksLikeAbstract(title) || !looksLikeAbstract(abstract)) {
        problems.push({ file, line: titleBlock.line, message: `expected a title line then an abstract paragraph (skipped)` });
        continue;
      }
      const record = emptyRecord({ file, line: titleBlock.line }, title, abstract);
      const isLast = i + 2 >= pending.length;
      if (isLast && meta) applyMeta(record, meta, file, options, problems);
      else problems.push({ file, line: titleBlock.line, message: 'paper has no author/date lines' });
      records.push(record);
      atStart = false;
    }
    if (meta && pending.length === 0) {
      problems.push({ file, line: meta.line, message: 'author/date lines without a title and abstract (skipped)' });
    }
    pending = [];
  };

  for (const block of toBlocks(text)) {
    if (block.lines.includes(SEPARATOR)) flush(block);
    else pending.push(block);
  }
  if (pending.length > 0) flush(undefined);
  return { records, problems };
}
