// Small hand-made papers for search specs. Abstracts are shortened from the real listings; a few
// are written so that exactly one side of a synonym pair ("RL" / "reinforcement learning") occurs.
import { fileURLToPath } from 'node:url';
import { makeCorpus, type Corpus } from '../../src/corpus/corpus.js';
import { slugifyTitle } from '../../src/corpus/ids.js';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Paper, Topic } from '../../src/corpus/schema.js';

export function paper(fields: Partial<Paper> & { title: string }): Paper {
  return {
    id: slugifyTitle(fields.title),
    rawTitle: fields.title,
    abstract: '',
    authors: [],
    codeLinks: [],
    keywords: [],
    topics: ['other'],
    sources: [{ file: 'fixture.txt', line: 1 }],
    ...fields,
  };
}

const topic = (slug: string, name: string): Topic => ({ slug, name, description: name, patterns: [slug], exclude: [] });

export const TOPICS: Topic[] = [
  topic('optimizers', 'Optimizers & learning rates'),
  topic('llm-training-stability', 'LLM & Transformer training stability'),
  topic('rl', 'Reinforcement learning'),
  topic('evaluation', 'Evaluation & interpretability'),
];

const github = (repo: string) => [{ url: `https://github.com/${repo}`, kind: 'github' as const }];

export const PAPERS: Paper[] = [
  paper({
    title: 'SPAM: Spike-Aware Adam with Momentum Reset for Stable LLM Training',
    abstract:
      'Large Language Models (LLMs) are susceptible to training instability. A predominant source of this instability stems from gradient and loss spikes. We propose Spike-Aware Adam with Momentum Reset SPAM, a novel optimizer designed to counteract gradient spikes through momentum reset and spike-aware gradient clipping.',
    topics: ['optimizers', 'llm-training-stability'],
    publishedAt: '2025-01-12',
    upvotes: 2,
    codeLinks: github('TianjinYellow/SPAM-Optimizer'),
  }),
  paper({
    title: 'AdaGC: Improving Training Stability for Large Language Model Pretraining',
    abstract:
      'Large Language Models face increasing loss spikes during scaling. While gradient clipping mitigates this issue, traditional global approaches poorly handle parameter-specific gradient variations. We propose AdaGC, an adaptive gradient clipping framework that adjusts local thresholds per parameter.',
    topics: ['optimizers', 'llm-training-stability'],
    publishedAt: '2025-02-17',
  }),
  paper({
    title: 'Improving Stability of Fine-Tuning Pretrained Language Models via Component-Wise Gradient Norm Clipping',
    abstract:
      'Fine-tuning over large pretrained language models can be unstable. We propose a simple component-wise method to adjust the convergence speed for different components, achieving consistent improvements in training stability.',
    topics: ['llm-training-stability'],
    publishedAt: '2022-10-27',
    codeLinks: github('yangalan123/FineTuningStability'),
  }),
  paper({
    title: 'Distributional Semantics Tracing: A Framework for Explaining Hallucinations in Large Language Models',
    abstract:
      'Large Language Models (LLMs) are prone to hallucination, the generation of plausible yet factually incorrect statements. We pinpoint the layer at which a hallucination becomes inevitable. The result is a mechanistic account of how, when, and why hallucinations occur within the Transformer architecture.',
    topics: ['evaluation'],
    publishedAt: '2025-10-07',
    upvotes: 2,
  }),
  paper({
    title: 'SAM operates far from home: eigenvalue regularization as a dynamical phenomenon',
    abstract:
      'The Sharpness Aware Minimization (SAM) optimization algorithm has been shown to control large eigenvalues of the loss Hessian. We show that SAM dynamically induces a stabilization related to the edge of stability phenomenon observed in large learning rate gradient descent.',
    topics: ['optimizers'],
    publishedAt: '2023-02-17',
  }),
  paper({
    title: 'Hyperbolic Agents in Procedurally Generated Games',
    // Says only "RL", never the expansion.
    abstract: 'The performance of RL agents depends on their feature representations. Hyperbolic feature spaces capture hierarchical structure, and our agents train stably on ProcGen.',
    topics: ['rl'],
    publishedAt: '2024-12-14',
  }),
  paper({
    title: 'Curriculum Selection for Efficient Reasoning Models',
    // Says only "reinforcement learning", never "RL".
    abstract: 'We study prompt selection from the perspective of reinforcement learning gradient optimization, and show that curriculum selection improves training efficiency of reasoning models.',
    topics: ['rl'],
    publishedAt: '2025-10-01',
    upvotes: 1,
  }),
  paper({
    title: 'Peri-LN: Revisiting Layer Normalization in the Transformer Architecture',
    abstract:
      'Designing Transformer architectures with the optimal layer normalization (LN) strategy that ensures large-scale training stability has remained elusive. Pre-LN and Post-LN have long dominated standard practices. We term the peripheral placement Peri-LN.',
    topics: ['llm-training-stability'],
    publishedAt: '2025-02-04',
    upvotes: 3,
  }),
  paper({
    title: 'Stabilizing the Lottery Ticket Hypothesis',
    abstract: 'Pruning is a well-established technique for removing unnecessary structure from neural networks after training. The lottery ticket hypothesis conjectures that typical neural networks contain small subnetworks that can train to similar accuracy.',
    codeLinks: github('example/lottery'),
  }),
  paper({
    title: 'Morphological evolution and galactic sizes in the L-Galaxies SA model',
    abstract: 'We update the L-Galaxies semi-analytic model to better follow the growth of bulges via disc instabilities and mergers.',
    publishedAt: '2018-10-11',
  }),
];

export function fixtureCorpus(papers: Paper[] = PAPERS, hash = 'fixture-hash'): Corpus {
  return makeCorpus(papers, TOPICS, hash);
}

export const idOf = (title: string) => slugifyTitle(title);

/** The committed corpus, for corpus-level specs. */
export const CORPUS_DIR = fileURLToPath(new URL('../../corpus', import.meta.url));

let real: Corpus | undefined;
export function realCorpus(): Corpus {
  real ??= loadCorpus(CORPUS_DIR);
  return real;
}
