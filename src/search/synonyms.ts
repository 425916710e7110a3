// ML acronyms and their expansions. Each group is one concept; when any of its forms occurs in a
// document the index also records a concept term ("~rl"), and a query naming any form also asks for
// that concept term at a lower weight. So "reinforcement learning" finds abstracts that only say
// "RL" and vice versa, while a literal match still scores higher than an expansion.
import { createHash } from 'node:crypto';
import { stemSequence } from './text.js';

export interface SynonymGroup {
  /** Concept id; the index term is `~${id}`. */
  id: string;
  /** Forms of the concept (acronyms, expansions, spelling variants); any form stands for all. */
  forms: readonly string[];
}

// An acronym with two meanings in the corpus (BNN) gets one group per meaning: the acronym then
// stands for both, while each expansion only finds its own meaning.
export const SYNONYM_GROUPS: readonly SynonymGroup[] = [
  { id: 'rl', forms: ['RL', 'reinforcement learning', 'deep RL', 'DRL'] },
  { id: 'rlvr', forms: ['RLVR', 'reinforcement learning with verifiable rewards', 'verifiable rewards'] },
  { id: 'rlhf', forms: ['RLHF', 'reinforcement learning from human feedback'] },
  { id: 'llm', forms: ['LLM', 'large language model'] },
  { id: 'mllm', forms: ['MLLM', 'multimodal large language model', 'multimodal LLM'] },
  { id: 'lm', forms: ['LM', 'language model'] },
  { id: 'vlm', forms: ['VLM', 'vision language model', 'visual language model', 'vision-language model'] },
  { id: 'gan', forms: ['GAN', 'generative adversarial network', 'generative adversarial net'] },
  { id: 'vae', forms: ['VAE', 'variational autoencoder'] },
  { id: 'sae', forms: ['SAE', 'sparse autoencoder'] },
  { id: 'vit', forms: ['ViT', 'vision transformer'] },
  { id: 'nas', forms: ['NAS', 'neural architecture search'] },
  { id: 'darts', forms: ['DARTS', 'differentiable architecture search'] },
  { id: 'snn', forms: ['SNN', 'spiking neural network'] },
  { id: 'bnn-binary', forms: ['BNN', 'binary neural network', 'binarized neural network'] },
  { id: 'bnn-bayes', forms: ['BNN', 'bayesian neural network'] },
  { id: 'rnn', forms: ['RNN', 'recurrent neural network'] },
  { id: 'cnn', forms: ['CNN', 'convolutional neural network'] },
  { id: 'gnn', forms: ['GNN', 'graph neural network'] },
  { id: 'sgd', forms: ['SGD', 'stochastic gradient descent'] },
  { id: 'gd', forms: ['GD', 'gradient descent'] },
  { id: 'sam', forms: ['SAM', 'sharpness aware minimization', 'sharpness-aware minimization'] },
  { id: 'eos', forms: ['EoS', 'edge of stability'] },
  { id: 'ntk', forms: ['NTK', 'neural tangent kernel'] },
  { id: 'moe', forms: ['MoE', 'mixture of experts', 'mixture-of-experts'] },
  { id: 'ppo', forms: ['PPO', 'proximal policy optimization'] },
  { id: 'grpo', forms: ['GRPO', 'group relative policy optimization'] },
  { id: 'dpo', forms: ['DPO', 'direct preference optimization'] },
  { id: 'kl', forms: ['KL', 'Kullback-Leibler', 'Kullback Leibler'] },
  { id: 'pde', forms: ['PDE', 'partial differential equation'] },
  { id: 'fr', forms: ['FR', 'face recognition'] },
  { id: 'uap', forms: ['UAP', 'universal adversarial perturbation'] },
  { id: 'ste', forms: ['STE', 'straight through estimator', 'straight-through estimator'] },
  { id: 'lr', forms: ['LR', 'learning rate', 'step size', 'stepsize'] },
  { id: 'ln', forms: ['LN', 'layer normalization', 'layernorm', 'layer norm'] },
  { id: 'bn', forms: ['BN', 'batch normalization', 'batchnorm', 'batch norm'] },
  { id: 'cot', forms: ['CoT', 'chain of thought', 'chain-of-thought'] },
  { id: 'nlp', forms: ['NLP', 'natural language processing'] },
  { id: 'sft', forms: ['SFT', 'supervised fine-tuning', 'supervised finetuning'] },
  { id: 'peft', forms: ['PEFT', 'parameter-efficient fine-tuning'] },
  { id: 'ood', forms: ['OOD', 'out of distribution', 'out-of-distribution'] },
  { id: 'dmd', forms: ['DMD', 'distribution matching distillation'] },
  { id: 'mu', forms: ['machine unlearning', 'MU'] },
  { id: 'ssm', forms: ['SSM', 'state space model'] },
  { id: 'mlp', forms: ['MLP', 'multilayer perceptron', 'multi-layer perceptron'] },
  { id: 'ac', forms: ['actor-critic', 'actor critic'] },
  { id: 'gflownet', forms: ['GFlowNet', 'generative flow network'] },
  // Spelling variants rather than acronyms: one concept, several surface forms.
  { id: 'finetune', forms: ['fine-tuning', 'finetuning', 'fine tune'] },
  { id: 'pretrain', forms: ['pre-training', 'pretraining', 'pre train'] },
  { id: 'stability', forms: ['stability', 'instability'] },
  { id: 'hallucination', forms: ['hallucination', 'confabulation'] },
];

export interface ConceptMatch {
  concept: string;
  /** Span [start, end) in the stem sequence. */
  start: number;
  end: number;
}

/** Index term that stands for a concept; "~" never survives tokenisation, so it cannot collide. */
export function conceptTerm(id: string): string {
  return `~${id}`;
}

interface CompiledForm {
  stems: string[];
  concept: string;
}

function compile(groups: readonly SynonymGroup[]): Map<string, CompiledForm[]> {
  const byFirst = new Map<string, CompiledForm[]>();
  for (const group of groups) {
    const seen = new Set<string>();
    for (const form of group.forms) {
      const stems = stemSequence(form);
      const key = stems.join(' ');
      if (stems.length === 0 || seen.has(key)) continue;
      seen.add(key);
      const first = stems[0] as string;
      const list = byFirst.get(first) ?? [];
      list.push({ stems, concept: group.id });
      byFirst.set(first, list);
    }
  }
  return byFirst;
}

const FORMS = compile(SYNONYM_GROUPS);

/** Fingerprint of the synonym table; part of the engine version because the index stores concepts. */
export const SYNONYMS_FINGERPRINT = createHash('sha256').update(JSON.stringify(SYNONYM_GROUPS)).digest('hex').slice(0, 12);

/**
 * Every occurrence of every concept in a stem sequence. Different concepts may overlap ("large
 * language model" is both ~llm and ~lm); one concept is counted once per stretch of text, so the
 * long and short forms of "reinforcement learning with verifiable rewards" do not count twice.
 */
export function findConcepts(stems: readonly string[]): ConceptMatch[] {
  const out: ConceptMatch[] = [];
  const coveredUntil = new Map<string, number>();
  for (let i = 0; i < stems.length; i++) {
    const candidates = FORMS.get(stems[i] as string);
    if (!candidates) continue;
    for (const form of candidates) {
      const end = i + form.stems.length;
      if (end > stems.length) continue;
      let ok = true;
      for (let k = 1; k < form.stems.length; k++) {
        if (stems[i + k] !== form.stems[k]) {
          ok = false;
          break;
        }
      }
      if (!ok || i < (coveredUntil.get(form.concept) ?? 0)) continue;
      out.push({ concept: form.concept, start: i, end });
      coveredUntil.set(form.concept, end);
    }
  }
  return out;
}

/** Concept ids a text mentions, e.g. conceptsIn("deep RL agents") -> ["rl"]. For tests and debugging. */
export function conceptsIn(text: string): string[] {
  return [...new Set(findConcepts(stemSequence(text)).map((m) => m.concept))].sort();
}
