import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/search/sentences.js';

describe('splitSentences', () => {
  it('splits on full stops, question and exclamation marks', () => {
    expect(splitSentences('One idea here. Does it work? It does! Done.')).toEqual(['One idea here.', 'Does it work?', 'It does!', 'Done.']);
  });

  it('does not split after e.g., i.e., et al., vs. or an initial', () => {
    const text = 'We compare optimizers, e.g. Adam, i.e. the default. Following Wang et al. (2020) and J. Smith, SGD vs. Adam is studied. Next sentence.';
    expect(splitSentences(text)).toEqual([
      'We compare optimizers, e.g. Adam, i.e. the default.',
      'Following Wang et al. (2020) and J. Smith, SGD vs. Adam is studied.',
      'Next sentence.',
    ]);
  });

  it('never splits inside decimals and version numbers', () => {
    expect(splitSentences('Scores rose from 22.1 to 50.5 with Qwen2.5-7B and GPT-4.1 models. Then it stopped.')).toEqual([
      'Scores rose from 22.1 to 50.5 with Qwen2.5-7B and GPT-4.1 models.',
      'Then it stopped.',
    ]);
  });

  it('splits where a listing lost the space after a full stop', () => {
    expect(splitSentences('This paper studies orthogonal layers.We establish conditions (Wang et al. 2020).The theory follows.')).toEqual([
      'This paper studies orthogonal layers.',
      'We establish conditions (Wang et al. 2020).',
      'The theory follows.',
    ]);
  });

  it('keeps closing quotes with their sentence and returns nothing for blank text', () => {
    expect(splitSentences("They call it ``massive activations.'' To validate, we test.")).toEqual(["They call it ``massive activations.''", 'To validate, we test.']);
    expect(splitSentences('   ')).toEqual([]);
  });
});

describe('sentence boundaries after capitals', () => {
  it('ends a sentence at "R&D." but not at an initial like "J."', () => {
    expect(splitSentences('It has led to ad-hoc R&D. We present a theory.')).toEqual(['It has led to ad-hoc R&D.', 'We present a theory.']);
    expect(splitSentences('Work by J. Smith shows this. It holds.')).toEqual(['Work by J. Smith shows this.', 'It holds.']);
  });
});
