// The Cite button's private reply: the paper's BibTeX in a code block, ready to copy. Discord's content
// limit (2,000 characters) is met by shortening the author list to "and others", never by cutting the entry.
import type { Paper } from '../corpus/schema.js';
import { payload, type ReplyPayload } from '../reply.js';
import { bibtex, type CitationOptions } from './bibtex.js';
import { checked, LIMITS } from './limits.js';

/** Author caps tried in turn until the entry fits: everyone, then fewer. */
const AUTHOR_STEPS = [Number.POSITIVE_INFINITY, 20, 10, 5, 1];

export function citeMessage(entry: string): string {
  return `\`\`\`bibtex\n${entry}\n\`\`\``;
}

export function citeCard(paper: Paper, opts: Omit<CitationOptions, 'maxAuthors'> = {}): ReplyPayload {
  for (const maxAuthors of AUTHOR_STEPS) {
    const content = citeMessage(bibtex(paper, { ...opts, maxAuthors }));
    if (content.length <= LIMITS.content) return checked(payload({ content }, { ephemeral: true }));
  }
  // Only a title of well over a thousand characters gets here; a cut entry would not compile, so say so.
  return checked(
    payload({ content: `This paper's BibTeX entry is too long to show in Discord. Run \`npx paperboy cite ${paper.id}\` to get it.` }, { ephemeral: true }),
  );
}
