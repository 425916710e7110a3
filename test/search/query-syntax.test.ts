import { describe, expect, it } from 'vitest';
import { formatStructuredQuery, hasSearchText, parseStructuredQuery, searchText, type ParseResult, type StructuredQuery } from '../../src/search/query-syntax.js';
import { editDistance } from '../../src/search/spelling.js';

function ok(input: string): StructuredQuery {
  const r = parseStructuredQuery(input);
  if (!r.ok) throw new Error(`expected ${input} to parse, got: ${r.error}`);
  return r.query;
}
function error(input: string): string {
  const r: ParseResult = parseStructuredQuery(input);
  if (r.ok) throw new Error(`expected ${input} to be refused, got ${JSON.stringify(r.query)}`);
  return r.error;
}

describe('the query language', () => {
  it('keeps plain words as words', () => {
    expect(ok('gradient clipping')).toEqual({ words: ['gradient', 'clipping'], phrases: [], excluded: [], filters: [] });
  });

  it('reads author: with a quoted full name, a bare last name, or a space after the colon', () => {
    expect(ok('author:"Tri Dao" attention').filters).toEqual([{ field: 'author', value: 'Tri Dao', negate: false }]);
    expect(ok('author:"Tri Dao" attention').words).toEqual(['attention']);
    expect(ok('author:dao').filters).toEqual([{ field: 'author', value: 'dao', negate: false }]);
    expect(ok('Author: dao flash').filters).toEqual([{ field: 'author', value: 'dao', negate: false }]);
    expect(ok('Author: dao flash').words).toEqual(['flash']);
    expect(ok('author: "Tri   Dao"').filters).toEqual([{ field: 'author', value: 'Tri Dao', negate: false }]);
  });

  it('reads org:, topic:, has:code and their aliases', () => {
    expect(ok('org:"NewMind AI" organisation:google topic:"deep rl" has:code').filters).toEqual([
      { field: 'org', value: 'NewMind AI', negate: false },
      { field: 'org', value: 'google', negate: false },
      { field: 'topic', value: 'deep rl', negate: false },
      { field: 'has', value: 'code', negate: false },
    ]);
  });

  it('reads years, year ranges and after:/before: dates at year, month or day precision', () => {
    expect(ok('year:2025').filters).toEqual([{ field: 'year', from: 2025, to: 2025, negate: false }]);
    expect(ok('year:2023..2025').filters).toEqual([{ field: 'year', from: 2023, to: 2025, negate: false }]);
    expect(ok('after:2025-06 before:2026').filters).toEqual([
      { field: 'after', date: { text: '2025-06', start: '2025-06-01' }, negate: false },
      { field: 'before', date: { text: '2026', start: '2026-01-01' }, negate: false },
    ]);
    expect(ok('after:2024/2/29').filters).toEqual([{ field: 'after', date: { text: '2024-02-29', start: '2024-02-29' }, negate: false }]);
  });

  it('reads quoted phrases (straight or curly quotes) and -word / -"phrase" exclusions', () => {
    const q = ok('"loss spikes" -survey -"language model" “gradient clipping” adam');
    expect(q).toEqual({ words: ['adam'], phrases: ['loss spikes', 'gradient clipping'], excluded: ['survey', 'language model'], filters: [] });
    expect(searchText(q)).toBe('adam loss spikes gradient clipping');
  });

  it('negates filters with a leading dash: -has:code, -author:dao', () => {
    expect(ok('-has:code -author:dao x').filters).toEqual([
      { field: 'has', value: 'code', negate: true },
      { field: 'author', value: 'dao', negate: true },
    ]);
  });

  it('treats dashes that are not before a word as punctuation, and hyphenated words as words', () => {
    expect(ok('self-supervised - learning -- x').words).toEqual(['self-supervised', '-', 'learning', '--', 'x']);
    expect(ok('self-supervised - learning').excluded).toEqual([]);
  });

  it('searches unknown fields as words (URLs, arXiv ids, "note:"), unless the name is a typo of a field', () => {
    expect(ok('arxiv:2310.06825').words).toEqual(['arxiv:2310.06825']);
    expect(ok('https://github.com/x/y').words).toEqual(['https://github.com/x/y']);
    expect(ok('note: adam').words).toEqual(['note:', 'adam']);
    expect(error('autor:dao')).toBe('there is no filter "autor:". Did you mean author:? Filters: author: org: topic: year: after: before: has:');
    expect(error('yaer:2025')).toMatch(/Did you mean year:\?/);
    expect(error('befor:2025')).toMatch(/Did you mean before:\?/);
  });

  it('names the problem in invalid filters', () => {
    expect(error('author:"Tri Dao')).toMatch(/quote is never closed/);
    expect(error('"loss spikes')).toMatch(/quote is never closed/);
    expect(error('year:20x5')).toBe('"20x5" is not a year (year:2025, or a range year:2023..2025)');
    expect(error('year:2025..2023')).toMatch(/runs backwards; write year:2023..2025/);
    expect(error('year:1066')).toMatch(/from 1900 to 2100/);
    expect(error('after:2025-13')).toBe('after: 2025-13 is not a real date (a date such as 2025, 2025-06 or 2025-06-15)');
    expect(error('before:2025-02-30')).toMatch(/not a real date/);
    expect(error('after:yesterday')).toMatch(/"yesterday" is not a date/);
    expect(error('has:pdf')).toMatch(/has: only knows code/);
    expect(error('attention author:')).toBe('author: needs a value, e.g. author:"Tri Dao" or author:dao');
  });

  it('knows whether a query has anything to rank by', () => {
    expect(hasSearchText(ok('author:dao'))).toBe(false);
    expect(hasSearchText(ok('author:dao "flash attention"'))).toBe(true);
  });
});

describe('formatStructuredQuery', () => {
  it('writes a canonical text that parses back to the same query', () => {
    const inputs = [
      'author:"Tri Dao" attention',
      'AUTHOR: dao  year:2023..2025 -has:code "loss spikes" -survey -"language model" org:"NewMind AI"',
      'after:2025/6 before:2026-01-15 topic:"deep rl" has:code',
      'arxiv:2310.06825 self-supervised -- x',
      '-author:"Yann LeCun" -year:2020',
    ];
    for (const input of inputs) {
      const q = ok(input);
      const text = formatStructuredQuery(q);
      // Dashes before a word are punctuation to the analyzer ("--" searches nothing), so they are dropped.
      expect(ok(text), `${input} -> ${text}`).toEqual({ ...q, words: q.words.map((w) => w.replace(/^-+/, '')).filter(Boolean) });
    }
    expect(formatStructuredQuery(ok('Author: dao  year:2025 "Loss  Spikes"'))).toBe('"Loss Spikes" author:dao year:2025');
  });
});

describe('robustness', () => {
  const nasty = [
    '',
    ' ',
    '"',
    '""',
    '-',
    '-"',
    'author:',
    'author:""',
    ':',
    '::::',
    'a:b:c:d',
    '.*+?^${}()|[]\\',
    '(?<=a)b\\1',
    '👍🏽 "🎉" -🙈 author:🐍',
    '\u202eevil\u202c',
    '\u0000\u0007\u001b]0;x\u0007',
    '\ud800 lone surrogate',
    '@everyone <@123> <@&456>',
    'x'.repeat(6000),
    '"'.repeat(6000),
    'author:'.repeat(900),
    '-'.repeat(6000),
    'year:2025 '.repeat(600),
  ];
  it.each(nasty.map((s) => [s.length > 40 ? `${s.slice(0, 20)}… (${s.length} chars)` : JSON.stringify(s), s]))('never throws on %s', (_label, input) => {
    const r = parseStructuredQuery(input);
    expect(typeof r.ok).toBe('boolean');
    if (!r.ok) expect(r.error.length).toBeLessThan(200);
    else expect(() => formatStructuredQuery(r.query)).not.toThrow();
  });

  it('parses a 6,000-character query quickly (linear scan)', () => {
    const long = 'author:"Tri Dao" "a b" -c year:2025 '.repeat(170);
    const r = parseStructuredQuery(long);
    expect(r.ok).toBe(true);
  });
});

describe('editDistance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('spma', 'spam')).toBe(1);
    expect(editDistance('optimisers', 'optimizers')).toBe(1);
    expect(editDistance('autor', 'author')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'xyzuvw', 1)).toBe(2); // gave up early
  });
});
