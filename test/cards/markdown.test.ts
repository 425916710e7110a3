import { describe, expect, it } from 'vitest';
import { encodeQueryValue, escapeMarkdown, mdLink, neutraliseMentions, safeInline } from '../../src/cards/markdown.js';

describe('escapeMarkdown', () => {
  it('escapes emphasis, code, spoiler and link characters', () => {
    expect(escapeMarkdown('a*b_c~d`e|f[g]h')).toBe('a\\*b\\_c\\~d\\`e\\|f\\[g\\]h');
  });

  it('escapes block syntax only at a line start', () => {
    expect(escapeMarkdown('> quoted\n# heading\n- item\n1. first\na > b - c')).toBe('\\> quoted\n\\# heading\n\\- item\n1\\. first\na > b - c');
  });

  it('escapes backslashes first, so a title ending in one cannot swallow the next character', () => {
    expect(escapeMarkdown('C:\\*')).toBe('C:\\\\\\*');
  });
});

describe('neutraliseMentions', () => {
  it('breaks @everyone, @here and user, role and channel mentions', () => {
    const out = neutraliseMentions('@everyone @here <@123> <@!456> <@&789> <#101>');
    expect(out).not.toMatch(/@everyone|@here|<@!?\d+>|<@&\d+>|<#\d+>/);
    expect(out.replace(/\u200b/g, '')).toBe('@everyone @here <@123> <@!456> <@&789> <#101>');
  });
});

describe('safe text helpers', () => {
  it('safeInline collapses line breaks so a title stays on one line', () => {
    expect(safeInline('Deep\n  *Learning*')).toBe('Deep \\*Learning\\*');
  });

  it('link URLs cannot close the markdown link early', () => {
    expect(mdLink('x', 'https://e.org/a_(b)')).toBe('[x](https://e.org/a_%28b%29)');
    expect(encodeQueryValue("it's (fun)!")).toBe('it%27s%20%28fun%29%21');
  });
});
