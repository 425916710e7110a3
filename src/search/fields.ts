// What is indexed: the paper fields, their BM25F weights, and the analysis that turns a field's
// text into index terms. Indexing, snapshots, similarity and answers all share this one analysis.
import type { Corpus } from '../corpus/corpus.js';
import type { Paper } from '../corpus/schema.js';
import { conceptTerm, findConcepts } from './synonyms.js';
import { tokenize } from './text.js';

export const INDEX_FIELDS = ['title', 'abstract', 'keywords', 'topics', 'authors', 'summary'] as const;
export type IndexField = (typeof INDEX_FIELDS)[number];
export const FIELD_COUNT = INDEX_FIELDS.length;

/** BM25F field weights: a title hit says far more about a paper than a passing abstract mention. */
export const FIELD_BOOSTS: Readonly<Record<IndexField, number>> = {
  title: 3,
  abstract: 1,
  keywords: 1.5,
  topics: 0.5,
  authors: 1,
  // Hugging Face's AI-written summary (ai_summary): a plainer paraphrase of the abstract, which helps
  // people who do not use the paper's own terms; weak (0.1, fitted on the real tune half), as it is generated.
  summary: 0.1,
};

export interface IndexDoc {
  id: string;
  title: string;
  abstract: string;
  keywords: string;
  topics: string;
  authors: string;
  summary: string;
}

/** Index terms of one field: stemmed words, compounds ("gpt-4"), and concept terms ("~rl"). */
export function fieldTerms(text: string): string[] {
  const tokens = tokenize(text);
  const terms: string[] = [];
  const stems: string[] = [];
  for (const token of tokens) {
    if (token.compound) terms.push(token.compound);
    for (const part of token.parts) {
      terms.push(part);
      stems.push(part);
    }
  }
  for (const match of findConcepts(stems)) terms.push(conceptTerm(match.concept));
  return terms;
}

export function toIndexDoc(paper: Paper, corpus: Pick<Corpus, 'topicBySlug'>): IndexDoc {
  const topicNames = paper.topics.map((slug) => corpus.topicBySlug.get(slug)?.name ?? slug.replace(/-/g, ' '));
  const people = paper.organization ? [...paper.authors, paper.organization] : paper.authors;
  return {
    id: paper.id,
    title: paper.title,
    abstract: paper.abstract,
    keywords: paper.keywords.join(' ; '),
    topics: topicNames.join(' ; '),
    authors: people.join(' ; '),
    summary: paper.aiSummary ?? '',
  };
}
