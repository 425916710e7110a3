// The votes table: one vote per user per paper per server, a second press removes it, ids the paper has
// outgrown still count as its own, and presses from several processes on one file each land once.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCorpus } from '../../src/corpus/corpus.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { createVoteService, idsOf } from '../../src/votes/service.js';
import { createVoteRepo } from '../../src/votes/store.js';
import { makePaper, makeTopic } from '../support/context.js';
import { tempDir } from '../daily/helpers.js';
import { startWaitingProcess } from '../support/processes.js';

const GUILD = '111111111111111111';
const OTHER_GUILD = '999999999999999999';
const NOW = new Date('2026-01-10T10:00:00Z');

let tmp: ReturnType<typeof tempDir>;
let db: Db;
beforeEach(() => {
  tmp = tempDir();
  db = openDatabase(join(tmp.dir, 'paperboy.sqlite'));
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

describe('a vote press', () => {
  it('adds the user\'s vote, and their second press removes it', () => {
    const repo = createVoteRepo(db);
    expect(repo.toggle(GUILD, 'ada', ['p1'], NOW)).toEqual({ voted: true, count: 1 });
    expect(repo.toggle(GUILD, 'bob', ['p1'], NOW)).toEqual({ voted: true, count: 2 });
    expect(repo.toggle(GUILD, 'ada', ['p1'], NOW)).toEqual({ voted: false, count: 1 });
    expect(repo.count(GUILD, ['p1'])).toBe(1);
  });

  it('counts per server: the same user and paper in another server is another vote', () => {
    const repo = createVoteRepo(db);
    repo.toggle(GUILD, 'ada', ['p1'], NOW);
    expect(repo.toggle(OTHER_GUILD, 'ada', ['p1'], NOW)).toEqual({ voted: true, count: 1 });
    expect(repo.count(GUILD, ['p1'])).toBe(1);
    expect(repo.votesIn(OTHER_GUILD)).toEqual([{ paperId: 'p1', userId: 'ada' }]);
  });

  it('persists: a reopened database has the votes', () => {
    createVoteRepo(db).toggle(GUILD, 'ada', ['p1'], NOW);
    db.close();
    db = openDatabase(join(tmp.dir, 'paperboy.sqlite'));
    expect(createVoteRepo(db).count(GUILD, ['p1'])).toBe(1);
  });

  it('refuses ids that are not ids instead of storing them', () => {
    expect(() => createVoteRepo(db).toggle('', 'ada', ['p1'], NOW)).toThrow();
    expect(() => createVoteRepo(db).toggle(GUILD, 'x'.repeat(200), ['p1'], NOW)).toThrow();
  });
});

describe('a paper that changed its id', () => {
  // The paper was "old-slug" when Ada voted; it is now 2501.00001 with old-slug as an alias.
  const paper = makePaper({ id: '2501.00001', arxivId: '2501.00001', title: 'Renamed' });
  const corpus = makeCorpus([paper], [makeTopic('optimizers')], 'h', [], { aliases: new Map([['old-slug', '2501.00001']]) });

  it('keeps the votes cast under its old id, and a second press removes that old vote', () => {
    // Its own id first, then every alias (the stored one and its title slug).
    expect(idsOf(paper, corpus)).toEqual(['2501.00001', 'renamed', 'old-slug']);
    createVoteRepo(db).toggle(GUILD, 'ada', ['old-slug'], NOW);
    const votes = createVoteService(db, () => NOW);
    expect(votes.count(GUILD, paper, corpus)).toBe(1);
    expect(votes.tally(GUILD, corpus)).toEqual(new Map([['2501.00001', 1]]));
    expect(votes.toggle(GUILD, 'ada', paper, corpus)).toEqual({ voted: false, count: 0 });
  });

  it('counts a user once even if their vote sits under both ids', () => {
    const repo = createVoteRepo(db);
    repo.toggle(GUILD, 'ada', ['old-slug'], NOW);
    db.prepare("INSERT INTO votes VALUES (?, '2501.00001', 'ada', ?)").run(GUILD, NOW.toISOString());
    expect(createVoteService(db).count(GUILD, paper, corpus)).toBe(1);
    expect(createVoteService(db).tally(GUILD, corpus).get('2501.00001')).toBe(1);
  });
});

const FIXTURE = fileURLToPath(new URL('./fixtures/toggle-votes.ts', import.meta.url));

describe('presses from several processes at once (shards on one database file)', () => {
  it('each land exactly once, and one user pressing in every process ends on their last press', async () => {
    const file = join(tmp.dir, 'paperboy.sqlite');
    const goFile = join(tmp.dir, 'go');
    const PROCESSES = 3;
    const USERS = 40;
    const procs = Array.from({ length: PROCESSES }, (_, i) => startWaitingProcess(FIXTURE, [file, goFile, `shard${i}`, String(USERS)]));
    await Promise.all(procs.map((p) => p.ready));
    writeFileSync(goFile, '');
    const outs = (await Promise.all(procs.map((p) => p.done))).map((o) => JSON.parse(o) as { presses: number });
    expect(outs.map((o) => o.presses)).toEqual(Array(PROCESSES).fill(USERS + 1));
    const repo = createVoteRepo(db);
    // 3 presses by the shared user: on, off, on.
    expect(repo.count(GUILD, ['2501.00001'])).toBe(PROCESSES * USERS + 1);
    const rows = repo.votesIn(GUILD);
    expect(new Set(rows.map((r) => r.userId)).size).toBe(rows.length);
  }, 90_000);
});
