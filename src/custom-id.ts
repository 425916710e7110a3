// Stateless component ids. Everything a button or menu needs travels in its custom_id, so it keeps
// working after a restart or on another shard. Format: "<version>|<action>|<args...>", at most 100 chars.
// Bump VERSION when an action's argument layout changes; old ids then decode to null ("expired").
import type { SearchFilters } from './search/types.js';

export const CUSTOM_ID_VERSION = '1';
export const CUSTOM_ID_MAX = 100;
const SEP = '|';

export type ComponentAction =
  /** Result list page of a search. */
  | { action: 'search-page'; page: number; query: string; filters: SearchFilters }
  /** Select menu: open the chosen paper (values carry the paper id). */
  | { action: 'open' }
  /** Show one paper's card (ephemeral), e.g. from /ask citations. */
  | { action: 'paper'; paperId: string }
  /** Post this paper's card publicly. */
  | { action: 'share'; paperId: string }
  /** "Another one" on /random. */
  | { action: 'random'; topic?: string; hasCode: boolean }
  /** Page of a topic's paper list. */
  | { action: 'topic-page'; slug: string; page: number }
  /** ▲ on a public card: toggle the presser's vote for this paper in this server. */
  | { action: 'vote'; paperId: string }
  /** Cite: the paper's BibTeX, privately. */
  | { action: 'cite'; paperId: string }
  /** A watch delivery's full list of new papers ("and k more"), paged: read back from the delivery record. */
  | { action: 'watch-more'; watchId: number; revision: number; page: number };

const CODES = {
  'search-page': 's',
  open: 'o',
  paper: 'p',
  share: 'h',
  random: 'r',
  'topic-page': 't',
  vote: 'v',
  cite: 'c',
  'watch-more': 'w',
} as const satisfies Record<ComponentAction['action'], string>;

/** Actions whose only argument is a paper id, by code. */
const PAPER_ACTIONS = { [CODES.paper]: 'paper', [CODES.share]: 'share', [CODES.vote]: 'vote', [CODES.cite]: 'cite' } as const;

const int = (s: string | undefined): number | undefined => (s && /^\d{1,6}$/.test(s) ? Number(s) : undefined);
/** Row ids and corpus revisions: up to 12 digits, still exact as a double. */
const bigInt = (s: string | undefined): number | undefined => (s && /^\d{1,12}$/.test(s) ? Number(s) : undefined);

/** Encodes an action; throws if it cannot fit Discord's 100-char limit (callers bound their inputs). */
export function encodeCustomId(a: ComponentAction): string {
  let parts: (string | number)[];
  switch (a.action) {
    case 'search-page': {
      const f = a.filters;
      // The query goes last so it may contain the separator.
      parts = [a.page, f.topic ?? '', f.hasCode ? 1 : 0, f.yearFrom ?? '', f.yearTo ?? '', a.query];
      break;
    }
    case 'open':
      parts = [];
      break;
    case 'paper':
    case 'share':
    case 'vote':
    case 'cite':
      parts = [a.paperId];
      break;
    case 'random':
      parts = [a.topic ?? '', a.hasCode ? 1 : 0];
      break;
    case 'topic-page':
      parts = [a.slug, a.page];
      break;
    case 'watch-more':
      parts = [a.watchId, a.revision, a.page];
      break;
  }
  const id = [CUSTOM_ID_VERSION, CODES[a.action], ...parts].join(SEP);
  if (id.length > CUSTOM_ID_MAX) throw new Error(`custom_id too long (${id.length}): ${a.action}`);
  return id;
}

/** Whether an action encodes within Discord's limit. */
export function fitsCustomId(a: ComponentAction): boolean {
  try {
    encodeCustomId(a);
    return true;
  } catch {
    return false;
  }
}

/** Decodes a custom_id; null when it is malformed or from an older version. */
export function decodeCustomId(id: string): ComponentAction | null {
  const [version, code, ...rest] = id.split(SEP);
  if (version !== CUSTOM_ID_VERSION || id.length > CUSTOM_ID_MAX) return null;
  switch (code) {
    case CODES['search-page']: {
      const [page, topic, hasCode, yf, yt, ...q] = rest;
      const p = int(page);
      const query = q.join(SEP);
      if (p === undefined || !query || (hasCode !== '0' && hasCode !== '1')) return null;
      const filters: SearchFilters = {};
      if (topic) filters.topic = topic;
      if (hasCode === '1') filters.hasCode = true;
      if (yf) filters.yearFrom = int(yf);
      if (yt) filters.yearTo = int(yt);
      if ((yf && filters.yearFrom === undefined) || (yt && filters.yearTo === undefined)) return null;
      return { action: 'search-page', page: p, query, filters };
    }
    case CODES.open:
      return rest.length === 0 ? { action: 'open' } : null;
    case CODES.paper:
    case CODES.share:
    case CODES.vote:
    case CODES.cite: {
      const [paperId] = rest;
      if (rest.length !== 1 || !paperId) return null;
      return { action: PAPER_ACTIONS[code], paperId };
    }
    case CODES.random: {
      const [topic, hasCode] = rest;
      if (rest.length !== 2 || (hasCode !== '0' && hasCode !== '1')) return null;
      return { action: 'random', ...(topic ? { topic } : {}), hasCode: hasCode === '1' };
    }
    case CODES['topic-page']: {
      const [slug, page] = rest;
      const p = int(page);
      if (rest.length !== 2 || !slug || p === undefined) return null;
      return { action: 'topic-page', slug, page: p };
    }
    case CODES['watch-more']: {
      const [watchId, revision, page] = rest.map(bigInt);
      if (rest.length !== 3 || watchId === undefined || revision === undefined || page === undefined || page > 999_999) return null;
      return { action: 'watch-more', watchId, revision, page };
    }
    default:
      return null;
  }
}
