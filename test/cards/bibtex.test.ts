// Cite's BibTeX, read back by Better BibTeX's strict parser (@retorquere/bibtex-parser): every entry
// must parse without errors and give back the paper's own title, authors, year and arXiv fields.
import { parse } from '@retorquere/bibtex-parser';
import { describe, expect, it } from 'vitest';
import { bibtex, citationKey, latexEscape } from '../../src/cards/bibtex.js';
import { plainCitation } from '../../src/cards/citation-text.js';
import { citeCard } from '../../src/cards/cite-card.js';
import { LIMITS } from '../../src/cards/limits.js';
import type { Paper } from '../../src/corpus/schema.js';
import { cleanLine } from '../../src/safe-text.js';
import { makePaper, realCorpus } from '../support/context.js';
import { realExportCorpus, sharedExportAvailable } from '../support/real-export.js';

/** Parses with no sentence-casing (we compare text, not a style's casing); throws on any parse error. */
function parseOne(entry: string) {
  const lib = parse(entry, { sentenceCase: false, english: false });
  expect(lib.errors).toEqual([]);
  expect(lib.entries).toHaveLength(1);
  return lib.entries[0]!;
}

const arxivPaper = makePaper({
  id: '2405.15738',
  arxivId: '2405.15738',
  title: 'ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models',
  authors: ['Chunjiang Ge', 'Sijie Cheng', 'Ziming Wang', 'José Müller'],
  publishedAt: '2024-05-24',
});

describe('a BibTeX entry for Cite', () => {
  it('is an arXiv @misc: eprint, archivePrefix, url and the year, keyed like Google Scholar', () => {
    const entry = bibtex(arxivPaper);
    expect(entry).toMatch(/^@misc\{ge2024convllava,\n/);
    const parsed = parseOne(entry);
    expect(parsed.type).toBe('misc');
    expect(parsed.key).toBe('ge2024convllava');
    expect(parsed.fields.title).toBe(arxivPaper.title);
    expect(parsed.fields.author).toEqual([
      { firstName: 'Chunjiang', lastName: 'Ge' },
      { firstName: 'Sijie', lastName: 'Cheng' },
      { firstName: 'Ziming', lastName: 'Wang' },
      { firstName: 'José', lastName: 'Müller' },
    ]);
    expect(parsed.fields).toMatchObject({ year: '2024', eprint: '2405.15738', archiveprefix: 'arXiv', url: 'https://arxiv.org/abs/2405.15738' });
    expect(parsed.fields.primaryclass).toBeUndefined();
  });

  it('writes primaryClass when the arXiv category is known', () => {
    expect(parseOne(bibtex(arxivPaper, { primaryClass: 'cs.CV' })).fields.primaryclass).toBe('cs.CV');
  });

  it('escapes LaTeX specials so titles with & % $ # _ ^ ~ \\ < > | and braces survive, balanced', () => {
    const title = "Cats & Dogs: 100% of $x_1^2$ in #1 ~ a {weird} \\title} Let's <think> | LMK > CLS";
    const parsed = parseOne(bibtex(makePaper({ id: 'weird', title })));
    expect(parsed.fields.title).toBe(title);
  });

  it('never lets a backtick close the Discord code block it is shown in', () => {
    const entry = bibtex(makePaper({ id: 'tick', title: 'Why ```code``` fences `break` chats' }));
    expect(entry).not.toContain('`');
    parseOne(entry);
  });

  it('braces names that would read as "Last, First" or as two people', () => {
    const parsed = parseOne(bibtex(makePaper({ id: 'names', title: 'Names', authors: ['Smith, John', 'Ann and Bob', 'Plain Name'] })));
    expect(parsed.fields.author).toEqual([{ name: 'Smith, John' }, { name: 'Ann and Bob' }, { firstName: 'Plain', lastName: 'Name' }]);
  });

  it('cites an organisation as one author, and says when the arXiv id is unknown instead of inventing one', () => {
    const entry = bibtex(makePaper({ id: 'org-paper', title: 'Turkish Models', organization: 'NewMind AI', publishedAt: '2025-02-01' }));
    const parsed = parseOne(entry);
    expect(parsed.fields.author).toEqual([{ name: 'NewMind AI' }]);
    expect(parsed.fields.eprint).toBeUndefined();
    expect(parsed.fields.archiveprefix).toBeUndefined();
    expect(parsed.fields.note).toMatch(/arXiv identifier not known/);
  });

  it('ends a shortened author list with "and others", BibTeX\'s own marker', () => {
    const authors = Array.from({ length: 30 }, (_, i) => `Author Number${i}`);
    const parsed = parseOne(bibtex(makePaper({ id: 'many', title: 'Many', authors }), { maxAuthors: 3 }));
    expect((parsed.fields.author ?? []).map((a) => a.lastName ?? a.name)).toEqual(['Number0', 'Number1', 'Number2', 'others']);
  });

  it('keys are plain ASCII even for accented names and non-Latin titles', () => {
    expect(citationKey(makePaper({ id: 'x', title: 'Über Alles', authors: ['Łukasz Kaiser'], publishedAt: '2017-06-12' }))).toBe('kaiser2017uber');
    expect(citationKey(makePaper({ id: 'zh-paper', title: '大模型', publishedAt: '2025-01-01' }))).toMatch(/^[a-z0-9]+$/);
  });

  it('escapes nothing that is ordinary text', () => {
    expect(latexEscape('Attention Is All You Need')).toBe('Attention Is All You Need');
  });
});

describe('the Cite reply', () => {
  it('is private and holds the entry in a bibtex code block', () => {
    const card = citeCard(arxivPaper);
    expect(card.flags).toBe(64);
    expect(card.content).toBe(`\`\`\`bibtex\n${bibtex(arxivPaper)}\n\`\`\``);
  });

  it('fits Discord by shortening the author list, never by cutting the entry', () => {
    const authors = Array.from({ length: 400 }, (_, i) => `Firstname Lastname${i}`);
    const card = citeCard(makePaper({ id: 'huge', arxivId: '2501.00001', title: 'A Big Collaboration', authors }));
    expect(card.content!.length).toBeLessThanOrEqual(LIMITS.content);
    const entry = /```bibtex\n([\s\S]*)\n```$/.exec(card.content!)![1]!;
    expect(parseOne(entry).fields.author?.at(-1)).toEqual({ lastName: 'others' });
  });
});

describe('the plain-text reference', () => {
  it('reads like APA: authors, year, title, arXiv id and link', () => {
    expect(plainCitation(arxivPaper)).toBe(
      'Ge, C., Cheng, S., Wang, Z., & Müller, J. (2024). ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models. arXiv:2405.15738. https://arxiv.org/abs/2405.15738',
    );
  });

  it('puts the title first when no author is known, and shortens long lists with et al.', () => {
    expect(plainCitation(makePaper({ id: 'anon', title: 'Anonymous Work', publishedAt: '2023-01-01' }))).toBe('Anonymous Work. (2023).');
    const many = makePaper({ id: 'many', title: 'Many', authors: Array.from({ length: 9 }, (_, i) => `A B${i}`), publishedAt: '2024-01-01' });
    expect(plainCitation(many)).toMatch(/^B0, A\., B1, A\., B2, A\., B3, A\., B4, A\., B5, A\., et al\. \(2024\)\. Many\.$/);
  });
});

/** What TeX makes of plain text: "--" and "---" are its en and em dashes (titles from arXiv are TeX source). */
const asTex = (text: string) => cleanLine(text).replace(/---/g, '—').replace(/--/g, '–').replace(/`/g, 'ˋ');

/** Every paper's entry parses, and gives back its title and first author exactly (as TeX reads them). */
function checkAll(papers: readonly Paper[]) {
  const entries = papers.map((p) => bibtex(p));
  const lib = parse(entries.join('\n\n'), { sentenceCase: false, english: false });
  expect(lib.errors).toEqual([]);
  expect(lib.entries).toHaveLength(papers.length);
  const wrong = lib.entries.flatMap((e, i) => {
    const p = papers[i]!;
    const first = e.fields.author?.[0];
    const firstName = first ? (first.name ?? [first.firstName, first.prefix, first.lastName].filter(Boolean).join(' ')) : undefined;
    const titleOk = e.fields.title === asTex(p.title);
    const authorOk = p.authors.length === 0 || firstName?.replace(/\s+/g, ' ') === asTex(p.authors[0]!);
    return titleOk && authorOk ? [] : [{ id: p.id, title: e.fields.title, want: p.title, author: firstName, wantAuthor: p.authors[0] }];
  });
  expect(wrong.slice(0, 5)).toEqual([]);
}

describe('every paper in the corpus cites as valid BibTeX', () => {
  it('the seed corpus', () => {
    checkAll(realCorpus().corpus.papers);
  });

  // The parser takes ~10 ms an entry, so not all 8,889 (a full run passed when this was written, in 64 s at
  // load 11): every paper whose title or authors hold a TeX-special character or a dash pair (~170, where
  // escaping can go wrong), plus every 10th paper for the ordinary rest.
  it.skipIf(!sharedExportAvailable())('the real Hugging Face export: every paper with TeX specials, and every 10th', () => {
    const risky = /[\\{}&%$#_^~`<>|"]|--/;
    const papers = realExportCorpus().papers.filter((p, i) => i % 10 === 0 || risky.test(`${p.title} ${p.authors.join(' ')}`));
    expect(papers.length).toBeGreaterThan(1000);
    checkAll(papers);
  }, 120_000);
});
