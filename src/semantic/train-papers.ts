// From papers to the two model files: the one term pipeline every trainer uses (the offline script
// over the Hugging Face export, the bot's background retrain and `paperboy semantic retrain` over the
// corpus store), so a model trained from the store sees the same terms as the committed one.
import { ANALYZER_VERSION } from '../search/text.js';
import { encodeSemantic, type SemanticHeader } from './format.js';
import { semanticTerms } from './terms.js';
import { DEFAULT_TRAIN_OPTIONS, trainSemantic, type TrainingDoc, type TrainOptions } from './train.js';

/** The text of a paper the model learns from. */
export interface TrainingText {
  title: string;
  abstract: string;
  aiSummary?: string | null | undefined;
  keywords: readonly string[];
}

/** Title, abstract, HF summary and each keyword as separate term runs (a window never spans two of them). */
export function trainingDoc(text: TrainingText): TrainingDoc {
  return [text.title, text.abstract, text.aiSummary ?? '', ...text.keywords].map((piece) => semanticTerms(piece)).filter((terms) => terms.length > 0);
}

export interface TrainedFiles {
  /** semantic.json (header) and semantic.bin (numbers, vocabulary). */
  json: string;
  bin: Buffer;
  terms: number;
  dims: number;
}

/** Trains on the documents and encodes the result; deterministic for the same documents, corpus record and options. */
export function trainModelFiles(docs: readonly TrainingDoc[], corpus: SemanticHeader['corpus'], options: TrainOptions = DEFAULT_TRAIN_OPTIONS, log?: (msg: string) => void): TrainedFiles {
  const model = trainSemantic(docs, options, log);
  const { json, bin } = encodeSemantic({
    header: {
      analyzerVersion: ANALYZER_VERSION,
      dims: model.dims,
      neighbors: model.neighbors.k,
      terms: model.terms,
      counts: model.counts,
      tokens: model.tokens,
      commonDirection: model.commonDirection.map((x) => Number(x.toFixed(6))),
      corpus,
      training: { ...options },
    },
    vectors: model.vectors,
    neighborIds: model.neighbors.ids,
    neighborSims: model.neighbors.sims,
  });
  return { json, bin, terms: model.terms.length, dims: model.dims };
}
