// The real Hugging Face daily-papers export, when the project's shared folder provides one
// (../shared/data/*.json beside the checkout): it imports cleanly into a copy of the corpus.
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importExport } from '../../src/corpus/import.js';
import { loadCorpus } from '../../src/corpus/load.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHARED_DATA = join(ROOT, '..', 'shared', 'data');
const exports = existsSync(SHARED_DATA) ? readdirSync(SHARED_DATA).filter((f) => f.endsWith('.json')) : [];

describe('the shared real export', () => {
  it.skipIf(exports.length === 0)(`imports every export in ../shared/data (found: ${exports.join(', ') || 'none'})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-shared-'));
    try {
      cpSync(join(ROOT, 'corpus'), dir, { recursive: true });
      const before = loadCorpus(dir).papers.length;
      let added = 0;
      for (const file of exports) {
        const result = await importExport(dir, join(SHARED_DATA, file));
        added += result.added;
      }
      const after = loadCorpus(dir);
      expect(added).toBeGreaterThan(0);
      expect(after.papers.length).toBe(before + added);
      expect(after.papers.filter((p) => p.arxivId).length).toBeGreaterThanOrEqual(added);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
