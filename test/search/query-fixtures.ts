// Papers with authors, organisations, dates and names in other scripts, for the query-language specs
// (the seed corpus has no author names). Titles, authors and dates follow the real listings; the
// abstracts are shortened.
import type { Corpus } from '../../src/corpus/corpus.js';
import { fixtureCorpus, makePaper } from '../support/context.js';

const gh = (repo: string) => [{ url: `https://github.com/${repo}`, kind: 'github' as const }];

export const QUERY_PAPERS = [
  makePaper({
    id: '2307.08691',
    arxivId: '2307.08691',
    title: 'FlashAttention-2: Faster Attention with Better Parallelism and Work Partitioning',
    abstract: 'Scaling Transformers to longer sequence lengths has been a major problem. We propose FlashAttention-2, with better work partitioning and parallelism across thread blocks, reaching 73% of the theoretical maximum FLOPs/s on A100.',
    authors: ['Tri Dao'],
    publishedAt: '2023-07-17',
    codeLinks: gh('Dao-AILab/flash-attention'),
    topics: ['efficient-models'],
  }),
  makePaper({
    id: '2312.00752',
    arxivId: '2312.00752',
    title: 'Mamba: Linear-Time Sequence Modeling with Selective State Spaces',
    abstract: 'Foundation models are almost universally based on the Transformer and its attention module. We identify that a key weakness of such models is their inability to perform content-based reasoning, and let the SSM parameters be functions of the input: selective state spaces.',
    authors: ['Albert Gu', 'Tri Dao'],
    publishedAt: '2023-12-01',
    codeLinks: gh('state-spaces/mamba'),
    topics: ['architectures'],
  }),
  makePaper({
    id: '2203.03466',
    arxivId: '2203.03466',
    title: 'Tensor Programs V: Tuning Large Neural Networks via Zero-Shot Hyperparameter Transfer',
    abstract: 'Hyperparameter tuning in deep learning is expensive. We show that, in the recently discovered Maximal Update Parametrization (μP), many optimal hyperparameters remain stable even as model size changes. This leads to μTransfer: parametrize the target model in μP and tune on a smaller version.',
    authors: ['Greg Yang', 'Edward J. Hu', 'Igor Babuschkin', 'Szymon Sidor', 'Jakub Pachocki', 'Jianfeng Gao'],
    organization: 'Microsoft Research',
    publishedAt: '2022-03-07',
    codeLinks: gh('microsoft/mup'),
    topics: ['optimizers'],
  }),
  makePaper({
    id: '2505.15270',
    arxivId: '2505.15270',
    title: 'Scaling Diffusion Transformers Efficiently via μP',
    abstract: 'Diffusion Transformers are the foundation for vision generative models, but their scalability is limited by the high cost of hyperparameter tuning at large scales. We generalize standard μP to diffusion Transformers and validate its effectiveness.',
    authors: ['Chenyu Zheng', 'Xinyu Zhang', 'Rongzhen Wang', 'Wei Huang', 'Zhi Tian', 'Weilin Huang', 'Jun Zhu', 'Chongxuan Li'],
    publishedAt: '2025-05-20',
    topics: ['generative-models'],
  }),
  makePaper({
    id: 'beta-vae-learning-basic-visual-concepts-with-a-constrained-variation',
    title: 'β-VAE: Learning Basic Visual Concepts with a Constrained Variational Framework',
    abstract: 'We introduce β-VAE, a framework for automated discovery of interpretable factorised latent representations from raw image data in a completely unsupervised manner.',
    authors: ['Irina Higgins', 'Loïc Matthey', 'Arka Pal', 'Christopher Burgess', 'Xavier Glorot', 'Matthew Botvinick', 'Shakir Mohamed', 'Alexander Lerchner'],
    organization: 'Google DeepMind',
    publishedAt: '2017-04-24',
    topics: ['generative-models'],
  }),
  makePaper({
    id: '1905.05702',
    arxivId: '1905.05702',
    title: 'Sparse Sequence-to-Sequence Models',
    abstract: 'Sequence-to-sequence models are a powerful workhorse of NLP. We propose sparse sequence-to-sequence models, rooted in a new family of α-entmax transformations, which includes softmax and sparsemax as particular cases.',
    authors: ['Ben Peters', 'Vlad Niculae', 'André F. T. Martins'],
    publishedAt: '2019-05-14',
    codeLinks: gh('deep-spin/entmax'),
    topics: ['architectures'],
  }),
  makePaper({
    id: '2309.14322',
    arxivId: '2309.14322',
    title: 'Small-scale proxies for large-scale Transformer training instabilities',
    abstract: 'Teams that have trained large Transformer-based models have reported training instabilities at large scale, such as loss spikes, that did not appear when training with the same hyperparameters at smaller scales. We study the growth of logits in attention layers.',
    authors: ['Mitchell Wortsman', 'Peter J. Liu', 'Lechao Xiao', 'Katie Everett', 'Jaehoon Lee'],
    organization: 'Google DeepMind',
    publishedAt: '2023-09-25',
    topics: ['llm-training-stability'],
  }),
  makePaper({
    id: '2404.01234',
    arxivId: '2404.01234',
    title: 'A Survey on Efficient Attention for Transformers',
    abstract: 'This survey reviews efficient attention mechanisms, from sparse patterns to linear attention and IO-aware kernels such as FlashAttention.',
    authors: ['Yi Tay'],
    publishedAt: '2024-04-02',
    topics: ['efficient-models'],
  }),
  makePaper({
    id: 't-4c1f0f7a9e2b',
    title: '大语言模型的推理能力综述',
    abstract: '本文综述了大语言模型的推理能力，包括思维链提示、强化学习后训练与过程奖励模型。',
    authors: ['王伟', '李娜'],
    publishedAt: '2025-03-01',
    topics: ['rl-for-llms'],
  }),
  makePaper({
    id: 't-93d0a1be55c7',
    title: '強化学習による大規模言語モデルの整合',
    abstract: '人間のフィードバックからの強化学習を用いて、大規模言語モデルを人間の意図に整合させる手法を提案する。',
    authors: ['佐藤 健'],
    publishedAt: '2024-11-12',
    topics: ['rl-for-llms'],
  }),
];

export function queryCorpus(): Corpus {
  return fixtureCorpus(QUERY_PAPERS);
}
