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

/** First path segments of huggingface.co that are not "<owner>/<model>" repositories. */
const HF_NOT_MODELS = new Set(['datasets', 'collections', 'papers', 'docs', 'blog', 'learn', 'tasks', 'chat', 'posts', 'organizations', 'settings', 'models', 'join', 'login', 'pricing']);

/**
 * Where the code is, or undefined when the URL is no code host. Only hosts that serve code count
 * (GitHub, GitLab incl. self-hosted gitlab.*, Codeberg, Bitbucket, anonymous.4open.science for
 * double-blind review, Hugging Face Spaces and model repositories): the real feed's "githubRepo"
 * also holds YouTube videos, dataset pages and collections, and a "Code" button that opens a video
 * misleads, and would count toward has:code and the daily picks' code bonus.
 */
export function codeHostKind(url: string): CodeLinkKind | undefined {
  const { hostname, pathname } = new URL(url);
  const host = hostname.toLowerCase().replace(/^www\./, '');
  const segments = pathname.split('/').filter(Boolean);
  if (host === 'github.com') return segments.length > 0 ? 'github' : undefined;
  if (host === 'huggingface.co' || host === 'hf.co') {
    if (segments[0] === 'spaces' && segments.length >= 3) return 'hf-space';
    return segments.length >= 2 && !HF_NOT_MODELS.has(segments[0] as string) ? 'other' : undefined;
  }
  const codeHost =
    host === 'gitlab.com' || host.startsWith('gitlab.') || host === 'codeberg.org' || host === 'bitbucket.org' || host === 'anonymous.4open.science';
  return codeHost && segments.length > 0 ? 'other' : undefined;
}

/** The kind of a URL already known to be a code link (see codeHostKind). */
export function classifyCodeUrl(url: string): CodeLinkKind {
  return codeHostKind(url) ?? 'other';
}

/** A code link, or undefined when the URL is unusable or is not on a code host. */
export function toCodeLink(raw: string): CodeLink | undefined {
  const url = cleanCodeUrl(raw);
  const kind = url === undefined ? undefined : codeHostKind(url);
  return url && kind ? { url, kind } : undefined;
}

/** Hosts of videos and data, which are neither code nor a project page. */
const NOT_PAGE = /^(?:(?:www\.|m\.)?youtube\.com|youtu\.be|(?:www\.)?bilibili\.com|vimeo\.com)$/i;

/**
 * HF's githubRepo field as the author typed it: a URL, sometimes wrapped by a raw line break (two real
 * papers: "https://github.com/\nFightingFighting/NeuroAda.git") or padded with spaces. A wrapped URL is
 * joined again; a space inside one ("…/a/b c") stays, and makes it unusable: that is two things, not a URL.
 */
export function repoFieldUrl(raw: string): string {
  return raw.replace(/[ \t]*[\r\n]+[ \t]*/g, '').trim();
}

/**
 * Reads HF's githubRepo: a code link when it points at a code host; otherwise, when it is a web page
 * (a github.io project site, a lab page), that page; nothing for videos, datasets and collections.
 */
export function readRepoField(raw: string): { code?: CodeLink; page?: string; unusable?: true } {
  const joined = repoFieldUrl(raw);
  const code = toCodeLink(joined);
  if (code) return { code };
  const url = cleanCodeUrl(joined);
  if (!url) return { unusable: true };
  const { hostname, pathname } = new URL(url);
  if (NOT_PAGE.test(hostname)) return {};
  if (/^(?:www\.)?(?:huggingface|hf)\.co$/i.test(hostname) && pathname !== '/') return {};
  return { page: url };
}

/** Every code-host link in the text, cleaned, in order of appearance, without duplicates. */
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
  // Each step only where its literal is (most abstracts have neither): the footnote regex starts with
  // optional parts, so V8 tries it at every position of the text (~0.1 s per big export).
  if (text.includes('{')) text = text.replace(/\{\s*(?:github|code|project|project page|website|homepage)(?:\s+(?:repo|repository|page|link))?\s*\}/gi, '');
  if (!text.includes('\\footnote{')) return text;
  return text.replace(/(\S)?\s*\\footnote\{\s*/g, (_m, previous: string | undefined) => {
    if (!previous) return '';
    // The footnote text was a sentence of its own; give it a sentence boundary.
    return /[.!?]/.test(previous) ? `${previous} ` : `${previous}. `;
  });
}
