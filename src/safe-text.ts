// One sanitiser for text that came from outside (imported papers, the HF feed, typed input) before it is
// stored, sent to Discord or printed. Terminal escape sequences can retitle or clear a terminal, or write
// the clipboard (OSC 52); NUL and other C0/C1 controls break embeds and logs. A leaf module: every layer
// may import it.
/* eslint-disable no-control-regex -- matching control characters is this module's job */

// ECMA-48: CSI (ESC [ or 8-bit 0x9B) parameters, intermediates, one final byte.
const CSI = /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?/g;
// String sequences: OSC, DCS, SOS, PM, APC (7- or 8-bit introducers) up to BEL or ST. An unterminated one
// runs to the end of the text, which is what a terminal would swallow too.
const STRING_SEQUENCE = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)/g;
// Any other escape: ESC plus its one following character (charset selection, RIS "ESC c", ...).
const OTHER_ESCAPE = /\x1b[\x20-\x7e]?/g;
// C0 except tab, line feed and carriage return; DEL; C1.
const CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_UNSAFE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\uD800-\uDFFF]/;

/**
 * Removes escape sequences (whole, so no "[2J" residue is left) and control characters other than tab
 * and line breaks, and replaces lone surrogates with U+FFFD. Ordinary text (RTL, emoji, CJK) is unchanged.
 */
export function stripControls(text: string): string {
  if (!HAS_UNSAFE.test(text)) return text; // the common case: no allocation
  return text.replace(STRING_SEQUENCE, '').replace(CSI, '').replace(OTHER_ESCAPE, '').replace(CONTROLS, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** A one-line field (title, author, keyword): controls removed and every run of whitespace one space. */
export function cleanLine(text: string): string {
  return collapseSpaces(stripControls(text));
}

/**
 * Whitespace collapseSpaces changes: any but a plain space, a space before more whitespace, or
 * whitespace at either end (\s and trim() know the same characters).
 */
const UNCOLLAPSED = /[^\S ]| \s|^\s|\s$/;

/**
 * Every run of whitespace one space, trimmed. A text already so (most titles, names and keywords) is
 * returned as it is rather than rebuilt: an import cleans hundreds of thousands of them.
 */
export function collapseSpaces(text: string): string {
  return UNCOLLAPSED.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

/** Whether the text holds anything stripControls would remove or replace. */
export function hasControls(text: string): boolean {
  return stripControls(text) !== text;
}

/**
 * Terminal output that carries our own colours: keeps SGR colour codes (ESC [ ... m), which can only
 * style text, and removes every other sequence and control. For a stored value that slipped past ingest.
 */
export function safeForTerminal(text: string): string {
  if (!HAS_UNSAFE.test(text)) return text;
  const kept: string[] = [];
  const parked = text.replace(/\x1b\[[0-9;]*m/g, (sgr) => `\uE0FF${kept.push(sgr) - 1}\uE0FE`);
  return stripControls(parked).replace(/\uE0FF(\d+)\uE0FE/g, (_m, i: string) => kept[Number(i)] ?? '');
}

/** Deep-cleans every string in a JSON-like value (a Discord payload): the last line before it is sent. */
export function stripControlsDeep<T>(value: T): T {
  if (typeof value === 'string') return stripControls(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const c = stripControlsDeep(v);
      if (c !== v) changed = true;
      return c;
    });
    return (changed ? out : value) as T;
  }
  if (value && typeof value === 'object') {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = stripControlsDeep(v);
      if (c !== v) changed = true;
      out[k] = c;
    }
    return (changed ? out : value) as T;
  }
  return value;
}

/** JSON for a terminal or pipe: JSON.stringify escapes C0 and lone surrogates but leaves DEL and C1 (8-bit CSI/OSC) raw. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\x7f-\x9f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
