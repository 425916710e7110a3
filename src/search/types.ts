// The search engine's public contract; src/search/* implements it, commands and the CLI consume it.
import type { Paper } from '../corpus/schema.js';

export interface SearchFilters {
  topic?: string;
  hasCode?: boolean;
  yearFrom?: number;
  yearTo?: number;
}

export interface SearchHit {
  paper: Paper;
  score: number;
}

export interface AnswerSentence {
  text: string;
  paper: Paper;
  score: number;
}

export interface Answer {
  question: string;
  /** Best supporting sentences, best first; empty when nothing in the corpus answers. */
  sentences: AnswerSentence[];
}

export interface SearchEngine {
  /** All matching papers, best first, deterministic order. Callers paginate. */
  search(query: string, filters?: SearchFilters): SearchHit[];
  /** Papers most like the given one, excluding itself. */
  similar(paperId: string, limit?: number): SearchHit[];
  /** Extractive answer built from the most relevant abstracts. */
  answer(question: string, maxSentences?: number): Answer;
  /** Fast title/id prefix completion for autocomplete (at most `limit`). */
  suggest(prefix: string, limit?: number): Paper[];
  /**
   * Builds what is otherwise built on first use (the similarity model: 0.8 s at 10k papers), so a
   * long-running process pays at start-up rather than inside someone's interaction.
   */
  warmUp(): void;
}
