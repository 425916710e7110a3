// Every card of every paper in the real export (8,889 papers) fits Discord's limits, and the Code
// button only ever opens a code host.
import { ButtonStyle, ComponentType, type APIButtonComponentWithURL } from 'discord-api-types/v10';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Corpus } from '../../src/corpus/corpus.js';
import { payloadLimitViolations } from '../../src/cards/limits.js';
import { paperCard } from '../../src/cards/paper-card.js';
import { codeHostKind } from '../../src/corpus/links.js';
import { realExportCorpus, sharedExportAvailable } from '../support/real-export.js';

const available = sharedExportAvailable();

describe.skipIf(!available)(`cards over the real export${available ? '' : ' (skipped: ../shared/data/hf-daily-papers is not here)'}`, () => {
  let corpus: Corpus;
  // Parsing and merging 43 MB of export takes a few seconds (more on a loaded machine).
  beforeAll(() => {
    corpus = realExportCorpus();
  }, 180_000);

  it('every paper, private, shared and public, fits every Discord limit and pings no one', () => {
    expect(corpus.papers.length).toBeGreaterThan(8000);
    for (const paper of corpus.papers) {
      for (const opts of [{ ephemeral: true }, { sharedBy: { id: '42', name: 'Ada' } }, {}]) {
        const card = paperCard(paper, corpus, opts);
        const violations = payloadLimitViolations(card);
        if (violations.length > 0) expect(violations, paper.id).toEqual([]);
        expect(card.allowed_mentions).toEqual({ parse: [] });
      }
    }
  }, 180_000);

  it('a Code button only for code hosts; the HF page for every listed paper; TL;DR and project page where HF gives them', () => {
    let tldr = 0;
    let pages = 0;
    for (const paper of corpus.papers) {
      const links = paperCard(paper, corpus)
        .components!.flatMap((r) => r.components)
        .filter((c): c is APIButtonComponentWithURL => c.type === ComponentType.Button && c.style === ButtonStyle.Link);
      const code = links.find((b) => b.label?.startsWith('Code ('));
      if (code) expect(codeHostKind(code.url), `${paper.id} ${code.url}`).toBeDefined();
      expect(links.find((b) => b.label === 'Hugging Face')?.url, paper.id).toBe(`https://huggingface.co/papers/${paper.arxivId}`);
      if (paper.aiSummary) tldr++;
      if (links.some((b) => b.label === 'Project page')) pages++;
    }
    // Coverage as the export's README states it (ai_summary 58.1%); project pages come from HF's field and githubRepo sites.
    expect(tldr / corpus.papers.length).toBeGreaterThan(0.55);
    expect(pages).toBeGreaterThan(0);
  });

  it('the two githubRepo values with a raw line break become working GitHub links', () => {
    const urls = corpus.papers.flatMap((p) => p.codeLinks.map((l) => l.url));
    expect(urls).toContain('https://github.com/FightingFighting/NeuroAda');
    expect(urls).toContain('https://github.com/sirano1004/Margin-Apative-Direct-Preference-Optimization');
  });
});
