// The loaded corpus: validated papers and topics with the lookups every command needs.
import type { Paper, Topic } from './schema.js';
import { OTHER_TOPIC } from './schema.js';
import { slugifyTitle } from './ids.js';
import { runSteps } from './steps.js';

export interface SourceInfo {
  file: string;
  format: string;
  description: string;
  capturedAt: string;
}

export interface Corpus {
  readonly papers: readonly Paper[];
  /**
   * Paper by id, and by alias: an arXiv paper is also found under its title slug, the id it had
   * before an import supplied its arXiv id, so stored references (daily history, buttons on old
   * messages, shared links) keep resolving. Several keys can map to one paper: iterate `papers`,
   * not this map, to visit each paper once.
   */
  readonly byId: ReadonlyMap<string, Paper>;
  /** Alias -> the real id it resolves to (every alias is also a key of byId). */
  readonly aliases: ReadonlyMap<string, string>;
  /** Curated topics in display order, plus "other" when any paper has it. */
  readonly topics: readonly Topic[];
  readonly topicBySlug: ReadonlyMap<string, Topic>;
  /** Papers per topic slug, in corpus order. */
  readonly papersByTopic: ReadonlyMap<string, readonly Paper[]>;
  readonly hash: string;
  readonly sources: readonly SourceInfo[];
  /** The corpus store revision this view was read at (0 for a corpus loaded from files). */
  readonly revision: number;
}

export interface MakeCorpusOptions {
  /** Old ids -> the paper they became (kept by the corpus store when ids merge or gain an arXiv id). */
  aliases?: ReadonlyMap<string, string>;
  revision?: number;
  /** slugifyTitle(paper.title) for each paper, in order, when the caller has them (the store keeps them in a column). */
  titleSlugs?: readonly string[];
}

/** Papers handled between two yields of makeCorpusSteps: well under a millisecond of work. */
const STEP = 512;

/** Title slugs of the corpora made with them, so the next revision's corpus can reuse the unchanged ones. */
const slugsOf = new WeakMap<Corpus, readonly string[]>();

/** slugifyTitle(title) of each paper of `corpus`, in order, when it was made with them (see MakeCorpusOptions.titleSlugs). */
export function titleSlugsOf(corpus: Corpus): readonly string[] | undefined {
  return slugsOf.get(corpus);
}

/**
 * Title slugs of arXiv papers, except a slug that is some paper's real id (the id wins) or that two
 * arXiv papers share (it cannot say which one was meant, and a wrong paper is worse than none).
 * `ids` holds exactly the real ids.
 */
function* slugAliases(papers: readonly Paper[], ids: ReadonlyMap<string, Paper>, titleSlugs?: readonly string[]): Generator<void, Map<string, Paper>> {
  const aliases = new Map<string, Paper>();
  const ambiguous = new Set<string>();
  for (let i = 0; i < papers.length; i++) {
    if (i % STEP === STEP - 1) yield;
    const paper = papers[i] as Paper;
    if (paper.arxivId === undefined) continue;
    const slug = titleSlugs?.[i] ?? slugifyTitle(paper.title);
    if (slug === paper.id || ids.has(slug)) continue;
    if (aliases.has(slug)) ambiguous.add(slug);
    else aliases.set(slug, paper);
  }
  for (const slug of ambiguous) aliases.delete(slug);
  return aliases;
}

/**
 * makeCorpus as steps: it yields every few hundred papers, so a caller can build the next revision's
 * corpus in slices between interactions (src/corpus-view.ts nextViewInSlices). Same result as makeCorpus.
 */
export function* makeCorpusSteps(papers: readonly Paper[], curated: readonly Topic[], hash: string, sources: readonly SourceInfo[] = [], options: MakeCorpusOptions = {}): Generator<void, Corpus> {
  const byId = new Map<string, Paper>();
  for (let i = 0; i < papers.length; i++) {
    if (i % STEP === STEP - 1) yield;
    const paper = papers[i] as Paper;
    byId.set(paper.id, paper);
  }
  const aliasPapers = yield* slugAliases(papers, byId, options.titleSlugs);
  // Stored aliases win over title slugs: they are ids a paper really had. A real id always wins.
  for (const [alias, id] of options.aliases ?? []) {
    const paper = byId.get(id);
    if (paper && !byId.has(alias)) aliasPapers.set(alias, paper);
  }
  yield;
  // ~9k title slugs at 10k papers: in steps, like the papers.
  const aliases = new Map<string, string>();
  let n = 0;
  for (const [alias, paper] of aliasPapers) {
    if (++n % STEP === 0) yield;
    byId.set(alias, paper);
    aliases.set(alias, paper.id);
  }
  yield;
  const papersByTopic = new Map<string, Paper[]>();
  for (let i = 0; i < papers.length; i++) {
    if (i % STEP === STEP - 1) yield;
    const paper = papers[i] as Paper;
    for (const slug of paper.topics) {
      const list = papersByTopic.get(slug) ?? [];
      list.push(paper);
      papersByTopic.set(slug, list);
    }
  }
  const topics = papersByTopic.has(OTHER_TOPIC.slug) ? [...curated, OTHER_TOPIC] : [...curated];
  const topicBySlug = new Map(topics.map((t) => [t.slug, t]));
  const corpus: Corpus = { papers, byId, aliases, topics, topicBySlug, papersByTopic, hash, sources, revision: options.revision ?? 0 };
  if (options.titleSlugs) slugsOf.set(corpus, options.titleSlugs);
  return corpus;
}

export function makeCorpus(papers: readonly Paper[], curated: readonly Topic[], hash: string, sources: readonly SourceInfo[] = [], options: MakeCorpusOptions = {}): Corpus {
  return runSteps(makeCorpusSteps(papers, curated, hash, sources, options));
}
