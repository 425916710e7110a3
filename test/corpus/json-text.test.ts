// The importer parses an export from its ASCII text (non-ASCII characters as \u escapes) instead of
// the decoded text: the same values and lines, or, where that cannot stand for the file, the decoded text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asciiJsonText } from '../../src/corpus/ingest/json-text.js';
import { parseHfDaily, parseHfDailyBytes } from '../../src/corpus/ingest/hf-daily.js';
import { mulberry32 } from '../../src/prng.js';

const FIXTURE = readFileSync(new URL('../fixtures/hf-daily-sample.json', import.meta.url));

/** JSON.parse's value for a text, or 'error'. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return 'error';
  }
}

describe('asciiJsonText', () => {
  it('writes non-ASCII characters as escapes: one-byte text, the same values and line breaks', () => {
    const bytes = Buffer.from('[\n {"title": "Über 日本 😀", "n": 1},\n "a\\\\é"\n]');
    const text = asciiJsonText(bytes) as string;
    expect(text).toBe('[\n {"title": "\\u00dcber \\u65e5\\u672c \\ud83d\\ude00", "n": 1},\n "a\\\\\\u00e9"\n]');
    expect(JSON.parse(text)).toEqual(JSON.parse(bytes.toString('utf8')));
  });

  it('gives up on a byte-order mark and on a non-ASCII character escaped by a backslash', () => {
    expect(asciiJsonText(Buffer.from('\uFEFF["x"]'))).toBeUndefined();
    expect(asciiJsonText(Buffer.from('["\\é"]'))).toBeUndefined();
    expect(asciiJsonText(Buffer.from('["\\\\\\é"]'))).toBeUndefined();
  });

  it('never parses to anything but what the decoded text parses to, on random bytes (invalid UTF-8 included)', () => {
    const random = mulberry32(5);
    const pieces = ['"', '\\', '\\\\', 'é', '日本', '😀', '\n', ' ', '[', ']', '{', '}', ',', ':', 'a', '"x"', 'null', '\uFEFF'].map((p) => Buffer.from(p));
    const raw = [0x80, 0xc3, 0xe2, 0x82, 0xf0, 0x9f, 0xff, 0xed, 0xa0].map((b) => Buffer.from([b]));
    let viaAscii = 0;
    for (let n = 0; n < 30000; n++) {
      const parts = Array.from({ length: 1 + Math.floor(random() * 12) }, () => {
        const pool = random() < 0.15 ? raw : pieces;
        return pool[Math.floor(random() * pool.length)] as Buffer;
      });
      const bytes = random() < 0.5 ? Buffer.concat([Buffer.from('["'), ...parts, Buffer.from('"]')]) : Buffer.concat(parts);
      const text = asciiJsonText(bytes);
      if (text === undefined) continue;
      const value = parsed(text);
      if (value === 'error') continue; // the importer then parses the decoded text
      viaAscii++;
      expect(value, bytes.toString('utf8')).toEqual(parsed(bytes.toString('utf8')));
    }
    expect(viaAscii).toBeGreaterThan(3000);
  });
});

describe('parseHfDailyBytes', () => {
  it('gives what parseHfDaily gives on the decoded file: the sample, with a BOM, and a broken file', () => {
    const broken = Buffer.from('[\n {"paper": {"title": "Über"}},\n é\n]');
    for (const bytes of [FIXTURE, Buffer.concat([Buffer.from('\uFEFF'), FIXTURE]), broken]) {
      expect(parseHfDailyBytes(bytes, 'x.json')).toEqual(parseHfDaily(bytes.toString('utf8'), 'x.json'));
    }
    expect(parseHfDailyBytes(broken, 'x.json').problems[0]?.message).toMatch(/^not valid JSON: .*é/);
  });
});
