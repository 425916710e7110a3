// Size bounds for the CLI's inputs, matching the bot's: a query is at most 100 characters, as Discord's
// /search option allows. Oversized input is refused with a short echo, never printed back whole.
import { StringDecoder } from 'node:string_decoder';

/** The bot's /search bound (commands/search.ts QUERY_INPUT_MAX). */
export const QUERY_MAX = 100;
/** The bot's /ask bound (commands/ask.ts QUESTION_MAX). */
export const QUESTION_MAX = 300;
/** The bot's /paper option bound (a title or id). */
export const PAPER_MAX = 200;
/** Topic slugs are short; anything longer cannot name one. */
export const TOPIC_MAX = 100;
/** Longest stdin line kept in memory; the rest of a longer line is skipped as it streams past. */
export const LINE_MAX = 4096;

/** At most `max` characters of `text`, marked with "…" when cut, for echoing user input in messages. */
export function clip(text: string, max = QUERY_MAX): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

export type BoundedLine = { line: string; tooLong: false } | { line: string; tooLong: true };

/**
 * Lines of a stream without ever holding more than LINE_MAX characters of one: a longer line yields
 * its first LINE_MAX characters with tooLong set, and the rest of it is dropped as it arrives. (readline
 * would buffer a 1 MB line whole before handing it over.)
 */
export async function* boundedLines(input: NodeJS.ReadableStream, max = LINE_MAX): AsyncGenerator<BoundedLine> {
  const decoder = new StringDecoder('utf8');
  let line = '';
  let over = false;
  const take = function* (text: string): Generator<BoundedLine> {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const piece = text.slice(start, nl < 0 ? undefined : nl);
      if (!over) {
        line += piece;
        if (line.length > max) {
          line = line.slice(0, max);
          over = true;
        }
      }
      if (nl < 0) return;
      yield { line: line.replace(/\r$/, ''), tooLong: over } as BoundedLine;
      line = '';
      over = false;
      start = nl + 1;
    }
  };
  for await (const chunk of input) {
    yield* take(typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
  }
  yield* take(decoder.end());
  if (line || over) yield { line, tooLong: over } as BoundedLine;
}
