// Shard processes start together on one state database: the first start creates and migrates it while
// the others open it, and they may claim the same day's post at the same moment. Real processes,
// real SQLite file.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { tempDir } from '../daily/helpers.js';
import { startWaitingProcess } from '../support/processes.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/open-and-claim.ts', import.meta.url));
const PROCESSES = 4;

describe('several processes on one fresh state database', () => {
  it('all open and migrate it safely, and exactly one claims the post', async () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'paperboy.sqlite');
      const goFile = join(tmp.dir, 'go');
      const procs = Array.from({ length: PROCESSES }, () => startWaitingProcess(FIXTURE, [file, goFile]));
      // Once every process has loaded, they all open the (not yet existing) database at the same moment.
      await Promise.all(procs.map((p) => p.ready));
      writeFileSync(goFile, '');
      const outs = await Promise.all(procs.map((p) => p.done));
      const results = outs.map((o) => JSON.parse(o) as { kind: string; fresh: boolean; nonce: string; version: number; journal: string });
      expect(results.every((r) => r.version === SCHEMA_VERSION && r.journal === 'wal')).toBe(true);
      // One claim creates the day's post. The others find another process's 'sending' row, which they
      // treat as a crashed run and would resume with the same picks and nonces (so Discord deduplicates the
      // messages): never a second post. That is also why only the owning shard runs a guild's posts.
      expect(results.filter((r) => r.fresh)).toHaveLength(1);
      expect(new Set(results.map((r) => r.nonce)).size).toBe(1);
    } finally {
      tmp.cleanup();
    }
  }, 90_000);
});
