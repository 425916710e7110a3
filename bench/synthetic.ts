// Deterministic synthetic corpora built from real papers, for benchmarks and scale tests: the same
// seed always gives the same papers, so figures from different runs compare.
import { makeCorpus, type Corpus } from '../src/corpus/corpus.js';
import type { Paper } from '../src/corpus/schema.js';

import { mulberry32 } from '../src/prng.js';

/** Deterministic PRNG so the synthetic corpus is identical on every run. */
export const prng = mulberry32;

/** `size` papers: copies of the real ones with shuffled sentences and ~15% of words swapped. */
export function syntheticCorpus(base: Corpus, size: number, seed = 42): Corpus {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const vocabulary = base.papers.flatMap((p) => p.abstract.split(/\s+/)).filter((w) => /^[a-z]{4,}$/.test(w));
  const perturb = (text: string) =>
    text
      .split(/\s+/)
      .map((w) => (random() < 0.15 ? pick(vocabulary) : w))
      .join(' ');
  const papers: Paper[] = [];
  for (let i = 0; papers.length < size; i++) {
    const p = base.papers[i % base.papers.length] as Paper;
    const sentences = p.abstract.split(/(?<=\.)\s+/).sort(() => random() - 0.5);
    const title = perturb(p.title);
    papers.push({
      ...p,
      id: `${p.id}-s${i}`,
      title,
      rawTitle: title,
      abstract: perturb(sentences.join(' ')),
      upvotes: Math.floor(random() * 50),
      publishedAt: `${2015 + Math.floor(random() * 11)}-0${1 + Math.floor(random() * 9)}-15`,
    });
  }
  return makeCorpus(papers, base.topics.filter((t) => t.slug !== 'other'), `synthetic-${size}-${seed}`);
}

