// Learning term vectors from the corpus: counts -> windowed co-occurrence -> PPMI -> randomized
// truncated eigendecomposition (PPMI of a symmetric window is symmetric, so its SVD is an
// eigendecomposition). Levy, Goldberg & Dagan (2015) found PPMI+SVD with context-distribution
// smoothing (alpha 0.75) and eigenvalue weighting p = 0.5 on par with word2vec on similarity tasks,
// and it is deterministic and cheap to run on 9k abstracts.
//
// The big operations (sparse matrix times a tall thin dense block) are plain typed-array loops;
// the small dense factorizations (Cholesky of a 160x160 Gram matrix, symmetric eigendecomposition
// of the 160x160 projected matrix) use ml-matrix, which is well tested and faster than hand code.
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { mulberry32 } from '../prng.js';

export interface TrainOptions {
  /** Vector dimensions kept. */
  dims: number;
  /** Co-occurrence window (words each side); a pair d apart counts 1/d. */
  window: number;
  /** A term must occur this often to get a vector. */
  minCount: number;
  /** At most this many terms (most frequent first). */
  maxVocab: number;
  /** Extra random directions for the randomized eigendecomposition (accuracy of the top dims). */
  oversample: number;
  /** Power iterations (accuracy when the spectrum decays slowly, as PPMI's does). */
  powerIterations: number;
  /** Context distribution smoothing exponent (0.75: rare contexts do not dominate PMI). */
  alpha: number;
  /** Nearest neighbours stored per term. */
  neighbors: number;
  /** Only terms this frequent are offered as neighbours (rare expansions find almost nothing). */
  neighborMinCount: number;
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  dims: 128,
  window: 5,
  minCount: 5,
  maxVocab: 30_000,
  oversample: 32,
  powerIterations: 2,
  alpha: 0.75,
  neighbors: 12,
  neighborMinCount: 10,
  seed: 20_261_130,
};

export interface Vocabulary {
  terms: string[];
  counts: Uint32Array;
  ids: Map<string, number>;
}

/** Terms seen at least minCount times, most frequent first (ties by term, so runs are reproducible). */
export function buildVocabulary(sequences: Iterable<readonly string[]>, minCount: number, maxVocab: number): Vocabulary {
  const counts = new Map<string, number>();
  for (const seq of sequences) for (const t of seq) counts.set(t, (counts.get(t) ?? 0) + 1);
  const kept = [...counts].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, maxVocab);
  return { terms: kept.map(([t]) => t), counts: Uint32Array.from(kept.map(([, c]) => c)), ids: new Map(kept.map(([t], i) => [t, i])) };
}

/** Symmetric sparse matrix in CSR form. */
export interface Csr {
  size: number;
  rowPtr: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/**
 * Windowed co-occurrence counts (pair d apart adds 1/d), symmetric, as CSR. Pairs are packed into
 * one float64 key (row * size + col) * 8 + distance and sorted, which needs no hash map of millions of entries.
 */
export function cooccurrence(sequences: Iterable<readonly string[]>, vocab: Vocabulary, window: number): Csr {
  const size = vocab.terms.length;
  let keys = new Float64Array(1 << 20);
  let n = 0;
  const ids: number[] = [];
  for (const seq of sequences) {
    ids.length = 0;
    for (const t of seq) {
      const id = vocab.ids.get(t);
      if (id !== undefined) ids.push(id);
    }
    for (let i = 0; i < ids.length; i++) {
      const a = ids[i] as number;
      for (let d = 1; d <= window && i + d < ids.length; d++) {
        const b = ids[i + d] as number;
        if (a === b) continue;
        if (n + 2 > keys.length) {
          const grown = new Float64Array(keys.length * 2);
          grown.set(keys);
          keys = grown;
        }
        keys[n++] = (a * size + b) * 8 + d;
        keys[n++] = (b * size + a) * 8 + d;
      }
    }
  }
  const sorted = keys.subarray(0, n).sort();
  const rowPtr = new Int32Array(size + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  let prev = -1;
  for (let k = 0; k < n; k++) {
    const key = sorted[k] as number;
    const d = key % 8;
    const cell = (key - d) / 8;
    if (cell !== prev) {
      const row = Math.floor(cell / size);
      cols.push(cell - row * size);
      vals.push(0);
      rowPtr[row + 1] = (rowPtr[row + 1] as number) + 1;
      prev = cell;
    }
    vals[vals.length - 1] = (vals[vals.length - 1] as number) + 1 / d;
  }
  for (let r = 0; r < size; r++) rowPtr[r + 1] = (rowPtr[r + 1] as number) + (rowPtr[r] as number);
  return { size, rowPtr, cols: Int32Array.from(cols), vals: Float64Array.from(vals) };
}

/**
 * Positive PMI with context-distribution smoothing applied to both sides (keeps the matrix
 * symmetric): pmi(i,j) = log(P(i,j) / (Pa(i) Pa(j))), Pa(x) = c(x)^alpha / sum c^alpha. Drops zeros.
 */
export function ppmi(m: Csr, alpha: number): Csr {
  const rowSum = new Float64Array(m.size);
  let total = 0;
  for (let r = 0; r < m.size; r++) {
    for (let k = m.rowPtr[r] as number; k < (m.rowPtr[r + 1] as number); k++) rowSum[r] = (rowSum[r] as number) + (m.vals[k] as number);
    total += rowSum[r] as number;
  }
  const smoothed = rowSum.map((s) => s ** alpha);
  const smoothedTotal = smoothed.reduce((a, b) => a + b, 0);
  const rowPtr = new Int32Array(m.size + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  for (let r = 0; r < m.size; r++) {
    for (let k = m.rowPtr[r] as number; k < (m.rowPtr[r + 1] as number); k++) {
      const c = m.cols[k] as number;
      const pmi = Math.log(((m.vals[k] as number) / total) / (((smoothed[r] as number) / smoothedTotal) * ((smoothed[c] as number) / smoothedTotal)));
      if (pmi <= 0) continue;
      cols.push(c);
      vals.push(pmi);
    }
    rowPtr[r + 1] = cols.length;
  }
  return { size: m.size, rowPtr, cols: Int32Array.from(cols), vals: Float64Array.from(vals) };
}

/** out = M * Y for a dense row-major block Y (size x width). */
export function multiply(m: Csr, y: Float64Array, width: number): Float64Array {
  const out = new Float64Array(m.size * width);
  for (let r = 0; r < m.size; r++) {
    const o = r * width;
    for (let k = m.rowPtr[r] as number; k < (m.rowPtr[r + 1] as number); k++) {
      const v = m.vals[k] as number;
      const yo = (m.cols[k] as number) * width;
      for (let l = 0; l < width; l++) out[o + l] = (out[o + l] as number) + v * (y[yo + l] as number);
    }
  }
  return out;
}

/** Gram matrix Y^T Y of a row-major block. */
function gram(y: Float64Array, rows: number, width: number): Matrix {
  const g = new Float64Array(width * width);
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    for (let a = 0; a < width; a++) {
      const ya = y[o + a] as number;
      if (ya === 0) continue;
      const ga = a * width;
      for (let b = a; b < width; b++) g[ga + b] = (g[ga + b] as number) + ya * (y[o + b] as number);
    }
  }
  const m = new Matrix(width, width);
  for (let a = 0; a < width; a++) for (let b = a; b < width; b++) {
    m.set(a, b, g[a * width + b] as number);
    m.set(b, a, g[a * width + b] as number);
  }
  return m;
}

/**
 * Orthonormalize the columns of Y in place by Cholesky QR, done twice (CholeskyQR2 is as accurate
 * as Householder when Y is not too ill-conditioned, which re-orthonormalizing every power step ensures).
 */
export function orthonormalize(y: Float64Array, rows: number, width: number): void {
  for (let pass = 0; pass < 2; pass++) {
    const g = gram(y, rows, width);
    // A tiny ridge keeps Cholesky defined when a random direction is (numerically) redundant.
    const ridge = 1e-12 * Math.max(1, g.trace());
    for (let a = 0; a < width; a++) g.set(a, a, g.get(a, a) + ridge);
    const l = new CholeskyDecomposition(g).lowerTriangularMatrix;
    const lt = new Float64Array(width * width);
    for (let a = 0; a < width; a++) for (let b = 0; b <= a; b++) lt[a * width + b] = l.get(a, b);
    // Each row q solves q L^T = y, i.e. L q^T = y^T: forward substitution.
    const row = new Float64Array(width);
    for (let r = 0; r < rows; r++) {
      const o = r * width;
      for (let a = 0; a < width; a++) {
        let s = y[o + a] as number;
        for (let b = 0; b < a; b++) s -= (lt[a * width + b] as number) * (row[b] as number);
        row[a] = s / (lt[a * width + a] as number);
      }
      y.set(row, o);
    }
  }
}

/** Deterministic standard normals (mulberry32 + Box-Muller), so training runs are reproducible. */
export function gaussian(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(uniform() || 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

export interface Eigen {
  values: Float64Array;
  /** size x dims, row-major. */
  vectors: Float64Array;
}

/** Top `dims` eigenpairs (largest eigenvalues) of a symmetric sparse matrix, by randomized range finding. */
export function randomizedEigen(m: Csr, dims: number, oversample: number, powerIterations: number, seed: number): Eigen {
  const width = Math.min(m.size, dims + oversample);
  const rand = gaussian(seed);
  let y: Float64Array = new Float64Array(m.size * width);
  for (let i = 0; i < y.length; i++) y[i] = rand();
  y = multiply(m, y, width);
  for (let it = 0; it < powerIterations; it++) {
    orthonormalize(y, m.size, width);
    y = multiply(m, y, width);
  }
  orthonormalize(y, m.size, width);
  const q = y;
  const z = multiply(m, q, width);
  // B = Q^T M Q, symmetrized against rounding.
  const b = new Matrix(width, width);
  for (let r = 0; r < m.size; r++) {
    const o = r * width;
    for (let a = 0; a < width; a++) {
      const qa = q[o + a] as number;
      if (qa === 0) continue;
      for (let c = 0; c < width; c++) b.set(a, c, b.get(a, c) + qa * (z[o + c] as number));
    }
  }
  const sym = b.add(b.transpose()).div(2);
  const evd = new EigenvalueDecomposition(sym, { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((v, i) => [v, i] as const).sort((x, y2) => y2[0] - x[0]).slice(0, dims);
  const w = evd.eigenvectorMatrix;
  const values = Float64Array.from(order.map(([v]) => v));
  const vectors = new Float64Array(m.size * order.length);
  for (let r = 0; r < m.size; r++) {
    const o = r * width;
    for (let k = 0; k < order.length; k++) {
      const col = (order[k] as readonly [number, number])[1];
      let s = 0;
      for (let a = 0; a < width; a++) s += (q[o + a] as number) * w.get(a, col);
      vectors[r * order.length + k] = s;
    }
  }
  return { values, vectors };
}

/** Term vectors U * sqrt(lambda), rows scaled to unit length (cosine = dot product). */
export function termVectors(eigen: Eigen, size: number): Float32Array {
  const dims = eigen.values.length;
  const out = new Float32Array(size * dims);
  const scale = Array.from(eigen.values, (v) => Math.sqrt(Math.max(v, 0)));
  for (let r = 0; r < size; r++) {
    let norm = 0;
    for (let k = 0; k < dims; k++) {
      const v = (eigen.vectors[r * dims + k] as number) * (scale[k] as number);
      out[r * dims + k] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < dims; k++) out[r * dims + k] = (out[r * dims + k] as number) / norm;
  }
  return out;
}

export interface Neighbors {
  /** size x k term ids, best first; -1 pads. */
  ids: Int32Array;
  /** size x k cosines. */
  sims: Float32Array;
  k: number;
}

/** The k nearest candidate terms of every term (cosine), excluding itself. O(size x candidates x dims). */
export function nearestNeighbors(vectors: Float32Array, dims: number, size: number, candidates: readonly number[], k: number): Neighbors {
  const ids = new Int32Array(size * k).fill(-1);
  const sims = new Float32Array(size * k).fill(-Infinity);
  const cand = Int32Array.from(candidates);
  for (let i = 0; i < size; i++) {
    const io = i * dims;
    const base = i * k;
    let worst = -Infinity;
    for (let c = 0; c < cand.length; c++) {
      const j = cand[c] as number;
      if (j === i) continue;
      const jo = j * dims;
      let s = 0;
      for (let d = 0; d < dims; d++) s += (vectors[io + d] as number) * (vectors[jo + d] as number);
      if (s <= worst) continue;
      // Insertion into the sorted top-k row.
      let p = k - 1;
      while (p > 0 && (sims[base + p - 1] as number) < s) {
        sims[base + p] = sims[base + p - 1] as number;
        ids[base + p] = ids[base + p - 1] as number;
        p--;
      }
      sims[base + p] = s;
      ids[base + p] = j;
      worst = sims[base + k - 1] as number;
    }
  }
  return { ids, sims, k };
}

/**
 * Re-rank raw neighbours by CSLS (Conneau et al. 2018): 2 cos(a,b) - r(b), where r(b) is b's mean
 * cosine to its own `hubK` nearest. Generic words ("often", "due", "suffer") sit close to everything;
 * this pushes such hubs down so a term's list holds its specific relatives. Keeps `keep` per term.
 */
export function hubnessCorrected(raw: Neighbors, hubK: number, keep: number): Neighbors {
  const size = raw.ids.length / raw.k;
  const hub = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let s = 0;
    let n = 0;
    for (let k = 0; k < Math.min(hubK, raw.k); k++) {
      const v = raw.sims[i * raw.k + k] as number;
      if (Number.isFinite(v)) {
        s += v;
        n++;
      }
    }
    hub[i] = n > 0 ? s / n : 0;
  }
  const ids = new Int32Array(size * keep).fill(-1);
  const sims = new Float32Array(size * keep).fill(-Infinity);
  for (let i = 0; i < size; i++) {
    const row: Array<[id: number, cos: number, csls: number]> = [];
    for (let k = 0; k < raw.k; k++) {
      const j = raw.ids[i * raw.k + k] as number;
      if (j < 0) continue;
      const cos = raw.sims[i * raw.k + k] as number;
      row.push([j, cos, 2 * cos - (hub[j] as number)]);
    }
    row.sort((a, b) => b[2] - a[2] || a[0] - b[0]);
    row.slice(0, keep).forEach(([j, cos], k) => {
      ids[i * keep + k] = j;
      sims[i * keep + k] = cos;
    });
  }
  return { ids, sims, k: keep };
}

/** One training document: its text pieces (title, abstract, summary, keywords), each a separate window run. */
export type TrainingDoc = readonly (readonly string[])[];

export interface TrainedSemantic {
  terms: string[];
  counts: number[];
  tokens: number;
  dims: number;
  vectors: Float32Array;
  neighbors: Neighbors;
  commonDirection: number[];
  timings: Record<string, number>;
}

/** The whole pipeline over analysed documents (see semanticTerms). Deterministic for fixed input and options. */
export function trainSemantic(docs: readonly TrainingDoc[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS, log: (msg: string) => void = () => {}): TrainedSemantic {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    log(`${name}: ${timings[name]} ms`);
    t = now;
  };
  const sequences = docs.flat();
  const vocab = buildVocabulary(sequences, options.minCount, options.maxVocab);
  const tokens = vocab.counts.reduce((a, b) => a + b, 0);
  lap(`vocabulary (${vocab.terms.length} terms)`);
  const counts = cooccurrence(sequences, vocab, options.window);
  lap(`co-occurrence (${counts.cols.length} cells)`);
  const pmi = ppmi(counts, options.alpha);
  lap(`ppmi (${pmi.cols.length} cells)`);
  const size = vocab.terms.length;
  const dims = Math.min(options.dims, size);
  const eigen = randomizedEigen(pmi, dims, options.oversample, options.powerIterations, options.seed);
  lap('eigendecomposition');
  const vectors = termVectors(eigen, size);
  const candidates: number[] = [];
  for (let i = 0; i < size; i++) if ((vocab.counts[i] as number) >= options.neighborMinCount) candidates.push(i);
  const raw = nearestNeighbors(vectors, eigen.values.length, size, candidates, Math.max(options.neighbors, 40));
  const neighbors = hubnessCorrected(raw, 10, options.neighbors);
  lap(`neighbours (${candidates.length} candidates)`);
  const commonDirection = principalDirection(docs, vocab, vectors, eigen.values.length, tokens);
  lap('common direction');
  return { terms: vocab.terms, counts: Array.from(vocab.counts), tokens, dims: eigen.values.length, vectors, neighbors, commonDirection, timings };
}

/** First principal direction of the documents' SIF vectors (removed from every text vector later). */
function principalDirection(docs: readonly TrainingDoc[], vocab: Vocabulary, vectors: Float32Array, dims: number, tokens: number): number[] {
  const cov = new Matrix(dims, dims);
  const acc = new Float64Array(dims * dims);
  const v = new Float64Array(dims);
  for (const doc of docs) {
    v.fill(0);
    let known = 0;
    for (const seq of doc) {
      for (const term of seq) {
        const id = vocab.ids.get(term);
        if (id === undefined) continue;
        const w = 1e-3 / (1e-3 + (vocab.counts[id] as number) / tokens);
        for (let d = 0; d < dims; d++) v[d] = (v[d] as number) + w * (vectors[id * dims + d] as number);
        known++;
      }
    }
    if (known === 0) continue;
    for (let a = 0; a < dims; a++) for (let b = a; b < dims; b++) acc[a * dims + b] = (acc[a * dims + b] as number) + (v[a] as number) * (v[b] as number);
  }
  for (let a = 0; a < dims; a++) for (let b = a; b < dims; b++) {
    cov.set(a, b, acc[a * dims + b] as number);
    cov.set(b, a, acc[a * dims + b] as number);
  }
  const evd = new EigenvalueDecomposition(cov, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const top = values.indexOf(Math.max(...values));
  return evd.eigenvectorMatrix.getColumn(top);
}
