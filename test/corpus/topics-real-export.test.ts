// The topics on the real Hugging Face feed (8,889 papers of ../shared/data/hf-daily-papers): few papers
// left in "other", mixture-of-experts papers filed as such, and no topic that files nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Corpus } from '../../src/corpus/corpus.js';
import { realExportCorpus, sharedExportAvailable } from '../support/real-export.js';

const available = sharedExportAvailable();

describe.skipIf(!available)(`topics on the real export${available ? '' : ' (skipped: ../shared/data/hf-daily-papers is not here)'}`, () => {
  let corpus: Corpus;
  beforeAll(() => {
    corpus = realExportCorpus();
  }, 180_000);

  it('leaves at most 10% of the papers in "other"', () => {
    const other = corpus.papers.filter((p) => p.topics.includes('other')).length;
    expect(corpus.papers.length).toBeGreaterThan(8000);
    expect(other / corpus.papers.length).toBeLessThanOrEqual(0.1);
  });

  it('files every paper with mixture-of-experts in its title under mixture-of-experts', () => {
    const moe = corpus.papers.filter((p) => /\bmixtures?[- ]of[- ](?:\w+[- ])?experts?\b|\bMoE\b/i.test(p.title));
    expect(moe.length).toBeGreaterThan(30);
    for (const p of moe) expect(p.topics, p.title).toContain('mixture-of-experts');
  });

  it('has no dead topics: each one files at least ten papers of the feed', () => {
    for (const t of corpus.topics) expect(corpus.papersByTopic.get(t.slug)?.length ?? 0, t.slug).toBeGreaterThanOrEqual(10);
  });

  it('no topic swallows the feed: none files more than a third of it', () => {
    for (const t of corpus.topics) expect(corpus.papersByTopic.get(t.slug)?.length ?? 0, t.slug).toBeLessThan(corpus.papers.length / 3);
  });
});
