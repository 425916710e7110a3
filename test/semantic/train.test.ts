import { describe, expect, it } from 'vitest';
import { decodeSemantic, encodeSemantic, SemanticFormatError } from '../../src/semantic/format.js';
import { SemanticModel } from '../../src/semantic/model.js';
import { semanticTerms } from '../../src/semantic/terms.js';
import { buildVocabulary, cooccurrence, DEFAULT_TRAIN_OPTIONS, gaussian, orthonormalize, trainSemantic, type TrainingDoc } from '../../src/semantic/train.js';

// A toy corpus in which "adam" and "sgd" share every context (optimizer talk), as do "vit" and
// "cnn" (vision talk), while the two families never meet.
function toyCorpus(): TrainingDoc[] {
  const docs: TrainingDoc[] = [];
  const optim = ['adam', 'sgd', 'lion'];
  const vision = ['vit', 'cnn', 'resnet'];
  for (let i = 0; i < 60; i++) {
    const o = optim[i % 3] as string;
    const v = vision[i % 3] as string;
    docs.push([semanticTerms(`the ${o} optimizer lowers the training loss with momentum and a learning rate schedule`)]);
    docs.push([semanticTerms(`the ${v} backbone classifies images from pixels and patches on imagenet`)]);
  }
  return docs;
}

const small = { ...DEFAULT_TRAIN_OPTIONS, dims: 8, oversample: 8, minCount: 2, neighbors: 4, neighborMinCount: 2 };

// A toy corpus of two subjects has the subject itself as its first principal direction, which SIF
// would remove; real corpora's first direction is generic discourse. `keepCommon` drops it here.
function toModel(docs: TrainingDoc[], keepCommon = true) {
  const trained = trainSemantic(docs, small);
  const { json, bin } = encodeSemantic({
    header: {
      analyzerVersion: 1,
      dims: trained.dims,
      neighbors: trained.neighbors.k,
      terms: trained.terms,
      counts: trained.counts,
      tokens: trained.tokens,
      commonDirection: keepCommon ? trained.commonDirection : [],
      corpus: { papers: docs.length, files: [] },
      training: { ...small },
    },
    vectors: trained.vectors,
    neighborIds: trained.neighbors.ids,
    neighborSims: trained.neighbors.sims,
  });
  return { trained, json, bin, model: new SemanticModel(decodeSemantic(json, bin)) };
}

describe('semantic training', () => {
  it('keeps terms seen often enough, most frequent first', () => {
    const vocab = buildVocabulary([['a', 'b', 'a'], ['a', 'c']], 2, 10);
    expect(vocab.terms).toEqual(['a']);
    expect(Array.from(vocab.counts)).toEqual([3]);
  });

  it('counts co-occurrence symmetrically, weighting a pair by 1/distance', () => {
    const vocab = buildVocabulary([['x', 'y', 'z']], 1, 10);
    const m = cooccurrence([['x', 'y', 'z']], vocab, 2);
    const cell = (a: string, b: string) => {
      const r = vocab.ids.get(a) as number;
      const c = vocab.ids.get(b) as number;
      for (let k = m.rowPtr[r] as number; k < (m.rowPtr[r + 1] as number); k++) if (m.cols[k] === c) return m.vals[k];
      return 0;
    };
    expect(cell('x', 'y')).toBe(1);
    expect(cell('y', 'x')).toBe(1);
    expect(cell('x', 'z')).toBe(0.5);
    expect(cell('z', 'x')).toBe(0.5);
  });

  it('orthonormalizes a block of columns', () => {
    const rows = 50;
    const width = 4;
    const rand = gaussian(7);
    const y = Float64Array.from({ length: rows * width }, (_, i) => rand() + (i % width));
    orthonormalize(y, rows, width);
    for (let a = 0; a < width; a++) {
      for (let b = 0; b < width; b++) {
        let s = 0;
        for (let r = 0; r < rows; r++) s += (y[r * width + a] as number) * (y[r * width + b] as number);
        expect(s).toBeCloseTo(a === b ? 1 : 0, 6);
      }
    }
  });

  it('puts words used in the same contexts close together, and other families far away', () => {
    const { model } = toModel(toyCorpus());
    expect(model.similarity('adam', 'sgd')).toBeGreaterThan(0.8);
    expect(model.similarity('vit', 'cnn')).toBeGreaterThan(0.8);
    expect(model.similarity('adam', 'vit')).toBeLessThan(0.3);
    expect(model.neighbors('adam').slice(0, 2).map((n) => n.term).sort()).toEqual(['lion', 'sgd']);
  });

  it('is deterministic: the same corpus gives byte-identical files', () => {
    const a = toModel(toyCorpus());
    const b = toModel(toyCorpus());
    expect(a.json).toBe(b.json);
    expect(Buffer.compare(a.bin, b.bin)).toBe(0);
  });

  it('embeds texts so that papers on the same subject are closer than papers on different ones', () => {
    const { model } = toModel(toyCorpus(), false);
    const q = model.embedText('which optimizer uses momentum?', { query: true });
    const optimPaper = model.embedText('sgd with momentum and a learning rate schedule');
    const visionPaper = model.embedText('a resnet backbone on imagenet patches');
    expect(q && optimPaper && visionPaper).toBeTruthy();
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * (b[i] as number), 0);
    expect(dot(q as Float32Array, optimPaper as Float32Array)).toBeGreaterThan(dot(q as Float32Array, visionPaper as Float32Array));
    expect(model.embedText('pizza recipe')).toBeUndefined();
  });
});

describe('semantic model files', () => {
  const { json, bin } = toModel(toyCorpus());

  it('rejects a truncated vectors file, a foreign header and invalid JSON with a clear reason', () => {
    expect(() => decodeSemantic(json, bin.subarray(0, bin.length - 4))).toThrow(SemanticFormatError);
    expect(() => decodeSemantic(json, bin.subarray(0, bin.length - 4))).toThrow(/bytes/);
    expect(() => decodeSemantic('{"format":99}', bin)).toThrow(/unexpected shape/);
    expect(() => decodeSemantic('{', bin)).toThrow(/not valid JSON/);
  });

  it('rejects neighbour ids outside the vocabulary', () => {
    const header = JSON.parse(json) as { neighbors: number; terms: number; dims: number };
    const corrupt = Buffer.from(bin);
    // First neighbour id sits right after the scales and the int8 vectors (4-byte aligned).
    const offset = (header.terms * 4 + header.terms * header.dims + 3) & ~3;
    corrupt.writeUInt16LE(header.terms + 5, offset);
    expect(() => decodeSemantic(json, corrupt)).toThrow(/out of range/);
  });

  it('round-trips the vocabulary and counts, finds every term by the stored table, and rejects a damaged one', () => {
    const { trained, model } = toModel(toyCorpus());
    const data = decodeSemantic(json, bin);
    expect(Array.from(data.counts)).toEqual(Array.from(trained.counts));
    trained.terms.forEach((term, id) => {
      expect(model.term(id)).toBe(term);
      expect(model.has(term)).toBe(true);
      expect(model.count(term)).toBe(trained.counts[id]);
    });
    for (const unknown of ['', 'pizza', `${trained.terms[0]}x`, trained.terms[0]!.slice(0, -1), 'μp']) expect(model.has(unknown)).toBe(false);
    const header = JSON.parse(json) as { terms: number; vocabUnits: number; tableSize: number };
    const tableAt = bin.length - header.tableSize * 2;
    // A table entry naming no term.
    const badEntry = Buffer.from(bin);
    const used = [...Array(header.tableSize).keys()].find((i) => bin.readUInt16LE(tableAt + i * 2) !== 0xffff)!;
    badEntry.writeUInt16LE(header.terms + 3, tableAt + used * 2);
    expect(() => decodeSemantic(json, badEntry)).toThrow(/term table entry .* out of range/);
    // A table with no empty slot (a lookup of an unknown word would never end).
    const full = Buffer.from(bin);
    for (let i = 0; i < header.tableSize; i++) full.writeUInt16LE(0, tableAt + i * 2);
    expect(() => decodeSemantic(json, full)).toThrow(/no empty slot/);
    // Vocabulary offsets out of order.
    const offsetsAt = ((tableAt - header.vocabUnits * 2) & ~3) - (header.terms + 1) * 4;
    const swapped = Buffer.from(bin);
    swapped.writeUInt32LE(header.vocabUnits + 1, offsetsAt + 4);
    expect(() => decodeSemantic(json, swapped)).toThrow(/out of order/);
  });

  it('stores terms in any script, looked up by their code units', () => {
    const docs = Array.from({ length: 12 }, () => [['μp', 'β-vae', '注意力', 'adam', 'x'.repeat(40)]]);
    const { model } = toModel(docs);
    for (const term of ['μp', 'β-vae', '注意力', 'adam', 'x'.repeat(40)]) expect(model.has(term)).toBe(true);
    expect(model.has('注意')).toBe(false);
  });

  it('reads a vectors file that starts at an unaligned offset (a slice of a shared buffer)', () => {
    const shifted = Buffer.alloc(bin.length + 1);
    bin.copy(shifted, 1);
    const data = decodeSemantic(json, shifted.subarray(1));
    expect(Array.from(data.scales)).toEqual(Array.from(decodeSemantic(json, bin).scales));
  });
});
