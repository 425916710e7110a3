import { describe, expect, it } from 'vitest';
import { parseLayoutA } from '../../src/corpus/ingest/layout-a.js';
import { formatProblem } from '../../src/corpus/problems.js';

const ABSTRACT_1 = 'Deep neural networks are vulnerable to universal adversarial perturbation (UAP), an instance-agnostic perturbation capable of fooling the target model for most samples, and we propose a simple and effective method called Stochastic Gradient Aggregation.';
const ABSTRACT_2 = 'Designing Transformer architectures with the optimal layer normalization (LN) strategy that ensures large-scale training stability and expedite convergence has remained elusive, even in this era of large language models (LLMs).';
const ABSTRACT_3 = 'Stateful optimizers maintain gradient statistics over time, e.g., the exponentially smoothed sum (SGD with momentum) or squared sum (Adam) of past gradient values, which costs memory that could otherwise hold model parameters, so we quantize it to 8 bits.';

const snippet = (...lines: string[]): string => `${lines.join('\n')}\n`;

describe('layout A: title line, abstract line', () => {
  it('skips the newsletter header and unglues "Subscribe" from the first title', () => {
    const text = snippet(
      'Get trending papers in your email inbox once a day!',
      'Get trending papers in your email inbox!',
      'SubscribeEnhancing Generalization of Universal Adversarial Perturbation through Gradient Aggregation',
      ABSTRACT_1,
      'Peri-LN: Revisiting Layer Normalization in the Transformer Architecture',
      ABSTRACT_2,
    );
    const { records, problems } = parseLayoutA(text, 'a.txt');
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.rawTitle, r.source.line])).toEqual([
      ['Enhancing Generalization of Universal Adversarial Perturbation through Gradient Aggregation', 3],
      ['Peri-LN: Revisiting Layer Normalization in the Transformer Architecture', 5],
    ]);
    expect(records[0]?.rawAbstract).toBe(ABSTRACT_1);
    expect(records[0]).toMatchObject({ source: { file: 'a.txt' }, authors: [], codeLinks: [], keywords: [] });
    expect(records[0]?.publishedAt).toBeUndefined();
  });

  it('keeps a title that merely starts with "Subscribe"', () => {
    const { records } = parseLayoutA(snippet('Subscriber Churn Prediction with Transformers', ABSTRACT_2), 'a.txt');
    expect(records[0]?.rawTitle).toBe('Subscriber Churn Prediction with Transformers');
  });

  it('reports a title without an abstract at its file and line, and keeps parsing', () => {
    const text = snippet('Peri-LN: Revisiting Layer Normalization', 'A Title Whose Abstract Went Missing', '8-bit Optimizers via Block-wise Quantization', ABSTRACT_3);
    const { records, problems } = parseLayoutA(text, 'a.txt');
    expect(records.map((r) => r.rawTitle)).toEqual(['8-bit Optimizers via Block-wise Quantization']);
    expect(problems.map(formatProblem)).toEqual([
      'a.txt:1: title "Peri-LN: Revisiting Layer Normalization" has no abstract (the next line is another title; skipped)',
      'a.txt:2: title "A Title Whose Abstract Went Missing" has no abstract (the next line is another title; skipped)',
    ]);
  });

  it('reports an abstract that has no title, and a title left dangling at the end', () => {
    const text = snippet(ABSTRACT_1, 'Peri-LN: Revisiting Layer Normalization', ABSTRACT_2, 'Dangling Title');
    const { records, problems } = parseLayoutA(text, 'a.txt');
    expect(records).toHaveLength(1);
    expect(problems.map(formatProblem)).toEqual([
      'a.txt:1: abstract without a title (skipped)',
      'a.txt:4: title "Dangling Title" at end of file has no abstract (skipped)',
    ]);
  });

  it('parses the whole seed capture: 75 papers, no problems', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(new URL('../../corpus/sources/000_4b1891fe363cbf60.txt', import.meta.url), 'utf8');
    const { records, problems } = parseLayoutA(text, '000_4b1891fe363cbf60.txt');
    expect(problems).toEqual([]);
    expect(records).toHaveLength(75);
    expect(records[0]?.rawTitle).toBe('Enhancing Generalization of Universal Adversarial Perturbation through Gradient Aggregation');
    expect(records.at(-1)?.source.line).toBe(151);
  });
});
