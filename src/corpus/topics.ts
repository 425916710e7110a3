// Topic assignment: curated regex rules from corpus/topics.json, scored so that a passing mention
// in an abstract ("...improves stability...") does not file a paper under a topic, while a title
// hit or repeated abstract evidence does. Pure and deterministic: same text, same topics.
import type { Topic } from './schema.js';
import { OTHER_TOPIC, TopicsFileSchema } from './schema.js';
import { describeIssue } from './problems.js';
import { LiteralScanner, requiredLiterals, type Required } from './regex-literals.js';

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
    // Only whether every regex compiles (the literal analysis of compileTopics is for scoring).
    for (const t of parsed.data.topics) {
      t.patterns.forEach((p, i) => compile(p, `topic "${t.slug}" patterns[${i}]`));
      t.exclude.forEach((p, i) => compile(p, `topic "${t.slug}" exclude[${i}]`));
      (t.titlePatterns ?? []).forEach((p, i) => compile(p, `topic "${t.slug}" titlePatterns[${i}]`));
    }
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
  return parsed.data.topics;
}

/** A text to score, with which of the topic list's regexes may match it (see LiteralScanner). */
interface PreparedText {
  text: string;
  verdict: Uint8Array;
}

/** The literal scanner of a topic list, and where each topic's regexes start in its verdicts. */
interface TopicScanner {
  scanner: LiteralScanner;
  /** Per topic (list order): where its regexes start in a verdict. */
  offsets: number[];
}

/** One scanner per compiled topic list (compileTopics makes a new list, so the cache follows it). */
const scanners = new WeakMap<readonly CompiledTopic[], TopicScanner>();

/** A topic's regexes in verdict order: exclude, patterns, titlePatterns. */
function requiredOf(topic: CompiledTopic): Required[] {
  return [...topic.required.exclude, ...topic.required.patterns, ...topic.required.titlePatterns];
}

function scannerFor(topics: readonly CompiledTopic[]): TopicScanner {
  let cached = scanners.get(topics);
  if (!cached) {
    const offsets: number[] = [];
    const all: Required[] = [];
    for (const topic of topics) {
      offsets.push(all.length);
      all.push(...requiredOf(topic));
    }
    cached = { scanner: new LiteralScanner(all), offsets };
    scanners.set(topics, cached);
  }
  return cached;
}

function prepare(text: string, scanner: TopicScanner): PreparedText {
  return { text, verdict: scanner.scanner.scan(text.toLowerCase()) };
}

function hits(pattern: RegExp, text: PreparedText, slot: number): number {
  // No literal the pattern needs occurs in the text: the regex cannot match, so it is not run.
  if (text.verdict[slot] === 0) return 0;
  pattern.lastIndex = 0;
  let n = 0;
  while (n < MAX_HITS_PER_PATTERN && pattern.exec(text.text)) n++;
  pattern.lastIndex = 0;
  return n;
}

function bodyOf(text: TopicText): string {
  return [text.abstract, ...(text.keywords ?? [])].join(' \n ');
}

function scorePrepared(topic: CompiledTopic, at: number, title: PreparedText, body: PreparedText): number {
  if (topic.exclude.some((p, i) => hits(p, title, at + i) > 0 || hits(p, body, at + i) > 0)) return 0;
  const patternsAt = at + topic.exclude.length;
  const titlePatternsAt = patternsAt + topic.patterns.length;
  let score = 0;
  topic.patterns.forEach((pattern, i) => {
    if (hits(pattern, title, patternsAt + i) > 0) score += TITLE_WEIGHT;
    score += hits(pattern, body, patternsAt + i);
  });
  topic.titlePatterns.forEach((pattern, i) => {
    if (hits(pattern, title, titlePatternsAt + i) > 0) score += TITLE_WEIGHT;
  });
  return score;
}

export function scoreTopic(topic: CompiledTopic, text: TopicText): number {
  const scanner = scannerFor([topic]);
  return scorePrepared(topic, 0, prepare(text.title, scanner), prepare(bodyOf(text), scanner));
}

/** Strongest topics first (ties keep topics.json order); "other" when nothing has enough evidence. */
export function assignTopics(text: TopicText, topics: readonly CompiledTopic[]): string[] {
  const scanner = scannerFor(topics);
  const [title, body] = [prepare(text.title, scanner), prepare(bodyOf(text), scanner)];
  const scored = topics
    .map((topic, order) => ({ slug: topic.slug, order, score: scorePrepared(topic, scanner.offsets[order] as number, title, body) }))
    .filter((s) => s.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_TOPICS);
  return scored.length > 0 ? scored.map((s) => s.slug) : [OTHER_TOPIC.slug];
}

