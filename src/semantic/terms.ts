// The term sequence the semantic layer sees for a text. It is built from the search analyser
// (src/search/text.ts tokenize), so every learned vector belongs to a term the index also holds:
// stemmed words ("instabil", "spike") and hyphen/dot compounds ("low-rank", "8-bit").
import { tokenize } from '../search/text.js';

/**
 * Stems in reading order, each compound emitted right after its parts ("low-rank" gives
 * low, rank, low-rank): a compound then shares its parts' contexts and learns its own.
 * `query` drops question words ("which papers ..."), as the search does.
 */
export function semanticTerms(text: string, options: { query?: boolean } = {}): string[] {
  const out: string[] = [];
  for (const token of tokenize(text, options)) {
    for (const part of token.parts) out.push(part);
    // A compound of single characters only ("4-5") is noise for co-occurrence.
    if (token.compound && token.compound.length > 2 && token.parts.length > 0) out.push(token.compound);
  }
  return out;
}
