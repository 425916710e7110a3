// Retraining the semantic model from the corpus store: the papers of the store's current revision go
// through the same term pipeline as the offline script (src/semantic/train-papers.ts), and the result is
// written into DATA_DIR/semantic/ atomically (src/semantic/trained-store.ts).
//
// This module is also the program of the bot's background trainer: a child process started by
// src/trainer-process.ts, which sends it one job over IPC and gets one answer back. Run as that child it
// first lowers its own priority to the lowest, then trains and exits, so all its memory goes back to the
// system. From source it runs through tsx; from a build, as its own bundle (scripts/bundle.mjs).
import { cpuUsage, resourceUsage } from 'node:process';
import { z } from 'zod';
import type { CorpusStore } from './corpus/store.js';
import { openCorpusStore } from './corpus/store.js';
import type { TrainedFiles } from './semantic/train-papers.js';
import { trainingDoc, trainModelFiles } from './semantic/train-papers.js';
import { writeTrainedModel } from './semantic/trained-store.js';
import { DEFAULT_TRAIN_OPTIONS, type TrainOptions } from './semantic/train.js';
import { lowerWholeProcess } from './thread-priority.js';

/** argv[2] of the child: what tells this module it runs as the trainer. */
export const TRAINER_ARG = '--paperboy-semantic-trainer';

/** Trains on every paper of the store's current revision (title, abstract, HF summary, keywords). */
export function trainFromStore(store: CorpusStore, options: TrainOptions = DEFAULT_TRAIN_OPTIONS, log?: (msg: string) => void): TrainedFiles & { revision: number; papers: number } {
  const corpus = store.loadCorpus();
  const docs = corpus.papers.map((p) => trainingDoc(p));
  const files = trainModelFiles(docs, { papers: docs.length, files: [], revision: corpus.revision }, options, log);
  return { ...files, revision: corpus.revision, papers: docs.length };
}

export const TrainerJobSchema = z.object({
  /** The corpus store file (already prepared by the process that asks). */
  storeFile: z.string().min(1),
  dataDir: z.string().min(1),
  /** Training options other than the defaults (tests train small models). */
  options: z
    .object({ dims: z.number().int().min(1).max(1024), window: z.number().int().min(1).max(20), minCount: z.number().int().min(1), maxVocab: z.number().int().min(1).max(65_000), oversample: z.number().int().min(0).max(256), powerIterations: z.number().int().min(0).max(10), alpha: z.number().min(0).max(1), neighbors: z.number().int().min(0).max(64), neighborMinCount: z.number().int().min(1), seed: z.number().int() })
    .partial()
    .optional(),
});
export type TrainerJob = z.infer<typeof TrainerJobSchema>;

export interface TrainerResult {
  dir: string;
  revision: number;
  papers: number;
  terms: number;
  wallMs: number;
  cpuMs: number;
  /** Peak resident set of the trainer, KiB. */
  maxRssKiB: number;
}

/** Opens the store, trains from it, writes the model into DATA_DIR: the whole job, in this process. */
export function runTrainerJob(job: TrainerJob, log?: (msg: string) => void): TrainerResult {
  const started = performance.now();
  const cpu = cpuUsage();
  const store = openCorpusStore(job.storeFile, { seedDir: '', prepare: false });
  let trained: ReturnType<typeof trainFromStore>;
  try {
    trained = trainFromStore(store, { ...DEFAULT_TRAIN_OPTIONS, ...job.options }, log);
  } finally {
    store.close();
  }
  const dir = writeTrainedModel(job.dataDir, trained.revision, trained);
  const used = cpuUsage(cpu);
  return { dir, revision: trained.revision, papers: trained.papers, terms: trained.terms, wallMs: Math.round(performance.now() - started), cpuMs: Math.round((used.user + used.system) / 1000), maxRssKiB: resourceUsage().maxRSS };
}

export type TrainerMessage = { ok: true; result: TrainerResult } | { ok: false; message: string };

/** The child's side: one job in, one answer out, then exit. */
function serve(): void {
  lowerWholeProcess(); // nobody waits on a retrain: every thread of it gives way to the bot
  process.once('message', (raw: unknown) => {
    let answer: TrainerMessage;
    try {
      const job = TrainerJobSchema.parse(raw);
      answer = { ok: true, result: runTrainerJob(job) };
    } catch (err) {
      answer = { ok: false, message: err instanceof Error ? err.message.split('\n')[0]! : String(err) };
    }
    process.send!(answer, () => process.disconnect());
  });
}

if (process.argv[2] === TRAINER_ARG && typeof process.send === 'function') serve();
