// Extractive answers: the sentences of the best-matching abstracts that cover most of the question.
// A sentence is scored by the share of the question's ideas it mentions, each idea weighted by how
// rare it is in the corpus (so "pizza recipe" cannot be answered by a sentence that says "best").
import type { Answer, AnswerSentence } from './types.js';
import { fieldTerms } from './index.js';
import { matchedTerms, parseQuery, rankPlan, type RankContext, type Ranking } from './query.js';
import { splitSentences } from './sentences.js';
import { nearness } from './doc-text.js';
import { stemSequence } from './text.js';
import { dot } from '../semantic/model.js';

/** Abstracts read per question. */
const PAPERS_READ = 6;
/** At most this many sentences quote the same paper, so one abstract cannot fill the answer. */
const PER_PAPER = 2;
/** Minimum rarity-weighted share of the question a sentence must cover to be quoted. */
export const ANSWER_THRESHOLD = 0.5;
const MIN_SENTENCE_CHARS = 25;
const PAIR_BONUS = 0.3;
/** Up to this much extra for a sentence whose learned vector is close to the question's. */
const MEANING_BONUS = 0.3;

export interface AnswerContext extends RankContext {
  paperCount: number;
}

/**
 * Per unit: the index terms that count as mentioning it in this paper's text, with the share of the
 * unit a mention covers (1 for the words themselves; less for a learned neighbour, by its weight).
 */
function unitTerms(retrieval: Ranking, id: string): Map<string, number>[] {
  const { plan } = retrieval;
  return plan.units.map((unit) => {
    const terms = new Map<string, number>();
    const add = (term: string, cover: number) => terms.set(term, Math.max(cover, terms.get(term) ?? 0));
    for (const i of unit.parts) {
      add(plan.parts[i]?.stem as string, 1);
      for (const t of matchedTerms(retrieval, id, i)) add(t, 1);
    }
    for (const span of unit.spans) add(span.term, span.cover ?? 1);
    return terms;
  });
}

/** How many consecutive query words sit next to each other (either order) in a sentence, as a share. */
function adjacentPairs(retrieval: Ranking, id: string, seq: readonly string[]): number {
  const { parts } = retrieval.plan;
  if (parts.length < 2) return 0;
  const termsOf = (i: number) => new Set([parts[i]?.stem as string, ...matchedTerms(retrieval, id, i)]);
  let found = 0;
  for (let i = 0; i + 1 < parts.length; i++) {
    const a = termsOf(i);
    const b = termsOf(i + 1);
    found += Math.max(nearness(seq, a, b), nearness(seq, b, a));
  }
  return found / (parts.length - 1);
}

export function buildAnswer(ctx: AnswerContext, question: string, maxSentences = 3): Answer {
  const plan = parseQuery(question, ctx.semantic);
  if (plan.parts.length === 0 || maxSentences <= 0) return { question, sentences: [] };
  const retrieval = rankPlan(ctx, plan, {}, { limit: PAPERS_READ });
  const hits = retrieval.hits;
  const top = hits[0]?.score ?? 0;
  if (top <= 0) return { question, sentences: [] };

  const questionVector = ctx.semantic?.queryVector(plan.parts.map((p) => p.stem));
  const weights = retrieval.unitDf.map((df) => Math.log(1 + ctx.paperCount / (1 + df)));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const scored: Array<AnswerSentence & { rank: number; order: number }> = [];
  hits.forEach((hit, rank) => {
    const units = unitTerms(retrieval, hit.paper.id);
    splitSentences(hit.paper.abstract).forEach((text, order) => {
      if (text.length < MIN_SENTENCE_CHARS) return;
      const terms = new Set(fieldTerms(text));
      let covered = 0;
      units.forEach((unitTermMap, u) => {
        let best = 0;
        for (const [t, cover] of unitTermMap) if (cover > best && terms.has(t)) best = cover;
        covered += best * (weights[u] ?? 0);
      });
      const coverage = totalWeight > 0 ? covered / totalWeight : 0;
      if (coverage < ANSWER_THRESHOLD) return;
      // Coverage gates. Among sentences that pass, the paper's search score (which already weighs
      // titles, rarity and proximity) scales the sentence's coverage, and query words side by side
      // ("gradient clipping" for "clipping gradients") add a little.
      // With the semantic layer, a sentence that says what the question asks in other words
      // (close in meaning as a whole) gains a little over one that only shares its words.
      const sentenceVector = questionVector && ctx.semantic?.model.embedText(text);
      const meaning = questionVector && sentenceVector ? Math.max(0, dot(questionVector, sentenceVector)) : 0;
      const score = coverage * (hit.score / top) * (1 + PAIR_BONUS * adjacentPairs(retrieval, hit.paper.id, stemSequence(text))) * (1 + MEANING_BONUS * meaning);
      scored.push({ text, paper: hit.paper, score, rank, order });
    });
  });
  scored.sort((a, b) => b.score - a.score || a.rank - b.rank || a.order - b.order);

  const perPaper = new Map<string, number>();
  const sentences: AnswerSentence[] = [];
  for (const s of scored) {
    const used = perPaper.get(s.paper.id) ?? 0;
    if (used >= PER_PAPER) continue;
    perPaper.set(s.paper.id, used + 1);
    sentences.push({ text: s.text, paper: s.paper, score: s.score });
    if (sentences.length >= maxSentences) break;
  }
  return { question, sentences };
}
