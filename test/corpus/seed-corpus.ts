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
