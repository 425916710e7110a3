// The corpus built from the committed inputs, shared by specs that check real papers.
import { DEFAULT_CORPUS_DIR, buildCorpus, readBuildInputs } from '../../src/corpus/build.js';
import type { BuildResult } from '../../src/corpus/build.js';
import type { Paper } from '../../src/corpus/schema.js';

let cached: Promise<BuildResult> | undefined;

export function buildSeedCorpus(): Promise<BuildResult> {
  cached ??= readBuildInputs(DEFAULT_CORPUS_DIR).then(({ sources, topics }) => buildCorpus(sources, topics));
  return cached;
}

export function byTitle(papers: readonly Paper[], start: string): Paper {
  const paper = papers.find((p) => p.title.startsWith(start));
  if (!paper) throw new Error(`no paper titled "${start}..."`);
  return paper;
}

export const SPAM_TITLE = 'SPAM: Spike-Aware Adam with Momentum Reset for Stable LLM Training';

/** What test/fixtures/hf-daily-sample.json says about SPAM, beyond its title and author names. */
export const SPAM_EXPORT_FACTS = {
  arxivId: '2501.06842',
  authorCount: 6,
  publishedAt: '2025-01-12',
  upvotes: 9,
  githubStars: 120,
  codeLinks: [{ url: 'https://github.com/TianjinYellow/SPAM-Optimizer', kind: 'github' }],
  keywords: ['gradient spikes', 'Adam', 'momentum reset', 'gradient clipping', 'LLM training'],
};
