// Code links live inside abstracts, glued to whatever surrounded them on arXiv: sentence
// punctuation, ".git", LaTeX ("lejepa{GitHub repo})."). A link button that 404s is worse than no
// button, so every URL is trimmed back to what the author wrote and nothing is ever guessed.
import type { CodeLink, CodeLinkKind } from './schema.js';

// Stops at whitespace and quotes; braces and backslashes are cut off afterwards, because they are
// LaTeX glued to the URL rather than part of it.
const URL_PATTERN = /https?:\/\/[^\s<>"`]+/g;
const TRAILING_PUNCTUATION = /[.,;:!?'"\]>*]+$/;
/** Paper hosts are references, not code. */
const NOT_CODE_HOSTS = new Set(['arxiv.org', 'doi.org', 'dx.doi.org', 'openreview.net', 'aclanthology.org']);

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** The URL the author meant, or undefined when what is left is not a usable link. */
export function cleanCodeUrl(raw: string): string | undefined {
  // LaTeX escapes characters that are ordinary in URLs ("my\_repo" in \href): unescape them first.
  let url = raw.trim().replace(/\\([_%#&~])/g, '$1');
  const latex = url.search(/[{}\\]/);
  if (latex >= 0) url = url.slice(0, latex);
  // A URL never contains whitespace; "https://github.com/a/b c" is two things, neither a link.
  if (/[\s\p{Cc}]/u.test(url)) return undefined;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING_PUNCTUATION, '');
    // A closing parenthesis belongs to the URL only when the URL opened one (Wikipedia-style paths).
    if (url.endsWith(')') && count(url, ')') > count(url, '(')) url = url.slice(0, -1);
    url = url.replace(/\.git$/i, '').replace(/\/+$/, '');
    if (url === before) break;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(parsed.protocol) || !parsed.hostname.includes('.')) return undefined;
  const host = parsed.hostname.replace(/^www\./, '');
  if (NOT_CODE_HOSTS.has(host)) return undefined;
  const segments = parsed.pathname.split('/').filter(Boolean);
  // "https://github.com" alone names no repository.
  if ((host === 'github.com' || host === 'huggingface.co') && segments.length === 0) return undefined;
  return url;
}

export function classifyCodeUrl(url: string): CodeLinkKind {
  const { hostname, pathname } = new URL(url);
  const host = hostname.replace(/^www\./, '');
  if (host === 'github.com') return 'github';
  if (host === 'huggingface.co' && pathname.startsWith('/spaces/')) return 'hf-space';
  return 'other';
}

export function toCodeLink(raw: string): CodeLink | undefined {
  const url = cleanCodeUrl(raw);
  return url ? { url, kind: classifyCodeUrl(url) } : undefined;
}

/** Every code link in the text, cleaned, in order of appearance, without duplicates. */
export function extractCodeLinks(text: string): CodeLink[] {
  const links: CodeLink[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    const link = toCodeLink(match[0]);
    if (link && !links.some((l) => l.url === link.url)) links.push(link);
  }
  return links;
}

/** Merges link lists, keeping the first occurrence of each URL. */
export function mergeCodeLinks(...lists: readonly (readonly CodeLink[])[]): CodeLink[] {
  const merged: CodeLink[] = [];
  for (const link of lists.flat()) {
    if (!merged.some((l) => l.url === link.url)) merged.push({ url: link.url, kind: link.kind });
  }
  return merged;
}

/**
 * Removes link-adjacent LaTeX that reads as garbage in plain text ("{GitHub repo}", an unclosed
 * "\footnote{") while keeping the sentence that carries the link.
 */
export function stripLinkJunk(text: string): string {
  return text
    .replace(/\{\s*(?:github|code|project|project page|website|homepage)(?:\s+(?:repo|repository|page|link))?\s*\}/gi, '')
    .replace(/(\S)?\s*\\footnote\{\s*/g, (_m, previous: string | undefined) => {
      if (!previous) return '';
      // The footnote text was a sentence of its own; give it a sentence boundary.
      return /[.!?]/.test(previous) ? `${previous} ` : `${previous}. `;
    });
}
