// A paper as a BibTeX entry, in the shape arXiv's own export uses: @misc with eprint, archivePrefix and
// primaryClass (when the arXiv category is known), and the abstract page as url. Pure. Text fields are
// LaTeX-escaped so the entry compiles and parses whatever the title holds (&, %, _, braces, backticks).
import type { Paper } from '../corpus/schema.js';
import { cleanLine } from '../safe-text.js';

export interface CitationOptions {
  /** The paper's arXiv category (cs.LG); written as primaryClass. The HF feed does not carry it. */
  primaryClass?: string;
  /** Keep at most this many authors, then "and others" (BibTeX's own marker for a truncated list). */
  maxAuthors?: number;
}

const LATEX_SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  // BibTeX counts braces even when escaped, so an unbalanced \{ would end the field early: name them instead.
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
  // In LaTeX's default font encoding (OT1) these print as ¡ ¿ and an em dash: "<think>" would become "¡think¿".
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
  // Not special to LaTeX, but three of them would close the Discord code block the entry is shown in.
  '`': '\\textasciigrave{}',
};

/** Text for a BibTeX field: one line, LaTeX specials escaped. Unicode is kept (biber and modern BibTeX read UTF-8). */
export function latexEscape(text: string): string {
  return cleanLine(text).replace(/[\\{}&%$#_^~`<>|]/g, (c) => LATEX_SPECIALS[c] ?? c);
}

const KEY_STOPWORDS = new Set(['a', 'an', 'the', 'on', 'of', 'in', 'for', 'to', 'and', 'with', 'via', 'is', 'are', 'do', 'does', 'can', 'how', 'what', 'why', 'towards', 'toward']);

/** ASCII letters and digits only: "Müller" -> "muller". Keys must be plain for every BibTeX tool. */
function keyPart(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The year to cite: the paper's date, else its listing day, else the YYMM of a new-style arXiv id. */
export function citationYear(paper: Paper): string | undefined {
  const fromId = /^(\d{2})(\d{2})\.\d{4,5}/.exec(paper.arxivId ?? '');
  return paper.publishedAt?.slice(0, 4) ?? paper.listedAt?.slice(0, 4) ?? (fromId ? `20${fromId[1]}` : undefined);
}

/** Family name as BibTeX reads "First Last": the last word. */
export function familyName(name: string): string {
  return cleanLine(name).split(' ').at(-1) ?? '';
}

/** Google Scholar's key shape: first author's family name, year, first significant title word ("dao2023flashattention"). */
export function citationKey(paper: Paper): string {
  const author = keyPart(paper.authors[0] ? familyName(paper.authors[0]) : (paper.organization ?? ''));
  const word = paper.title.split(/[\s:–—-]+/).map(keyPart).find((w) => w && !KEY_STOPWORDS.has(w)) ?? '';
  const key = `${author}${citationYear(paper) ?? ''}${word}`;
  return key.slice(0, 60) || keyPart(paper.id) || 'paper';
}

/**
 * One author for an `author` field. A name with a comma or the word "and" inside would be read as
 * "Last, First" or as two people, so it is braced whole.
 */
function authorName(name: string): string {
  const text = latexEscape(name);
  return /,|\band\b/i.test(text) ? `{${text}}` : text;
}

/** The author list: names joined by "and", an organisation as one braced name when no names are known. */
function authorField(paper: Paper, maxAuthors: number): string | undefined {
  const names = paper.authors.map(cleanLine).filter(Boolean);
  if (names.length === 0) return paper.organization ? `{${latexEscape(paper.organization)}}` : undefined;
  const shown = names.slice(0, maxAuthors).map(authorName);
  const truncated = names.length > shown.length || (paper.authorCount ?? 0) > names.length;
  return [...shown, ...(truncated ? ['others'] : [])].join(' and ');
}

/** The arXiv abstract page, or the project page when the arXiv id is unknown. */
export function citationUrl(paper: Paper): string | undefined {
  if (paper.arxivId) return `https://arxiv.org/abs/${paper.arxivId}`;
  return paper.projectPage;
}

export function bibtex(paper: Paper, opts: CitationOptions = {}): string {
  const url = citationUrl(paper);
  const fields: [string, string | undefined][] = [
    // Double braces keep the title's capitals (LLM, BERT) from being lower-cased by bibliography styles.
    ['title', `{${latexEscape(paper.title)}}`],
    ['author', authorField(paper, opts.maxAuthors ?? Number.POSITIVE_INFINITY)],
    ['year', citationYear(paper)],
    ['eprint', paper.arxivId && latexEscape(paper.arxivId)],
    ['archivePrefix', paper.arxivId ? 'arXiv' : undefined],
    ['primaryClass', paper.arxivId && opts.primaryClass ? latexEscape(opts.primaryClass) : undefined],
    // url is read verbatim: only braces could break it, and a URL never has raw ones (they are percent-encoded).
    ['url', url?.replace(/[{}]/g, encodeURIComponent)],
    ['note', paper.arxivId ? undefined : 'arXiv identifier not known; check the paper page before citing'],
  ];
  const body = fields.filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '').map(([k, v]) => `  ${k} = {${v}},`);
  return `@misc{${citationKey(paper)},\n${body.join('\n')}\n}`;
}
