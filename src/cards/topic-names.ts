// A paper's topic names: its own module so that the CLI can print them without loading the card
// builders and discord-api-types (a one-off `paperboy search` loads only what it prints).
import type { Corpus } from '../corpus/corpus.js';
import type { Paper } from '../corpus/schema.js';

export type TopicLookup = Pick<Corpus, 'topicBySlug'>;

export function topicNames(paper: Paper, topics: TopicLookup): string[] {
  return paper.topics.map((slug) => topics.topicBySlug.get(slug)?.name ?? slug);
}
