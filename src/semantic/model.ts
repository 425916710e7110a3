// The loaded semantic model: term vectors and precomputed neighbours over the search analyser's
// terms. Pure lookups and small dot products; nothing here allocates per corpus paper.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANALYZER_VERSION } from '../search/text.js';
import { decodeSemantic, NO_NEIGHBOR, sha256, termHash, SEMANTIC_BIN, SEMANTIC_JSON, SemanticFormatError, type SemanticData } from './format.js';
import { semanticTerms } from './terms.js';

/** SIF smoothing (Arora et al. 2017): a term of corpus probability p weighs a / (a + p). */
const SIF_A = 1e-3;

export interface Neighbor {
  term: string;
  /** Cosine similarity, 0..1 (quantised to 1/255). */
  sim: number;
  /** Occurrences of the neighbour in the training text. */
  count: number;
}

export class SemanticModel {
  private readonly sif: Float32Array;
  private readonly mask: number;
  readonly dims: number;

  constructor(private readonly data: SemanticData) {
    const { header } = data;
    this.dims = header.dims;
    this.mask = header.tableSize - 1;
    const sif = new Float32Array(data.counts.length);
    for (let i = 0; i < sif.length; i++) sif[i] = SIF_A / (SIF_A + (data.counts[i] as number) / header.tokens);
    this.sif = sif;
  }

  get size(): number {
    return this.data.counts.length;
  }

  /** Id of a term, by the stored hash table (no Map or strings built at load), or undefined. */
  private idOf(term: string): number | undefined {
    const { table, offsets, vocab } = this.data;
    let slot = termHash(term) & this.mask;
    for (let probes = 0; probes <= this.mask; probes++) {
      const id = table[slot] as number;
      if (id === NO_NEIGHBOR) return undefined;
      const start = offsets[id] as number;
      if ((offsets[id + 1] as number) - start === term.length) {
        let i = 0;
        while (i < term.length && vocab[start + i] === term.charCodeAt(i)) i++;
        if (i === term.length) return id;
      }
      slot = (slot + 1) & this.mask;
    }
    return undefined;
  }

  /** The term with this id. */
  term(id: number): string {
    return String.fromCharCode(...this.data.vocab.subarray(this.data.offsets[id] as number, this.data.offsets[id + 1] as number));
  }

  get header() {
    return this.data.header;
  }

  has(term: string): boolean {
    return this.idOf(term) !== undefined;
  }

  count(term: string): number {
    const id = this.idOf(term);
    return id === undefined ? 0 : (this.data.counts[id] ?? 0);
  }

  /** Stored nearest terms, best first (hubness-corrected order), or [] for an unknown term. */
  neighbors(term: string): Neighbor[] {
    const id = this.idOf(term);
    if (id === undefined) return [];
    const k = this.data.header.neighbors;
    const { counts } = this.data;
    const out: Neighbor[] = [];
    for (let i = id * k; i < (id + 1) * k; i++) {
      const n = this.data.neighborIds[i] as number;
      if (n === NO_NEIGHBOR) break;
      out.push({ term: this.term(n), sim: (this.data.neighborSims[i] as number) / 255, count: counts[n] ?? 0 });
    }
    return out;
  }

  /** Dequantised unit vector of a term (a fresh array), or undefined when unknown. */
  vector(term: string): Float32Array | undefined {
    const id = this.idOf(term);
    if (id === undefined) return undefined;
    const out = new Float32Array(this.dims);
    this.addInto(out, 0, id, 1);
    return out;
  }

  /** Cosine between two terms (0 when either is unknown). */
  similarity(a: string, b: string): number {
    const va = this.vector(a);
    const vb = this.vector(b);
    return va && vb ? dot(va, vb) / (norm(va) * norm(vb) || 1) : 0;
  }

  private addInto(out: Float32Array, at: number, id: number, weight: number): void {
    const w = weight * (this.data.scales[id] as number);
    const o = id * this.dims;
    const v = this.data.vectors;
    for (let d = 0; d < this.dims; d++) out[at + d] = (out[at + d] as number) + w * (v[o + d] as number);
  }

  /**
   * SIF vector of a term sequence: frequency-discounted average of its term vectors minus the
   * corpus-wide common direction, unit length. Undefined when no term is known.
   */
  embedTerms(terms: readonly string[]): Float32Array | undefined {
    const out = new Float32Array(this.dims);
    return this.embedInto([terms], out, 0) ? out : undefined;
  }

  /**
   * embedTerms of the term lists read one after another, written to out[offset .. offset + dims)
   * (zeroed first) without allocating: the same arithmetic in the same order, so the same floats as
   * embedTerms of the concatenated lists. False (and zeros) when no term is known.
   */
  embedInto(lists: readonly (readonly string[])[], out: Float32Array, offset: number): boolean {
    const dims = this.dims;
    out.fill(0, offset, offset + dims);
    let known = 0;
    for (const terms of lists) {
      for (const t of terms) {
        const id = this.idOf(t);
        if (id === undefined) continue;
        this.addInto(out, offset, id, this.sif[id] as number);
        known++;
      }
    }
    if (known === 0) return false;
    const common = this.data.header.commonDirection;
    if (common.length === dims) {
      let p = 0;
      for (let d = 0; d < dims; d++) p += (out[offset + d] as number) * (common[d] as number);
      for (let d = 0; d < dims; d++) out[offset + d] = (out[offset + d] as number) - p * (common[d] as number);
    }
    const n = Math.sqrt(dotAt(out, offset, out, offset, dims));
    if (n === 0) {
      out.fill(0, offset, offset + dims);
      return false;
    }
    for (let d = 0; d < dims; d++) out[offset + d] = (out[offset + d] as number) / n;
    return true;
  }

  embedText(text: string, options: { query?: boolean } = {}): Float32Array | undefined {
    return this.embedTerms(semanticTerms(text, options));
  }
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** dot of a[ao .. ao + n) and b[bo .. bo + n): vectors stored side by side in one array. */
export function dotAt(a: Float32Array, ao: number, b: Float32Array, bo: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[ao + i] as number) * (b[bo + i] as number);
  return s;
}

function norm(a: Float32Array): number {
  return Math.sqrt(dot(a, a));
}

/** Why a stored model cannot be used; the message is meant for an operator's log. */
export class SemanticModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SemanticModelError';
  }
}

/**
 * Read `<dir>/semantic.json` + `semantic.bin`; throws SemanticModelError when missing, corrupt or stale.
 * `verify` also checks the blob's SHA-256 against the header (~5 ms at 2.6 MB): for a model the bot wrote
 * to DATA_DIR, which a damaged disk or a hand edit could change; the committed one is checked by git.
 */
export function loadSemanticModel(dir: string, options: { verify?: boolean } = {}): SemanticModel {
  let json: string;
  let bin: Buffer;
  try {
    json = readFileSync(join(dir, SEMANTIC_JSON), 'utf8');
    bin = readFileSync(join(dir, SEMANTIC_BIN));
  } catch (err) {
    throw new SemanticModelError(`semantic model in ${dir} cannot be read (${(err as Error).message})`);
  }
  let data: SemanticData;
  try {
    data = decodeSemantic(json, bin);
  } catch (err) {
    if (err instanceof SemanticFormatError) throw new SemanticModelError(`semantic model in ${dir} is invalid: ${err.message}`);
    throw err;
  }
  if (options.verify && sha256(bin) !== data.header.binSha256) throw new SemanticModelError(`semantic model in ${dir} is invalid: ${SEMANTIC_BIN} does not match its header's checksum`);
  if (data.header.analyzerVersion !== ANALYZER_VERSION) {
    throw new SemanticModelError(`semantic model in ${dir} was trained with analyser v${data.header.analyzerVersion}, search uses v${ANALYZER_VERSION} (run npm run semantic:train)`);
  }
  return new SemanticModel(data);
}
