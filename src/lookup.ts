// Finding papers from what a person typed, shared by the CLI and the slash commands.
import type { Corpus } from './corpus/corpus.js';
import type { Paper, Topic } from './corpus/schema.js';
import { UserError } from './errors.js';
import type { SearchEngine } from './search/types.js';
import { closest, editDistance, typoBudget } from './search/spelling.js';
import { normalizeText, stemSequence } from './search/text.js';

/** Case-, accent-, punctuation- and space-insensitive form of a name: "Deep RL & control" -> "deeprlcontrol". */
export function nameKey(text: string): string {
  return normalizeText(text).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Parts of a topic name people use on their own: "Deep RL & control" -> "Deep RL", "control". */
function nameParts(topic: Topic): string[] {
  return topic.name.split(/\s*(?:&|,|:|\band\b)\s*/).filter(Boolean);
}

function describeTopic(t: Topic): string {
  return `${t.slug} (${t.name})`;
}

/**
 * A topic from what a person typed: its slug or name in any case, spacing or punctuation
 * ("OPTIMIZERS", "deep-rl-control", "Deep RL & Control"), a part of its name ("deep rl") or the start
 * of one ("optim"), when that names one topic. Otherwise a UserError naming the closest slug
 * ("optimisers" -> optimizers) or the topics a short prefix could mean. `hint` ends the message with
 * where to see the list (/topics, or paperboy topics).
 */
export function resolveTopic(corpus: Corpus, text: string, hint = 'see /topics'): Topic {
  const wanted = nameKey(text);
  const shown = text.trim().replace(/\s+/g, ' ').slice(0, 60);
  if (!wanted) throw new UserError(`name a topic; ${hint}`);
  const topics = corpus.topics;
  const tiers: ((t: Topic) => boolean)[] = [
    (t) => nameKey(t.slug) === wanted || nameKey(t.name) === wanted,
    (t) => nameParts(t).some((part) => nameKey(part) === wanted),
    (t) => wanted.length >= 3 && (nameKey(t.slug).startsWith(wanted) || nameKey(t.name).startsWith(wanted) || nameParts(t).some((part) => nameKey(part).startsWith(wanted))),
  ];
  for (const tier of tiers) {
    const found = topics.filter(tier);
    if (found.length === 1) return found[0] as Topic;
    if (found.length > 1) throw new UserError(`"${shown}" could be ${found.slice(0, 4).map(describeTopic).join(' or ')}; type more of it, or ${hint}`);
  }
  const keys = topics.flatMap((t) => [t.slug, t.name, ...nameParts(t)].map((k) => ({ topic: t, key: nameKey(k) })));
  const guess = closest(wanted, keys, (k) => k.key, Math.max(typoBudget(wanted.length), 1))?.topic;
  throw new UserError(`there is no topic "${shown}".${guess ? ` Did you mean ${describeTopic(guess)}?` : ''} Pick one from the suggestions, or ${hint}`);
}

/**
 * An exact id wins; otherwise the best search hit, but only when it really contains most of what was
 * typed: fuzzy search always finds *something*, and a lookup should say "no such paper" instead.
 */
export function resolvePaper(corpus: Corpus, search: SearchEngine, text: string): Paper {
  const wanted = text.trim();
  if (!wanted) throw new UserError('name a paper by its id or a few title words');
  const exact = corpus.byId.get(wanted.toLowerCase()) ?? corpus.byId.get(wanted.toLowerCase().replace(/^(\d{4}\.\d{4,5})v\d+$/, '$1'));
  if (exact) return exact;
  const best = search.search(wanted, {}, { limit: 1 })[0];
  if (!best || !coversQuery(best.paper, wanted)) {
    const guess = closestPaper(corpus, wanted);
    throw new UserError(`no paper matches "${wanted.slice(0, 80)}"${guess ? `. Did you mean "${guess.title.slice(0, 80)}" (${guess.id})?` : ''}`);
  }
  return best.paper;
}

/**
 * The paper whose id, arXiv id, title, or name before the colon ("SPAM" in "SPAM: Spike-Aware Adam")
 * is within a few typos of what was typed ("spma", "2501.06482", "peri-nl"). Papers are visited in
 * corpus order, so ties go to the same paper every time. Only runs after a lookup failed.
 */
export function closestPaper(corpus: Corpus, typed: string): Paper | undefined {
  const wanted = nameKey(typed);
  if (wanted.length < 3 || wanted.length > 200) return undefined;
  const budget = Math.max(1, typoBudget(wanted.length));
  let best: Paper | undefined;
  let bestDistance = budget + 1;
  for (const paper of corpus.papers) {
    const name = paper.title.includes(':') ? paper.title.slice(0, paper.title.indexOf(':')) : undefined;
    for (const candidate of [paper.id, paper.arxivId, paper.title, name]) {
      if (candidate === undefined) continue;
      const key = nameKey(candidate);
      if (Math.abs(key.length - wanted.length) >= bestDistance) continue;
      const d = editDistance(wanted, key, bestDistance - 1);
      if (d < bestDistance) {
        best = paper;
        bestDistance = d;
      }
    }
  }
  return best;
}

/** At least half of the typed content words (stemmed) occur in the paper's title or abstract. */
function coversQuery(paper: Paper, query: string): boolean {
  const wanted = new Set(stemSequence(query));
  if (wanted.size === 0) return false;
  const have = new Set(stemSequence(`${paper.title} ${paper.abstract}`));
  let hits = 0;
  for (const w of wanted) if (have.has(w)) hits++;
  return hits * 2 >= wanted.size;
}

export interface RandomFilter {
  topic?: string;
  hasCode?: boolean;
}

/** Uniform pick among the papers that pass the filter; `rng` returns [0, 1). */
export function pickRandom(corpus: Corpus, filter: RandomFilter, rng: () => number): Paper {
  const pool = (filter.topic ? (corpus.papersByTopic.get(filter.topic) ?? []) : corpus.papers).filter((p) => !filter.hasCode || p.codeLinks.length > 0);
  if (pool.length === 0) throw new UserError('no paper matches those filters');
  return pool[Math.min(pool.length - 1, Math.floor(rng() * pool.length))]!;
}
