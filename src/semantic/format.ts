// On-disk form of the semantic model: corpus/semantic.json (a small header: version, analyser,
// dims, sizes, training corpus fingerprint) and corpus/semantic.bin (the numbers and the vocabulary).
// semantic.bin layout, little-endian, each section 4-byte aligned:
//   Float32[terms]            per-term dequantisation scale
//   Int8[terms * dims]        term vectors, row-major, quantised to int8 (unit length before quantising)
//   Uint16[terms * k]         nearest-neighbour term ids, best first (0xffff pads)
//   Uint8[terms * k]          their cosines * 255
//   Uint32[terms]             each term's occurrences in the training text
//   Uint32[terms + 1]         where each term starts in the vocabulary (and where the last ends)
//   Uint16[vocabUnits]        the terms' UTF-16 code units, in id order (4-byte aligned)
//   Uint16[tableSize]         open-addressing hash table of term ids (termHash, linear probing, 0xffff empty)
// Format 1 kept the vocabulary and counts as JSON arrays in the header: validating and copying
// 13k-entry arrays cost ~50-70 ms of every process that searched (most of a one-off CLI call's
// model load). Here nothing is parsed or built on load: a term is looked up in the stored table and
// compared with its code units, so no 13k strings and no Map are made (a one-off CLI pays for neither).
// Both files are validated on load; a mismatch is an error the caller reports, never a crash later.
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const SEMANTIC_FORMAT = 2;
export const SEMANTIC_JSON = 'semantic.json';
export const SEMANTIC_BIN = 'semantic.bin';
export const NO_NEIGHBOR = 0xffff;

export const SemanticHeaderSchema = z.object({
  format: z.literal(SEMANTIC_FORMAT),
  /** src/search/text.ts ANALYZER_VERSION the terms were analysed with; another version means other stems. */
  analyzerVersion: z.number().int(),
  dims: z.number().int().min(1).max(1024),
  neighbors: z.number().int().min(0).max(64),
  /** Vocabulary size (term ids are Uint16, 0xffff marks "no neighbour"). */
  terms: z.number().int().min(0).max(NO_NEIGHBOR),
  /** UTF-16 code units of the whole vocabulary. */
  vocabUnits: z.number().int().nonnegative(),
  /** Slots of the term hash table: a power of two larger than the vocabulary. */
  tableSize: z.number().int().positive(),
  /** Total term occurrences in the training text (for SIF weights). */
  tokens: z.number().int().positive(),
  /** First principal direction of training document vectors, removed from every text vector (SIF). */
  commonDirection: z.array(z.number()),
  corpus: z.object({
    papers: z.number().int().nonnegative(),
    files: z.array(z.object({ name: z.string(), sha256: z.string() })),
    /** Corpus store revision a model retrained from the store was trained on (absent: the committed model). */
    revision: z.number().int().nonnegative().optional(),
  }),
  training: z.record(z.string(), z.number()),
  binBytes: z.number().int().nonnegative(),
  binSha256: z.string(),
});
export type SemanticHeader = z.infer<typeof SemanticHeaderSchema>;

export interface SemanticData {
  header: SemanticHeader;
  counts: Uint32Array;
  /** Term t is vocab[offsets[t] .. offsets[t + 1]) (UTF-16 code units). */
  offsets: Uint32Array;
  vocab: Uint16Array;
  /** Term ids by termHash & (tableSize - 1), linear probing; NO_NEIGHBOR marks an empty slot. */
  table: Uint16Array;
  scales: Float32Array;
  vectors: Int8Array;
  neighborIds: Uint16Array;
  neighborSims: Uint8Array;
}

const align4 = (n: number) => (n + 3) & ~3;

function layout(terms: number, dims: number, k: number, vocabUnits: number, tableSize: number) {
  const scales = 0;
  const vectors = scales + terms * 4;
  const neighborIds = align4(vectors + terms * dims);
  const neighborSims = align4(neighborIds + terms * k * 2);
  const counts = align4(neighborSims + terms * k);
  const offsets = counts + terms * 4;
  const vocab = offsets + (terms + 1) * 4;
  const table = align4(vocab + vocabUnits * 2);
  const end = table + tableSize * 2;
  return { scales, vectors, neighborIds, neighborSims, counts, offsets, vocab, table, end };
}

/** FNV-1a over a term's UTF-16 code units (32-bit). */
export function termHash(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Smallest power of two at least twice the vocabulary: probes stay short and an empty slot always exists. */
function tableSizeFor(terms: number): number {
  let size = 2;
  while (size < terms * 2) size *= 2;
  return size;
}

export interface EncodeInput {
  header: Omit<SemanticHeader, 'binBytes' | 'binSha256' | 'format' | 'terms' | 'vocabUnits' | 'tableSize'> & {
    terms: readonly string[];
    counts: ArrayLike<number>;
  };
  /** Unit-length float vectors, terms x dims. */
  vectors: Float32Array;
  neighborIds: Int32Array;
  neighborSims: Float32Array;
}

/** Quantise and lay out; returns the JSON header text and the binary blob. */
export function encodeSemantic(input: EncodeInput): { json: string; bin: Buffer } {
  const { terms: vocabulary, counts: termCounts, ...rest } = input.header;
  const { dims, neighbors: k } = rest;
  const terms = vocabulary.length;
  if (termCounts.length !== terms) throw new Error(`${terms} terms but ${termCounts.length} counts`);
  if (new Set(vocabulary).size !== terms || vocabulary.some((t) => t.length === 0)) throw new Error('terms must be distinct and not empty');
  const vocabUnits = vocabulary.reduce((n, t) => n + t.length, 0);
  const tableSize = tableSizeFor(terms);
  const at = layout(terms, dims, k, vocabUnits, tableSize);
  const buf = Buffer.alloc(at.end);
  const scales = new Float32Array(buf.buffer, buf.byteOffset + at.scales, terms);
  const vectors = new Int8Array(buf.buffer, buf.byteOffset + at.vectors, terms * dims);
  for (let t = 0; t < terms; t++) {
    let max = 0;
    for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(input.vectors[t * dims + d] as number));
    const scale = max / 127 || 1;
    scales[t] = scale;
    for (let d = 0; d < dims; d++) vectors[t * dims + d] = Math.round((input.vectors[t * dims + d] as number) / scale);
  }
  const ids = new Uint16Array(buf.buffer, buf.byteOffset + at.neighborIds, terms * k);
  const sims = new Uint8Array(buf.buffer, buf.byteOffset + at.neighborSims, terms * k);
  for (let i = 0; i < terms * k; i++) {
    const id = input.neighborIds[i] as number;
    ids[i] = id < 0 ? NO_NEIGHBOR : id;
    sims[i] = id < 0 ? 0 : Math.round(Math.min(1, Math.max(0, input.neighborSims[i] as number)) * 255);
  }
  const counts = new Uint32Array(buf.buffer, buf.byteOffset + at.counts, terms);
  for (let t = 0; t < terms; t++) counts[t] = termCounts[t] as number;
  const offsets = new Uint32Array(buf.buffer, buf.byteOffset + at.offsets, terms + 1);
  const units = new Uint16Array(buf.buffer, buf.byteOffset + at.vocab, vocabUnits);
  const table = new Uint16Array(buf.buffer, buf.byteOffset + at.table, tableSize).fill(NO_NEIGHBOR);
  let u = 0;
  vocabulary.forEach((term, id) => {
    offsets[id] = u;
    for (let i = 0; i < term.length; i++) units[u++] = term.charCodeAt(i);
    let slot = termHash(term) & (tableSize - 1);
    while (table[slot] !== NO_NEIGHBOR) slot = (slot + 1) & (tableSize - 1);
    table[slot] = id;
  });
  offsets[terms] = u;
  const header: SemanticHeader = {
    format: SEMANTIC_FORMAT,
    ...rest,
    terms,
    vocabUnits,
    tableSize,
    binBytes: buf.length,
    binSha256: createHash('sha256').update(buf).digest('hex'),
  };
  return { json: `${JSON.stringify(header)}\n`, bin: buf };
}

export class SemanticFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SemanticFormatError';
  }
}

/** Validate the header against the blob and return typed views on it (no copy of the numbers when the blob is aligned). */
export function decodeSemantic(json: string, bin: Uint8Array): SemanticData {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new SemanticFormatError(`header is not valid JSON (${(err as Error).message})`);
  }
  const parsed = SemanticHeaderSchema.safeParse(raw);
  if (!parsed.success) throw new SemanticFormatError(`header has an unexpected shape (${parsed.error.issues[0]?.message ?? 'schema mismatch'})`);
  const header = parsed.data;
  const terms = header.terms;
  if (header.commonDirection.length !== header.dims && header.commonDirection.length !== 0) throw new SemanticFormatError('common direction does not match dims');
  if (header.tableSize < terms + 1 || (header.tableSize & (header.tableSize - 1)) !== 0) throw new SemanticFormatError('term table is not a power of two larger than the vocabulary');
  const at = layout(terms, header.dims, header.neighbors, header.vocabUnits, header.tableSize);
  if (bin.length !== at.end || bin.length !== header.binBytes) throw new SemanticFormatError(`vectors file holds ${bin.length} bytes, header expects ${at.end}`);
  // Typed views need 4-byte alignment: a large file read from disk has its own buffer at offset 0;
  // anything else (a slice of a shared pool) is copied once.
  let own = bin;
  if (bin.byteOffset % 4 !== 0) {
    own = new Uint8Array(bin.length);
    own.set(bin);
  }
  const b = own.buffer;
  const o = own.byteOffset;
  const ids = new Uint16Array(b, o + at.neighborIds, terms * header.neighbors);
  const table = new Uint16Array(b, o + at.table, header.tableSize);
  // Every id read later is checked here once, so lookups never index out of range; an empty table slot
  // must exist (the table is larger than the vocabulary) or it would hold one id twice.
  outOfRange(ids, terms, 'neighbour id');
  outOfRange(table, terms, 'term table entry');
  if (!table.includes(NO_NEIGHBOR)) throw new SemanticFormatError('term table has no empty slot');
  const offsets = new Uint32Array(b, o + at.offsets, terms + 1);
  let last = 0;
  for (let t = 0; t <= terms; t++) {
    const at_ = offsets[t] as number;
    if (at_ < last || (t === 0 && at_ !== 0)) throw new SemanticFormatError(`vocabulary offset of term ${t} is out of order`);
    last = at_;
  }
  if (last !== header.vocabUnits) throw new SemanticFormatError(`vocabulary ends at ${last}, header says ${header.vocabUnits}`);
  return {
    header,
    counts: new Uint32Array(b, o + at.counts, terms),
    offsets,
    vocab: new Uint16Array(b, o + at.vocab, header.vocabUnits),
    table,
    scales: new Float32Array(b, o + at.scales, terms),
    vectors: new Int8Array(b, o + at.vectors, terms * header.dims),
    neighborIds: ids,
    neighborSims: new Uint8Array(b, o + at.neighborSims, terms * header.neighbors),
  };
}

/** Throws when an id is neither below `terms` nor NO_NEIGHBOR. */
function outOfRange(ids: Uint16Array, terms: number, what: string): void {
  let bad = -1;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    if (id >= terms && id !== NO_NEIGHBOR) bad = id;
  }
  if (bad >= 0) throw new SemanticFormatError(`${what} ${bad} is out of range`);
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
