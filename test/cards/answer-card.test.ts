import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { answerCard, citedPapers, NOTHING_ANSWERS } from '../../src/cards/answer-card.js';
import { payloadLimitViolations } from '../../src/cards/limits.js';
import { decodeCustomId } from '../../src/custom-id.js';
import type { Answer } from '../../src/search/types.js';
import { makePaper, realCorpus } from '../support/context.js';

const a = makePaper({ id: 'alpha', title: 'Alpha Paper' });
const b = makePaper({ id: 'beta', title: 'Beta Paper' });
const answer: Answer = {
  question: 'Why do loss spikes happen?',
  sentences: [
    { text: 'Spikes come from large updates.', paper: a, score: 3 },
    { text: 'Normalisation *reduces* them.', paper: b, score: 2 },
    { text: 'Warm-up also helps.', paper: a, score: 1 },
  ],
};

describe('answer card', () => {
  it('quotes each sentence with a citation number per paper, in order of first citation', () => {
    const d = answerCard(answer).embeds![0]!.description!;
    expect(d).toContain('> Spikes come from large updates. [1]');
    expect(d).toContain('> Normalisation \\*reduces\\* them. [2]');
    expect(d).toContain('> Warm-up also helps. [1]');
    expect(d).toMatch(/\[1\] \[Alpha Paper\]\(https:\/\/arxiv\.org\/search\/.*\)\n\[2\] \[Beta Paper\]/);
    expect(citedPapers(answer).map((p) => p.id)).toEqual(['alpha', 'beta']);
  });

  it('has one button per cited paper that opens its card', () => {
    const buttons = answerCard(answer).components!.flatMap((r) => r.components);
    expect(buttons.map((c) => (c.type === ComponentType.Button && c.style !== ButtonStyle.Link && 'custom_id' in c ? [c.label, decodeCustomId(c.custom_id)] : null))).toEqual([
      ['[1] Alpha Paper', { action: 'paper', paperId: 'alpha' }],
      ['[2] Beta Paper', { action: 'paper', paperId: 'beta' }],
    ]);
  });

  it('says plainly when nothing in the corpus answers, without an embed', () => {
    const p = answerCard({ question: 'What is the capital of France?', sentences: [] });
    expect(p.content).toContain(NOTHING_ANSWERS);
    expect(p.embeds).toBeUndefined();
    expect(payloadLimitViolations(p)).toEqual([]);
  });

  it('a question that tries to ping is neutralised', () => {
    const p = answerCard({ question: '@everyone <@&1> why?', sentences: [] });
    expect(p.content).not.toMatch(/@everyone|<@&1>/);
  });

  it('real answers over the corpus stay within limits', () => {
    const { search } = realCorpus();
    let answered = 0;
    for (const q of ['How can training instability be reduced?', 'What causes loss spikes in large language models?', 'How is catastrophic forgetting avoided?']) {
      const result = search.answer(q, 5);
      if (result.sentences.length > 0) answered++;
      expect(payloadLimitViolations(answerCard(result)), q).toEqual([]);
    }
    expect(answered).toBeGreaterThan(0);
  });
});
