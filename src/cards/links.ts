// Where a paper and its code live. Only URLs the corpus actually recorded, or search pages that are
// honest about being searches: a link button that 404s, or a guessed repository, is worse than none.
import type { CodeLink, Paper } from '../corpus/schema.js';
import { encodeQueryValue } from './markdown.js';

/** Search URLs stay short: Discord caps button URLs at 512 chars and long titles add nothing. */
const SEARCH_TITLE_MAX = 200;

function searchTerms(title: string): string {
  return encodeQueryValue(title.replace(/\s+/g, ' ').trim().slice(0, SEARCH_TITLE_MAX));
}

export function arxivSearchUrl(title: string): string {
  return `https://arxiv.org/search/?query=${searchTerms(title)}&searchtype=title`;
}

export function githubSearchUrl(title: string): string {
  return `https://github.com/search?q=${searchTerms(title)}&type=repositories`;
}

/** The paper's own page: arXiv abstract when the id is known, else an arXiv title search. */
export function paperUrl(p: Paper): string {
  return p.arxivId ? `https://arxiv.org/abs/${encodeURIComponent(p.arxivId)}` : arxivSearchUrl(p.title);
}

/**
 * Hugging Face's paper page (https://huggingface.co/papers/ID) exists only for papers it lists: a
 * listing day or upvotes mean the paper came from the feed.
 */
export function huggingFaceUrl(p: Paper): string | undefined {
  return p.arxivId && (p.listedAt !== undefined || p.upvotes !== undefined) ? `https://huggingface.co/papers/${encodeURIComponent(p.arxivId)}` : undefined;
}

/** The project page, when it is a URL Discord accepts on a link button (http(s), at most 512 chars). */
export function projectPageUrl(p: Paper): string | undefined {
  const url = p.projectPage;
  return url && /^https?:\/\//i.test(url) && url.length <= 512 ? url : undefined;
}

const KIND_ORDER: Record<CodeLink['kind'], number> = { github: 0, 'hf-space': 1, other: 2 };

/** The link a "Code" button should open: a GitHub repository first, then a Space, then anything else. */
export function primaryCodeLink(p: Paper): CodeLink | undefined {
  return [...p.codeLinks].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind])[0];
}

function host(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return 'link';
  }
}

/** "github.com/owner/repo", "huggingface.co/spaces/owner/app", "example.org/path": readable, no scheme. */
export function codeLinkText(link: CodeLink): string {
  try {
    const u = new URL(link.url);
    return `${u.hostname.replace(/^www\./, '')}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return link.url;
  }
}

/** Button label that says where the code is: "Code (GitHub)", "Code (HF Space)", "Code (HF model)", "Code (gitlab.com)". */
export function codeButtonLabel(link: CodeLink): string {
  const h = host(link.url);
  const where = link.kind === 'github' ? 'GitHub' : link.kind === 'hf-space' ? 'HF Space' : h === 'huggingface.co' || h === 'hf.co' ? 'HF model' : h;
  return `Code (${where})`;
}

export function publishedYear(p: Paper): string | undefined {
  return p.publishedAt?.slice(0, 4);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2023-10-09" -> "9 Oct 2023", independent of the host's locale. */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

/** 1234 -> "1.2k": star counts read at a glance. */
export function compactNumber(n: number): string {
  if (n < 1000) return String(n);
  const k = n / 1000;
  return k < 100 ? `${k.toFixed(1).replace(/\.0$/, '')}k` : `${Math.round(k)}k`;
}
