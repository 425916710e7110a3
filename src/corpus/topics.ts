// Topic assignment: curated regex rules from corpus/topics.json, scored so that a passing mention
// in an abstract ("...improves stability...") does not file a paper under a topic, while a title
// hit or repeated abstract evidence does. Pure and deterministic: same text, same topics.
import type { Topic } from './schema.js';
import { OTHER_TOPIC, TopicsFileSchema } from './schema.js';
import { describeIssue } from './problems.js';
import { LiteralScanner, mayMatch, requiredLiterals, type Required } from './regex-literals.js';

/** A title hit is worth this many abstract hits: titles name what a paper is about. */
export const TITLE_WEIGHT = 3;
/** Repeating one pattern in an abstract stops adding evidence after this many hits. */
export const MAX_HITS_PER_PATTERN = 2;
/** Minimum evidence for a topic: one title hit, or two abstract hits. */
export const MIN_SCORE = 2;
/** Papers keep their strongest topics only, so topic lists stay meaningful. */
export const MAX_TOPICS = 3;

export interface CompiledTopic {
  slug: string;
  patterns: RegExp[];
  exclude: RegExp[];
  titlePatterns: RegExp[];
  /** Per pattern (same order): literals one of which any match contains, to skip regexes that cannot match. */
  required: { patterns: Required[]; exclude: Required[]; titlePatterns: Required[] };
}

export interface TopicText {
  title: string;
  abstract: string;
  keywords?: readonly string[];
}

function compile(source: string, where: string): RegExp {
  try {
    return new RegExp(source, 'gi');
  } catch (error) {
    throw new Error(`${where}: invalid regular expression /${source}/: ${(error as Error).message}`, { cause: error });
  }
}

export function compileTopics(topics: readonly Topic[]): CompiledTopic[] {
  return topics.map((t) => ({
    slug: t.slug,
    patterns: t.patterns.map((p, i) => compile(p, `topic "${t.slug}" patterns[${i}]`)),
    exclude: t.exclude.map((p, i) => compile(p, `topic "${t.slug}" exclude[${i}]`)),
    titlePatterns: (t.titlePatterns ?? []).map((p, i) => compile(p, `topic "${t.slug}" titlePatterns[${i}]`)),
    required: {
      patterns: t.patterns.map(requiredLiterals),
      exclude: t.exclude.map(requiredLiterals),
      titlePatterns: (t.titlePatterns ?? []).map(requiredLiterals),
    },
  }));
}

/** Validates parsed topics.json content; throws one friendly line naming the first problem. */
export function parseTopicsFile(value: unknown, file = 'topics.json'): Topic[] {
  const parsed = TopicsFileSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`${file}: ${first ? describeIssue(first) : 'invalid'}`);
  }
  const seen = new Set<string>();
  for (const topic of parsed.data.topics) {
    if (topic.slug === OTHER_TOPIC.slug) throw new Error(`${file}: "${OTHER_TOPIC.slug}" is reserved for unmatched papers`);
    if (seen.has(topic.slug)) throw new Error(`${file}: topic "${topic.slug}" is defined twice`);
    seen.add(topic.slug);
  }
  try {
    compileTopics(parsed.data.topics);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
  return parsed.data.topics;
}

/** A text to score, with the required literals (of any pattern) that occur in it. */
interface PreparedText {
  text: string;
  found: ReadonlySet<string>;
}

/** One scanner per compiled topic list (compileTopics makes a new list, so the cache follows it). */
const scanners = new WeakMap<readonly CompiledTopic[], LiteralScanner>();

function scannerFor(topics: readonly CompiledTopic[]): LiteralScanner {
  let scanner = scanners.get(topics);
  if (!scanner) {
    const all = topics.flatMap((t) => [...t.required.patterns, ...t.required.exclude, ...t.required.titlePatterns]);
    scanner = new LiteralScanner(all.flatMap((r) => r ?? []));
    scanners.set(topics, scanner);
  }
  return scanner;
}

function prepare(text: string, scanner: LiteralScanner): PreparedText {
  return { text, found: scanner.scan(text.toLowerCase()) };
}

function hits(pattern: RegExp, required: Required, text: PreparedText): number {
  // No literal the pattern needs occurs in the text: the regex cannot match, so it is not run.
  if (!mayMatch(required, text.found)) return 0;
  pattern.lastIndex = 0;
  let n = 0;
  while (n < MAX_HITS_PER_PATTERN && pattern.exec(text.text)) n++;
  pattern.lastIndex = 0;
  return n;
}

function bodyOf(text: TopicText): string {
  return [text.abstract, ...(text.keywords ?? [])].join(' \n ');
}

function scorePrepared(topic: CompiledTopic, title: PreparedText, body: PreparedText): number {
  const { required } = topic;
  if (topic.exclude.some((p, i) => hits(p, required.exclude[i], title) > 0 || hits(p, required.exclude[i], body) > 0)) return 0;
  let score = 0;
  topic.patterns.forEach((pattern, i) => {
    if (hits(pattern, required.patterns[i], title) > 0) score += TITLE_WEIGHT;
    score += hits(pattern, required.patterns[i], body);
  });
  topic.titlePatterns.forEach((pattern, i) => {
    if (hits(pattern, required.titlePatterns[i], title) > 0) score += TITLE_WEIGHT;
  });
  return score;
}

export function scoreTopic(topic: CompiledTopic, text: TopicText): number {
  const scanner = scannerFor([topic]);
  return scorePrepared(topic, prepare(text.title, scanner), prepare(bodyOf(text), scanner));
}

/** Strongest topics first (ties keep topics.json order); "other" when nothing has enough evidence. */
export function assignTopics(text: TopicText, topics: readonly CompiledTopic[]): string[] {
  const scanner = scannerFor(topics);
  const [title, body] = [prepare(text.title, scanner), prepare(bodyOf(text), scanner)];
  const scored = topics
    .map((topic, order) => ({ slug: topic.slug, order, score: scorePrepared(topic, title, body) }))
    .filter((s) => s.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_TOPICS);
  return scored.length > 0 ? scored.map((s) => s.slug) : [OTHER_TOPIC.slug];
}

