// The loaded corpus: validated papers and topics with the lookups every command needs.
import type { Paper, Topic } from './schema.js';
import { OTHER_TOPIC } from './schema.js';

export interface SourceInfo {
  file: string;
  format: string;
  description: string;
  capturedAt: string;
}

export interface Corpus {
  readonly papers: readonly Paper[];
  readonly byId: ReadonlyMap<string, Paper>;
  /** Curated topics in display order, plus "other" when any paper has it. */
  readonly topics: readonly Topic[];
  readonly topicBySlug: ReadonlyMap<string, Topic>;
  /** Papers per topic slug, in corpus order. */
  readonly papersByTopic: ReadonlyMap<string, readonly Paper[]>;
  readonly hash: string;
  readonly sources: readonly SourceInfo[];
}

export function makeCorpus(papers: readonly Paper[], curated: readonly Topic[], hash: string, sources: readonly SourceInfo[] = []): Corpus {
  const byId = new Map(papers.map((p) => [p.id, p]));
  const papersByTopic = new Map<string, Paper[]>();
  for (const paper of papers) {
    for (const slug of paper.topics) {
      const list = papersByTopic.get(slug) ?? [];
      list.push(paper);
      papersByTopic.set(slug, list);
    }
  }
  const topics = papersByTopic.has(OTHER_TOPIC.slug) ? [...curated, OTHER_TOPIC] : [...curated];
  const topicBySlug = new Map(topics.map((t) => [t.slug, t]));
  return { papers, byId, topics, topicBySlug, papersByTopic, hash, sources };
}
