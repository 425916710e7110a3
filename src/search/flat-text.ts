// A paper's text as lowercase words between single spaces (" loss spikes in llm training "), cached
// per Paper object: phrase and exclusion checks and the did-you-mean vocabulary scan thousands of
// papers per query, and normalising each abstract every time dominated their cost. The cache is
// keyed weakly, so a replaced corpus view takes its entries with it.
import type { Paper } from '../corpus/schema.js';
import { normalizeText } from './text.js';

const CJK_CHAR = /([\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}])/gu;

/**
 * Words separated by single spaces and padded with one, so `includes(" loss spikes ")` finds a
 * whole-word phrase. CJK has no spaces between words: each of its characters counts as a word.
 */
export function flat(text: string): string {
  const words = normalizeText(text).replace(CJK_CHAR, ' $1 ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return ` ${words} `;
}

export interface FlatText {
  title: string;
  abstract: string;
  keywords: string;
}

const cache = new WeakMap<Paper, FlatText>();

export function flatText(paper: Paper): FlatText {
  let text = cache.get(paper);
  if (!text) {
    text = { title: flat(paper.title), abstract: flat(paper.abstract), keywords: flat(paper.keywords.join(' ')) };
    cache.set(paper, text);
  }
  return text;
}
