import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SEMANTIC_DIR, defaultSemanticModel } from '../../src/semantic/default.js';
import { DEFAULT_EXPANSION, expandStems } from '../../src/semantic/expand.js';
import { loadSemanticModel, SemanticModelError } from '../../src/semantic/model.js';
import { semanticTerms } from '../../src/semantic/terms.js';
import { ANALYZER_VERSION } from '../../src/search/text.js';

// The committed model (corpus/semantic.*), learned from the real Hugging Face export.
const model = defaultSemanticModel();

describe('the committed semantic model', () => {
  it('loads, and was trained with the analyser search uses', () => {
    expect(model).toBeDefined();
    expect(model!.header.analyzerVersion).toBe(ANALYZER_VERSION);
    expect(model!.size).toBeGreaterThan(10_000);
    expect(model!.header.corpus.papers).toBeGreaterThan(8_000);
  });

  it('knows the field: neighbours of field words are their relatives, not general English', () => {
    // Index stems (quantization -> quantiz); the last term of a compound is the compound itself.
    const near = (word: string, n = 8) => model!.neighbors(semanticTerms(word).at(-1) as string).slice(0, n).map((x) => x.term);
    expect(near('quantization')).toEqual(expect.arrayContaining(['low-bit', '4-bit']));
    expect(near('hallucination')).toEqual(expect.arrayContaining(['factual']));
    expect(near('memory')).toEqual(expect.arrayContaining(['footprint']));
    expect(near('low-rank')).toEqual(expect.arrayContaining(['lora']));
    expect(near('verbose', 12)).toEqual(expect.arrayContaining(['redund']));
  });

  it('expands a query word into close, not-too-common neighbours, never the words themselves', () => {
    const stems = semanticTerms('make Adam use less memory', { query: true });
    const expansions = expandStems(model!, stems);
    expect(expansions.map((e) => e.term)).toEqual(expect.arrayContaining(['offload']));
    for (const e of expansions) {
      expect(stems).not.toContain(e.term);
      expect(e.sim).toBeGreaterThanOrEqual(DEFAULT_EXPANSION.minSim);
      expect(model!.count(e.term)).toBeLessThanOrEqual(DEFAULT_EXPANSION.maxShare * model!.header.tokens);
    }
  });
});

describe('loading a semantic model', () => {
  it('says why a missing, damaged or stale model cannot be used', () => {
    const dir = mkdtempSync(join(tmpdir(), 'semantic-'));
    expect(() => loadSemanticModel(dir)).toThrow(SemanticModelError);
    copyFileSync(join(DEFAULT_SEMANTIC_DIR, 'semantic.json'), join(dir, 'semantic.json'));
    writeFileSync(join(dir, 'semantic.bin'), Buffer.alloc(10));
    expect(() => loadSemanticModel(dir)).toThrow(/invalid: vectors file holds 10 bytes/);
    copyFileSync(join(DEFAULT_SEMANTIC_DIR, 'semantic.bin'), join(dir, 'semantic.bin'));
    const header = JSON.parse(JSON.stringify(model!.header)) as { analyzerVersion: number };
    header.analyzerVersion = ANALYZER_VERSION + 1;
    writeFileSync(join(dir, 'semantic.json'), JSON.stringify(header));
    expect(() => loadSemanticModel(dir)).toThrow(/npm run semantic:train/);
  });
});
