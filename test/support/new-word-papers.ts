// Hugging Face daily items (the shape the fake HF serves and an export holds) of papers that use words
// no paper of the seed corpus, and no committed model, knows: "quokkanorm" in three papers, and
// "wallabyreg", in the same contexts, in one more. A model trained with them learns the two words as
// neighbours, so a search for "quokkanorm" also finds the wallabyreg paper by expansion; one trained
// without them knows neither word.
import { readFileSync } from 'node:fs';

export const NEW_WORD = 'quokkanorm';
export const SIBLING_WORD = 'wallabyreg';

const TEMPLATE = (JSON.parse(readFileSync(new URL('../fixtures/hf-daily-sample.json', import.meta.url), 'utf8')) as Record<string, unknown>[])[0]!;

function item(id: string, title: string, summary: string, day: string): Record<string, unknown> {
  const paper = { ...(TEMPLATE.paper as Record<string, unknown>), id, title, summary, publishedAt: `${day}T08:00:00.000Z`, submittedOnDailyAt: `${day}T09:00:00.000Z`, ai_summary: undefined, ai_keywords: undefined };
  return { ...TEMPLATE, paper, title, summary, publishedAt: `${day}T08:00:00.000Z` };
}

const context = (word: string) =>
  `We introduce ${word}, a marsupial lattice regulariser for burrowing sparse transformers. ${word} keeps the marsupial lattice calm while burrowing sparse transformers train, and ${word} needs no tuning.`;

/** The papers of one synced day: ids 2612.9000x (arXiv-shaped, never in the seed). */
export function newWordItems(day: string): Record<string, unknown>[] {
  return [
    item('2612.90001', `Quokkanorm: a marsupial lattice regulariser`, context(NEW_WORD), day),
    item('2612.90002', `Scaling quokkanorm to burrowing transformers`, context(NEW_WORD), day),
    item('2612.90003', `Quokkanorm without tuning`, context(NEW_WORD), day),
    item('2612.90004', `Calm lattices for sparse models`, context(SIBLING_WORD), day),
  ];
}

/** The id of the paper that says "wallabyreg" but never "quokkanorm". */
export const SIBLING_PAPER = '2612.90004';

/** Training options small enough for the ~110-paper seed store: words seen twice get vectors and may be neighbours. */
export const SMALL_TRAINING = { minCount: 2, neighborMinCount: 2, dims: 32, oversample: 16 };
