// A paper as one line of plain-text reference (APA-like: "Ge, C., Cheng, S., … (2024). Title. arXiv:ID. URL"),
// for `paperboy cite --format text` and pasting into anything that is not LaTeX. Pure.
import type { Paper } from '../corpus/schema.js';
import { cleanLine } from '../safe-text.js';
import { citationUrl, citationYear, familyName } from './bibtex.js';

/** APA lists up to 20 authors; past that, the first 19, an ellipsis and the last. We keep it shorter for chat. */
const AUTHORS_LISTED = 6;

/** "Chunjiang Ge" -> "Ge, C."; a one-word name stays as it is. */
function apaName(name: string): string {
  const clean = cleanLine(name);
  const family = familyName(clean);
  const given = clean.slice(0, clean.length - family.length).trim();
  if (!given) return family;
  const initials = given.split(/[\s]+/).map((part) => part.split('-').map((p) => `${[...p][0] ?? ''}.`).join('-'));
  return `${family}, ${initials.join(' ')}`;
}

function authorsPart(paper: Paper): string | undefined {
  const names = paper.authors.map(cleanLine).filter(Boolean);
  if (names.length === 0) return paper.organization ? cleanLine(paper.organization) : undefined;
  const listed = names.slice(0, AUTHORS_LISTED).map(apaName);
  const more = names.length > listed.length || (paper.authorCount ?? 0) > names.length;
  if (more) return `${listed.join(', ')}, et al.`;
  if (listed.length === 1) return listed[0];
  return `${listed.slice(0, -1).join(', ')}, & ${listed.at(-1)}`;
}

export function plainCitation(paper: Paper): string {
  const title = `${cleanLine(paper.title).replace(/[.\s]+$/, '')}.`;
  const date = `(${citationYear(paper) ?? 'n.d.'}).`;
  const authors = authorsPart(paper);
  // APA: with no author, the title takes the author's place, before the date.
  const parts = [
    ...(authors ? [authors, date, title] : [title, date]),
    paper.arxivId ? `arXiv:${paper.arxivId}.` : undefined,
    citationUrl(paper),
  ];
  return parts.filter(Boolean).join(' ');
}
