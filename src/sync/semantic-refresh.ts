// Keeps the semantic model up with the live corpus. After every swap of the live view (a sync, a
// reload) and once at start: a model newer than the serving one in DATA_DIR/semantic/ (written by
// another process: the shard that syncs, `paperboy semantic retrain`) is swapped in; otherwise, in the
// process that syncs, when the corpus has outgrown the serving model by SEMANTIC_RETRAIN
// (src/semantic/retrain-policy.ts), a retrain starts in a child process (src/trainer-process.ts) while
// the previous model keeps serving. Its result is loaded back from DATA_DIR with every check a start-up
// makes, then swapped in through the sync's swap queue. A failed or killed training changes nothing:
// the previous model serves on and the next check tries again.
import type { RetrainThreshold } from '../config.js';
import { semanticSearchOff } from '../config.js';
import type { Logger } from '../logger.js';
import { SemanticModelError, type SemanticModel } from '../semantic/model.js';
import { retrainAfter, shouldRetrain } from '../semantic/retrain-policy.js';
import { loadTrainedModelAt, trainedModels } from '../semantic/trained-store.js';
import type { TrainerJob } from '../semantic-trainer.js';
import { startTrainer, type TrainerRun } from '../trainer-process.js';
import type { ViewRef } from './live.js';

export interface SemanticRefreshDeps {
  ref: ViewRef;
  /** The corpus store file the trainer reads (the bot's, already prepared). */
  storeFile: string;
  dataDir: string;
  /** SEMANTIC_RETRAIN; null: never retrain here (newer models from DATA_DIR are still taken). */
  threshold: RetrainThreshold | null;
  logger: Logger;
  /** Swaps the live view to the same revision ranked with `model` (src/sync/bot-sync.ts swapSemantic). */
  swapSemantic(model: SemanticModel): Promise<void>;
  /** Starts a training; the child process trainer unless a test passes another. */
  startTrainer?: (job: TrainerJob) => TrainerRun;
  /** Training options other than the defaults (tests). */
  trainOptions?: TrainerJob['options'];
}

export interface SemanticRefresh {
  /** Looks for a newer model or a reason to retrain (see above); returns at once, never throws. */
  check(): void;
  /** Lets this process retrain (the one that syncs); until then it only takes models others wrote. */
  enableTraining(): void;
  /** Whether a training is running now. */
  training(): boolean;
  /** Settles once no training and no model swap started here is in progress. */
  idle(): Promise<void>;
  /** Kills a training in progress and waits for it to end. */
  stop(): Promise<void>;
}

export function createSemanticRefresh(deps: SemanticRefreshDeps): SemanticRefresh {
  const log = deps.logger.child({ component: 'semantic' });
  let trainingOn = false;
  let stopped = false;
  let run: TrainerRun | undefined;
  let busy: Promise<void> = Promise.resolve();
  let again = false;
  /** Model folders that did not load: not tried again (their warning is logged once). */
  const rejected = new Set<string>();

  function servingRevision(model: SemanticModel | undefined): number {
    return model?.header.corpus.revision ?? -1;
  }

  /** Loads the newest DATA_DIR model when it is newer than `serving`; undefined when there is none or it is unusable. */
  function newerModel(serving: SemanticModel | undefined): SemanticModel | undefined {
    const newest = trainedModels(deps.dataDir)[0];
    if (!newest || newest.revision <= servingRevision(serving) || rejected.has(newest.dir)) return undefined;
    try {
      return loadTrainedModelAt(newest); // the folder just listed, so a rejection names the one that failed
    } catch (err) {
      if (!(err instanceof SemanticModelError)) throw err;
      rejected.add(newest.dir);
      log.warn({ reason: err.message }, 'a retrained semantic model cannot be used; the current one keeps serving');
      return undefined;
    }
  }

  async function swapIn(model: SemanticModel): Promise<void> {
    try {
      await deps.swapSemantic(model);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'could not swap in the retrained semantic model; the current one keeps serving');
    }
  }

  async function retrain(papers: number, modelPapers: number): Promise<void> {
    const start = deps.startTrainer ?? startTrainer;
    log.info({ papers, trainedOn: modelPapers }, 'the corpus outgrew the semantic model: retraining in the background');
    try {
      run = start({ storeFile: deps.storeFile, dataDir: deps.dataDir, ...(deps.trainOptions ? { options: deps.trainOptions } : {}) });
      const result = await run.done;
      run = undefined;
      log.info({ revision: result.revision, papers: result.papers, terms: result.terms, wallMs: result.wallMs, cpuMs: result.cpuMs, maxRssMiB: Math.round(result.maxRssKiB / 1024) }, 'semantic model retrained');
      if (stopped) return;
      const model = newerModel(deps.ref.current().search.semanticModel());
      if (model) await swapIn(model);
    } catch (err) {
      run = undefined;
      if (!stopped) log.warn({ err: (err as Error).message }, 'semantic retrain failed; the previous model keeps serving (tried again after the next sync)');
    }
  }

  function next(): Promise<void> {
    const view = deps.ref.current();
    const serving = view.search.semanticModel();
    const newer = newerModel(serving);
    if (newer) return swapIn(newer);
    const modelPapers = serving?.header.corpus.papers ?? 0;
    if (trainingOn && shouldRetrain(deps.threshold, view.corpus.papers.length, modelPapers)) return retrain(view.corpus.papers.length, modelPapers);
    if (trainingOn && deps.threshold) log.debug({ papers: view.corpus.papers.length, trainedOn: modelPapers, after: retrainAfter(deps.threshold, modelPapers) }, 'semantic model is current enough');
    return Promise.resolve();
  }

  let active = false;
  function check(): void {
    if (stopped || semanticSearchOff()) return;
    if (active) {
      again = true; // the corpus moved during a training or swap: look again when it ends
      return;
    }
    active = true;
    busy = (async () => {
      try {
        do {
          again = false;
          await next();
        } while (again && !stopped);
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'semantic model check failed; the current model keeps serving');
      } finally {
        active = false;
      }
    })();
  }

  return {
    check,
    enableTraining() {
      trainingOn = true;
    },
    training: () => run !== undefined,
    idle: () => busy,
    async stop() {
      stopped = true;
      run?.kill();
      await busy;
    },
  };
}
