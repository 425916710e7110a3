// Discord markdown -> wrapped terminal lines. Keeps what a reader needs and drops the syntax:
// **bold** becomes bold (plain text without colours), [text](url) becomes its underlined text (as Discord hides the URL), backslash
// escapes (which our cards add to untrusted titles) are undone, mentions and <t:…> timestamps are
// spelled out. Unmatched markers stay literal, as Discord shows them.
import { pretendChannelName } from './pretend-server.js';
import { type Piece, type Style, paint, toWords, wrapWords } from './styled.js';

const PUNCTUATION = /[!-/:-@[-`{-~]/;

const MARKERS: readonly { marker: string; key: keyof Style; wordBound?: boolean }[] = [
  { marker: '**', key: 'bold' },
  { marker: '__', key: 'underline' },
  { marker: '~~', key: 'strike' },
  { marker: '||', key: 'dim' }, // spoilers: nothing to click in a terminal, so shown dimmed
  { marker: '*', key: 'italic' },
  // Underscore emphasis needs word boundaries, or snake_case like has_code would turn italic.
  { marker: '_', key: 'italic', wordBound: true },
];

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/** Index of the closing marker at or after `from` (skipping escapes), or -1. */
function findCloser(s: string, from: number, marker: string, wordBound: boolean): number {
  for (let j = from; j < s.length; j++) {
    if (s[j] === '\\') {
      j++;
      continue;
    }
    if (!s.startsWith(marker, j)) continue;
    // A single * or _ must not match half of a ** or __ pair.
    if (marker.length === 1 && s[j + 1] === marker) {
      j++;
      continue;
    }
    if (wordBound && isWordChar(s[j + marker.length])) continue;
    return j;
  }
  return -1;
}

function link(s: string, i: number): { label: string; url: string; end: number } | null {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '[') depth++;
    else if (s[j] === ']' && --depth === 0) {
      const m = /^\((<?)(https?:\/\/[^\s)>]+)>?\)/.exec(s.slice(j + 1));
      return m ? { label: s.slice(i + 1, j), url: m[2]!, end: j + 1 + m[0].length } : null;
    }
  }
  return null;
}

/** Angle-bracket forms: <url>, mentions, <t:unix:style> timestamps, custom emoji. */
function angle(s: string, i: number): { text: string; end: number } | null {
  const m = /^<(?:(https?:\/\/[^\s>]+)|@!?(\d+)|@&(\d+)|#(\d+)|t:(-?\d+)(?::[tTdDfFR])?|a?:(\w+):\d+)>/.exec(s.slice(i));
  if (!m) return null;
  const [all, url, user, role, channel, unix, emoji] = m;
  const end = i + all.length;
  if (url) return { text: url, end };
  if (user) return { text: `@user:${user}`, end };
  if (role) return { text: `@role:${role}`, end };
  if (channel) {
    const name = pretendChannelName(channel);
    return { text: name ? `#${name}` : `#channel:${channel}`, end };
  }
  if (unix) return { text: new Date(Number(unix) * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC', end };
  return { text: `:${emoji}:`, end };
}

/** Inline markdown -> styled pieces. */
export function parseInline(s: string, style: Style = {}): Piece[] {
  const pieces: Piece[] = [];
  let buf = '';
  const flush = () => {
    if (buf) pieces.push({ text: buf, style });
    buf = '';
  };
  let i = 0;
  outer: while (i < s.length) {
    const c = s[i]!;
    if (c === '\\' && PUNCTUATION.test(s[i + 1] ?? '')) {
      buf += s[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = s.startsWith('``', i) ? 2 : 1;
      const close = s.indexOf('`'.repeat(run), i + run);
      if (close > i + run) {
        flush();
        pieces.push({ text: s.slice(i + run, close), style: { ...style, code: true } });
        i = close + run;
        continue;
      }
    }
    for (const { marker, key, wordBound } of MARKERS) {
      if (!s.startsWith(marker, i) || (wordBound && isWordChar(s[i - 1]))) continue;
      const from = i + marker.length;
      const close = findCloser(s, from, marker, wordBound ?? false);
      if (close <= from || /\s/.test(s[from]!)) continue;
      flush();
      pieces.push(...parseInline(s.slice(from, close), { ...style, [key]: true }));
      i = close + marker.length;
      continue outer;
    }
    if (c === '[') {
      const l = link(s, i);
      if (l) {
        flush();
        // As in Discord, the link hides behind its text (underlined in colour): long search URLs would
        // bury the list. The card's link buttons, numbered below it, still show where they go.
        pieces.push(...parseInline(l.label, { ...style, underline: true }));
        i = l.end;
        continue;
      }
    }
    if (c === '<') {
      const a = angle(s, i);
      if (a) {
        buf += a.text;
        i = a.end;
        continue;
      }
    }
    buf += c === '\u200b' ? '' : c; // zero-width spaces only neutralise mentions for Discord
    i++;
  }
  flush();
  return pieces;
}

/** Block markdown (paragraphs, headings, quotes, lists, code fences) -> lines wrapped to `width`. */
export function markdownLines(text: string, width: number, color: boolean): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) {
      out.push(paint({ text: line, style: { code: true } }, color));
      continue;
    }
    if (!line.trim()) {
      out.push('');
      continue;
    }
    let m: RegExpExecArray | null;
    let body = line;
    let style: Style = {};
    let first = '';
    let hang = '';
    if ((m = /^#{1,3}\s+(.*)$/.exec(line))) [body, style] = [m[1]!, { bold: true }];
    else if ((m = /^-#\s+(.*)$/.exec(line))) [body, style] = [m[1]!, { dim: true }];
    else if ((m = /^>(?:>>)?\s?(.*)$/.exec(line))) [body, first, hang] = [m[1]!, paint({ text: '> ', style: { dim: true } }, color), '  '];
    else if ((m = /^(\s*)[-*•]\s+(.*)$/.exec(line))) [body, first, hang] = [m[2]!, `${m[1]}• `, `${m[1]}  `];
    else if ((m = /^(\s*)(\*\*)?(\d+)\.(\*\*)?\s+(.*)$/.exec(line)) && !m[2] === !m[4]) {
      // Numbered lines, including our result lists' "**1.** Title", wrap under their text.
      [body, first, hang] = [m[5]!, `${m[1]}${paint({ text: `${m[3]}.`, style: { bold: !!m[2] } }, color)} `, ' '.repeat(m[1]!.length + m[3]!.length + 2)];
    }
    out.push(...wrapWords(toWords(parseInline(body, style)), Math.max(width, 10), color, first, hang));
  }
  return out;
}

/** Markdown as one plain line (for button labels, select options, author names). */
export function inlinePlain(text: string): string {
  return parseInline(text)
    .map((p) => p.text)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}
