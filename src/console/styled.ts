// Styled terminal text: pieces of text with a style, grouped into unbreakable words, wrapped by their
// visible width, then painted with ANSI codes (or not, when colours are off). Width is measured on
// the text itself, never on escape codes, so colour never changes the layout.

export interface Style {
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  code?: boolean;
}

export interface Piece {
  text: string;
  style: Style;
}

/** Pieces that must stay on one line (a word, possibly styled in parts, like "**bold**,"). */
export type Word = Piece[];

const SGR: Record<keyof Style, string> = { bold: '1', dim: '2', italic: '3', underline: '4', strike: '9', code: '36' };

export function paint(piece: Piece, color: boolean): string {
  if (!color) return piece.text;
  const codes = (Object.keys(SGR) as (keyof Style)[]).filter((k) => piece.style[k]).map((k) => SGR[k]);
  return codes.length ? `\x1b[${codes.join(';')}m${piece.text}\x1b[0m` : piece.text;
}

export function paintWord(word: Word, color: boolean): string {
  return word.map((p) => paint(p, color)).join('');
}

/** Colour for an embed's bar: Discord's integer RGB as a 24-bit foreground colour. */
export function rgb(text: string, color: number | undefined, on: boolean): string {
  if (!on) return text;
  if (color === undefined) return `\x1b[90m${text}\x1b[0m`;
  return `\x1b[38;2;${(color >> 16) & 255};${(color >> 8) & 255};${color & 255}m${text}\x1b[0m`;
}

export const dim = (text: string, color: boolean) => paint({ text, style: { dim: true } }, color);
export const bold = (text: string, color: boolean) => paint({ text, style: { bold: true } }, color);

const ANSI_RE = /\x1b\[[0-9;]*m/g; // eslint-disable-line no-control-regex

export function stripAnsi(text: string): string {
  return text.replace(ANSI_RE, '');
}

/**
 * Columns a string takes in a terminal, close enough for layout: wide (CJK, emoji) count 2,
 * combining marks and zero-width characters 0, an emoji variation selector widens its base.
 */
export function visibleWidth(text: string): number {
  let width = 0;
  for (const ch of stripAnsi(text)) {
    const c = ch.codePointAt(0)!;
    if (c === 0xfe0f) width += 1;
    else if ((c >= 0x300 && c <= 0x36f) || c === 0x200b || c === 0x200c || c === 0x200d || c === 0xfe0e) continue;
    else if (
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1faff) ||
      c >= 0x20000
    )
      width += 2;
    else width += 1;
  }
  return width;
}

export function wordWidth(word: Word): number {
  return word.reduce((n, p) => n + visibleWidth(p.text), 0);
}

/** Splits styled pieces into words at whitespace; pieces touching without a space stay one word. */
export function toWords(pieces: readonly Piece[]): Word[] {
  const words: Word[] = [];
  let current: Word = [];
  for (const piece of pieces) {
    const parts = piece.text.split(/(\s+)/);
    parts.forEach((part, i) => {
      if (i % 2 === 1) {
        if (current.length) words.push(current);
        current = [];
      } else if (part) current.push({ text: part, style: piece.style });
    });
  }
  if (current.length) words.push(current);
  return words;
}

const sameStyle = (a: Style, b: Style) => (Object.keys(SGR) as (keyof Style)[]).every((k) => !a[k] === !b[k]);

/** Paints a line's pieces, merging neighbours of one style so a bold phrase is one escape sequence. */
function paintLine(pieces: readonly Piece[], color: boolean): string {
  const merged: Piece[] = [];
  for (const p of pieces) {
    const last = merged.at(-1);
    if (last && sameStyle(last.style, p.style)) merged[merged.length - 1] = { text: last.text + p.text, style: last.style };
    else merged.push(p);
  }
  return merged.map((p) => paint(p, color)).join('');
}

/**
 * Greedy word wrap to `width` columns. A word longer than a line gets a line of its own rather than
 * being cut: splitting a URL would make it unclickable. `first` starts the first line (already
 * painted, e.g. a list bullet) and `indent` the following ones.
 */
export function wrapWords(words: readonly Word[], width: number, color: boolean, first = '', indent = ''): string[] {
  const lines: string[] = [];
  let prefix = first;
  let line: Piece[] = [];
  let used = visibleWidth(first);
  for (const word of words) {
    const w = wordWidth(word);
    if (line.length && used + 1 + w > width) {
      lines.push(prefix + paintLine(line, color));
      prefix = indent;
      line = [];
      used = visibleWidth(indent);
    }
    if (line.length) {
      // The space between two words of one style takes that style, so runs merge.
      const before = line.at(-1)!.style;
      line.push({ text: ' ', style: sameStyle(before, word[0]!.style) ? before : {} });
      used += 1;
    }
    line.push(...word);
    used += w;
  }
  lines.push(prefix + paintLine(line, color));
  return lines;
}

/** Cuts plain text to `width` columns, marking the cut with "…". */
export function fit(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (visibleWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** Pads a painted string with spaces to `width` visible columns. */
export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleWidth(text)));
}
