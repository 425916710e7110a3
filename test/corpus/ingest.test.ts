import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseSource } from '../../src/corpus/ingest/index.js';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('source formats', () => {
  it('recognises each capture layout and the JSON export', () => {
    expect(detectFormat(read('../../corpus/sources/000_4b1891fe363cbf60.txt'))).toBe('listing-a');
    expect(detectFormat(read('../../corpus/sources/004_d814a5cb22766146.txt'))).toBe('listing-b');
    expect(detectFormat(read('../fixtures/hf-daily-sample.json'))).toBe('hf-daily-json');
    expect(detectFormat('just one line')).toBeUndefined();
  });

  it('dispatches to the parser the manifest names, passing the default year through', () => {
    const text = ['Title', '', 'x'.repeat(250), '', '  • 2 authors', '·', 'Sep 2'].join('\n');
    expect(parseSource(text, 'b.txt', 'listing-b', { defaultYear: 2024 }).records[0]?.publishedAt).toBe('2024-09-02');
    expect(parseSource('[]', 'x.json', 'hf-daily-json')).toEqual({ records: [], problems: [] });
  });
});
