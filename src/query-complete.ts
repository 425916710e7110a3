// Autocomplete inside a query-language query: while someone types `author:"Tr`, offer the corpus's
// authors whose name (or last name) starts that way; likewise organisations after `org:` and topics
// after `topic:`. Each choice's value is the whole query with that value completed, so picking one
// keeps everything typed before it. Anywhere else it offers nothing: a free-text query is never
// replaced by a guess.
import type { Corpus } from './corpus/corpus.js';
import { nameKey } from './lookup.js';
import { normalizeText } from './search/text.js';

export interface QueryChoice {
  name: string;
  value: string;
}

interface Name {
  name: string;
  /** Keys a prefix may start: the whole name, and each word onwards ("tridao", "dao"). */
  keys: string[];
  papers: number;
}

const names = new WeakMap<Corpus, { authors: Name[]; orgs: Name[] }>();

function wordKeys(name: string): string[] {
  const words = normalizeText(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return words.map((_, i) => words.slice(i).join(''));
}

function tally(values: Iterable<string>): Name[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .map(([name, papers]) => ({ name, keys: wordKeys(name), papers }))
    .sort((a, b) => b.papers - a.papers || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Authors and organisations by paper count, built once per corpus view. */
function namesOf(corpus: Corpus): { authors: Name[]; orgs: Name[] } {
  let found = names.get(corpus);
  if (!found) {
    found = {
      authors: tally(corpus.papers.flatMap((p) => p.authors)),
      orgs: tally(corpus.papers.flatMap((p) => (p.organization ? [p.organization] : []))),
    };
    names.set(corpus, found);
  }
  return found;
}

/** The field being typed at the end of the query: `author:"Tri D`, `org:goo`, `topic:deep`. */
const OPEN_FIELD = /(^|\s)(-?)(author|authors|org|organization|organisation|topic):(?:"([^"]*)|([^\s"]*))$/i;

/**
 * Choices completing the field value at the end of `typed`, best first (most papers), at most `limit`,
 * each name and value at most `max` characters; [] when the query does not end in such a field.
 */
export function completeQuery(corpus: Corpus, typed: string, limit = 25, max = 100): QueryChoice[] {
  const m = OPEN_FIELD.exec(typed);
  if (!m) return [];
  const field = m[3]!.toLowerCase();
  const partial = m[4] ?? m[5] ?? '';
  const before = typed.slice(0, m.index + m[1]!.length);
  const prefix = nameKey(partial);
  const pool: Name[] = field.startsWith('org')
    ? namesOf(corpus).orgs
    : field === 'topic'
      ? corpus.topics.map((t) => ({ name: t.slug, keys: [nameKey(t.slug), ...wordKeys(t.name)], papers: corpus.papersByTopic.get(t.slug)?.length ?? 0 }))
      : namesOf(corpus).authors;
  const out: QueryChoice[] = [];
  const key = field.startsWith('author') ? 'author' : field.startsWith('org') ? 'org' : 'topic';
  for (const entry of pool) {
    if (out.length >= limit) break;
    if (prefix && !entry.keys.some((k) => k.startsWith(prefix))) continue;
    const written = /[\s"]/.test(entry.name) || entry.name === '' ? `"${entry.name.replace(/"/g, '')}"` : entry.name;
    const value = `${before}${m[2]}${key}:${written} `;
    if (value.trimEnd().length > max) continue;
    const label = `${value.trimEnd()} · ${entry.papers} paper${entry.papers === 1 ? '' : 's'}`;
    out.push({ name: label.length <= max ? label : `…${label.slice(label.length - max + 1)}`, value: value.trimEnd() });
  }
  return out;
}
