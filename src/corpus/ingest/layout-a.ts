// Layout A ("listing-a"): a trending-papers page copied as text. Two newsletter header lines,
// then one title line and one abstract line per paper. The page's "Subscribe" button text is
// glued to the first title ("SubscribeEnhancing ..."). No dates, authors or ids.
import type { Problem } from '../problems.js';
import type { ParseResult, RawRecord } from './record.js';
import { emptyRecord, looksLikeAbstract } from './record.js';

const HEADER_LINE = /^(?:Get trending papers in your email inbox.*|Subscribe)$/;
// Only a capitalised word or digit right after "Subscribe" is glue; "Subscriber ..." is a title.
const SUBSCRIBE_GLUE = /^Subscribe(?=[A-Z0-9])/;

export function parseLayoutA(text: string, file: string): ParseResult {
  const records: RawRecord[] = [];
  const problems: Problem[] = [];
  let pending: { title: string; line: number } | undefined;
  let seenRecord = false;

  const lines = text.split(/\r?\n/);
  lines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    let line = rawLine.trim();
    if (line === '') return;
    if (!seenRecord && !pending) {
      if (HEADER_LINE.test(line)) return;
      line = line.replace(SUBSCRIBE_GLUE, '');
    }
    if (!pending) {
      if (looksLikeAbstract(line)) {
        problems.push({ file, line: lineNo, message: 'abstract without a title (skipped)' });
      } else {
        pending = { title: line, line: lineNo };
      }
      return;
    }
    if (looksLikeAbstract(line)) {
      records.push(emptyRecord({ file, line: pending.line }, pending.title, line));
      seenRecord = true;
      pending = undefined;
      return;
    }
    problems.push({
      file,
      line: pending.line,
      message: `title "${pending.title}" has no abstract (the next line is another title; skipped)`,
    });
    pending = { title: line, line: lineNo };
  });

  if (pending) {
    problems.push({ file, line: pending.line, message: `title "${pending.title}" at end of file has no abstract (skipped)` });
  }
  return { records, problems };
}
