// The text of a UTF-8 JSON file as a one-byte string: every non-ASCII character written as a \uXXXX
// escape, which JSON.parse reads back as the same character. Decoding the real exports (18 MB, a
// thousand or two non-ASCII characters) as UTF-8 gives a two-byte string twice the file's size, which
// the importer then parses and walks; this one is the file's size and parses faster. Only valid where
// every non-ASCII character is inside a JSON string: an escape anywhere else is a syntax error, so a
// caller that gets one from JSON.parse decodes the file as plain UTF-8 and parses that instead.
const BACKSLASH = 0x5c;

/** `\uXXXX` for every UTF-16 unit of `text`. */
function escapeUnits(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += `\\u${text.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/**
 * The file as ASCII JSON text, or undefined when that cannot stand for it: a byte-order mark at the
 * start (the caller strips it from the decoded text), or a non-ASCII character right after a
 * backslash that escapes it (invalid JSON, which an escape would turn into valid JSON saying
 * something else).
 */
export function asciiJsonText(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return undefined;
  const parts: string[] = [];
  let ascii = 0; // start of the current ASCII run
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    if ((bytes[i] as number) < 0x80) continue;
    let end = i + 1;
    while (end < n && (bytes[end] as number) >= 0x80) end++;
    let backslashes = 0;
    while (i - 1 - backslashes >= ascii && bytes[i - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 1) return undefined;
    parts.push(bytes.toString('latin1', ascii, i));
    // A run of non-ASCII bytes ends at an ASCII byte, where UTF-8 decoding of the whole file also ends
    // any sequence in progress: the run decodes (invalid bytes to U+FFFD included) as it would in place.
    parts.push(escapeUnits(bytes.toString('utf8', i, end)));
    ascii = end;
    i = end - 1;
  }
  if (parts.length === 0) return bytes.toString('latin1', 0, n);
  parts.push(bytes.toString('latin1', ascii, n));
  return parts.join('');
}
