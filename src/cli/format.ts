// Plain-text formatting for the CLI's human output (the --json output is built in src/cli.ts).
import type { Corpus } from '../corpus/corpus.js';
import type { Paper } from '../corpus/schema.js';
import type { Answer, SearchHit } from '../search/types.js';
import { publishedYear } from '../cards/links.js';
import { topicNames } from '../cards/topic-names.js';
import { stripControls } from '../safe-text.js';

export function year(p: Paper): number | undefined {
  const y = publishedYear(p);
  return y ? Number(y) : undefined;
}

export function codeUrl(p: Paper): string | undefined {
  return p.codeLinks[0]?.url;
}

export function wrap(text: string, width: number, indent = ''): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out.join('\n');
}


// Every formatter returns text with control characters removed: a stored title must not drive the terminal.
export function formatHits(corpus: Corpus, hits: readonly SearchHit[], total: number): string {
  if (hits.length === 0) return 'No papers found. Try fewer words or drop a filter.';
  const lines = hits.map((h, i) => {
    const y = year(h.paper);
    const code = codeUrl(h.paper);
    return [
      `${String(i + 1).padStart(2)}. ${h.paper.title}${y ? ` (${y})` : ''}`,
      `    ${h.paper.id} · ${topicNames(h.paper, corpus).join(', ')}${code ? ` · code: ${code}` : ''} · score ${h.score.toFixed(2)}`,
    ].join('\n');
  });
  return stripControls(`${lines.join('\n')}\n${hits.length < total ? `(${hits.length} of ${total} results; --limit shows more)` : `(${total} result${total === 1 ? '' : 's'})`}`);
}

export function formatPaper(corpus: Corpus, p: Paper, width = 100): string {
  const facts: string[] = [];
  const authors = p.authors.length ? p.authors.join(', ') : p.authorCount ? `${p.authorCount} authors` : undefined;
  if (authors) facts.push(`Authors: ${authors}`);
  if (p.organization) facts.push(`Organisation: ${p.organization}`);
  if (p.publishedAt) facts.push(`Published: ${p.publishedAt}`);
  if (p.upvotes !== undefined) facts.push(`Upvotes: ${p.upvotes}`);
  facts.push(`Topics: ${topicNames(p, corpus).join(', ')}`);
  for (const link of p.codeLinks) facts.push(`Code (${link.kind}): ${link.url}${p.githubStars !== undefined && link.kind === 'github' ? ` ★${p.githubStars}` : ''}`);
  if (p.arxivId) facts.push(`arXiv: https://arxiv.org/abs/${p.arxivId}`);
  return stripControls([p.title, `id: ${p.id}`, ...facts, '', wrap(p.abstract, width)].join('\n'));
}

export function formatAnswer(answer: Answer, width = 100): string {
  if (answer.sentences.length === 0) return 'Nothing in the corpus answers that. Try /search with a few keywords.';
  return stripControls(answer.sentences.map((s, i) => `${wrap(`[${i + 1}] "${s.text}"`, width)}\n    — ${s.paper.title} (${s.paper.id})`).join('\n'));
}
