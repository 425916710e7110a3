import { execFile } from 'node:child_process';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';

async function cli(args: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s), stdin: Readable.from([stdin]) });
  return { code, out: out.join('\n'), err: err.filter((l) => !l.includes('warning: search index')).join('\n') };
}

describe('paperboy CLI', () => {
  it('searches with readable output', async () => {
    const r = await cli(['search', 'gradient', 'norm', 'clipping', '--limit', '3']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^ 1\. Improving Stability of Fine-Tuning Pretrained Language Models via Component-Wise Gradient Norm Clipping/);
    expect(r.out).toMatch(/\(3 of \d+ results; --limit shows more\)/);
  });

  it('prints the documented JSON shape for search', async () => {
    const r = await cli(['search', 'spike aware adam', '--json', '--limit', '2']);
    const body = JSON.parse(r.out) as { query: string; results: Record<string, unknown>[] };
    expect(body.query).toBe('spike aware adam');
    expect(body.results).toHaveLength(2);
    expect(body.results[0]).toMatchObject({ id: 'spam-spike-aware-adam-with-momentum-reset-for-stable-llm', codeUrl: 'https://github.com/TianjinYellow/SPAM-Optimizer', year: 2025 });
    expect(Object.keys(body.results[0]!).sort()).toEqual(['codeUrl', 'id', 'score', 'title', 'topics', 'year']);
  });

  it('applies filters: has code and year range', async () => {
    const r = await cli(['search', 'training stability', '--has-code', '--year-from', '2023', '--year-to', '2024', '--json', '--limit', '50']);
    const body = JSON.parse(r.out) as { results: { codeUrl?: string; year?: number }[] };
    expect(body.results.length).toBeGreaterThan(0);
    for (const hit of body.results) {
      expect(hit.codeUrl).toBeDefined();
      expect(hit.year).toBeGreaterThanOrEqual(2023);
      expect(hit.year).toBeLessThanOrEqual(2024);
    }
  });

  it('batch mode: one JSON line per stdin query', async () => {
    const r = await cli(['search', '--json', '--limit', '1'], 'rlvr entropy\n\nlottery ticket\n');
    const lines = r.out.split('\n').map((l) => JSON.parse(l) as { query: string; results: { id: string }[] });
    expect(lines.map((l) => l.query)).toEqual(['rlvr entropy', 'lottery ticket']);
    expect(lines[1]!.results[0]!.id).toBe('stabilizing-the-lottery-ticket-hypothesis');
  });

  it('takes the query language: filters, phrases and exclusions in the query', async () => {
    const listing = JSON.parse((await cli(['search', 'org:"NewMind AI"', '--json'])).out) as { results: { id: string }[] };
    expect(listing.results.map((h) => h.id)).toEqual(['parrot-persuasion-and-agreement-robustness-rating-of-output']);
    const dated = JSON.parse((await cli(['search', 'after:2025-06 has:code', '--json', '--limit', '50'])).out) as { results: { year?: number; codeUrl?: string }[] };
    expect(dated.results.length).toBeGreaterThan(0);
    for (const hit of dated.results) expect(hit.year! >= 2025 && hit.codeUrl !== undefined).toBe(true);
    const phrase = await cli(['search', '"loss spikes" -adagc']); // quoted as one argument, so -adagc is not an option
    expect(phrase.code).toBe(0);
    expect(phrase.out).toMatch(/SPAM: Spike-Aware Adam/);
    expect(phrase.out).not.toMatch(/AdaGC/);
  });

  it('topic names in any case and with typos, as in the bot', async () => {
    const byName = JSON.parse((await cli(['search', 'training', '--topic', 'deep rl', '--json'])).out) as { results: { topics: string[] }[] };
    expect(byName.results.length).toBeGreaterThan(0);
    for (const hit of byName.results) expect(hit.topics).toContain('deep-rl-control');
    expect((await cli(['topic', 'OPTIMIZERS'])).out).toMatch(/^Optimizers & learning rates/);
    const typo = await cli(['topic', 'optimisers']);
    expect(typo.code).toBe(1);
    expect(typo.err).toBe('paperboy: there is no topic "optimisers". Did you mean optimizers (Optimizers & learning rates)? Pick one from the suggestions, or list them with: paperboy topics');
  });

  it('a query with bad syntax is one line naming the problem; in batch mode that line only', async () => {
    const bad = await cli(['search', 'author:"Tri Dao']);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('paperboy: Query: a quote is never closed: add the closing " (or remove the opening one)');
    const batch = await cli(['search', '--json', '--limit', '1'], 'yaer:2025 adam\nlottery ticket\n');
    const lines = batch.out.split('\n').map((l) => JSON.parse(l) as { query: string; error?: string; results?: unknown[] });
    expect(lines[0]).toEqual({ query: 'yaer:2025 adam', error: expect.stringMatching(/Did you mean year:/) });
    expect(lines[1]!.results).toHaveLength(1);
  });

  it('no results: suggests a query that finds papers', async () => {
    const r = await cli(['search', '"loss spike" trainng']);
    expect(r.out).toBe("No papers found. Did you mean: paperboy search 'training loss spike'");
    expect(JSON.parse((await cli(['search', '"loss spike" trainng', '--json'])).out)).toEqual({ query: '"loss spike" trainng', results: [], suggestion: 'training loss spike' });
  });

  it('paper lookups suggest the closest title', async () => {
    const r = await cli(['paper', 'spma']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^paperboy: no paper matches "spma". Did you mean "SPAM: Spike-Aware Adam/);
  });

  it('shows a paper, topics, a topic, similar papers, an answer and stats', async () => {
    expect((await cli(['paper', 'peri-ln'])).out).toMatch(/^Peri-LN: Revisiting Layer Normalization/);
    const topics = JSON.parse((await cli(['topics', '--json'])).out) as { topics: { slug: string; papers: number }[] };
    expect(topics.topics.length).toBeGreaterThanOrEqual(10);
    const slug = topics.topics[0]!.slug;
    const topic = JSON.parse((await cli(['topic', slug, '--json'])).out) as { papers: unknown[] };
    expect(topic.papers).toHaveLength(topics.topics[0]!.papers);
    const similar = JSON.parse((await cli(['similar', 'spam-spike-aware-adam-with-momentum-reset-for-stable-llm', '--json'])).out) as { results: { id: string }[] };
    expect(similar.results.map((h) => h.id)).not.toContain('spam-spike-aware-adam-with-momentum-reset-for-stable-llm');
    const answer = JSON.parse((await cli(['ask', 'why do LLMs hallucinate?', '--json'])).out) as { sentences: { paperId: string }[] };
    expect(answer.sentences.length).toBeGreaterThan(0);
    const stats = JSON.parse((await cli(['stats', '--json'])).out) as { papers: number; withCode: number };
    expect(stats).toMatchObject({ papers: 106, withCode: 25 });
    const random = JSON.parse((await cli(['random', '--has-code', '--json'])).out) as { codeLinks: unknown[] };
    expect(random.codeLinks.length).toBeGreaterThan(0);
  });

  it.each([
    [['search'], /search needs a query/],
    [['search', 'x', '--topic', 'nope'], /there is no topic "nope"/],
    [['search', 'x', '--year-from', '2024', '--year-to', '2020'], /--year-from 2024 is after --year-to 2020/],
    [['search', 'x', '--limit', 'ten'], /--limit must be a whole number/],
    [['search', 'x', '--bogus'], /unknown option '--bogus'/],
    [['paper', 'zzqx-no-such-paper-qqq'], /no paper matches/],
    [['similar', 'zzqx-no-such-paper-qqq'], /no paper matches/],
    [['topic', 'nope'], /there is no topic/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['serch', 'adam'], /unknown command 'serch' \(Did you mean search\?\)/],
    [['search', '', '--json'], /the query is empty/],
    [['ask', '   '], /the question is empty/],
  ])('rejects %j with one line and a non-zero exit', async (args, message) => {
    const r = await cli(args);
    expect(r.code).not.toBe(0);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^paperboy: /);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('exits quietly when the reader closes the pipe early', async () => {
    const script = 'yes "lottery ticket" | head -300 | node bin/paperboy.js search --json --limit 1 | head -1; echo "cli exit ${PIPESTATUS[2]}" >&2';
    const { stdout, stderr } = await promisify(execFile)('bash', ['-c', script], { timeout: 60_000 });
    expect((JSON.parse(stdout) as { query: string }).query).toBe('lottery ticket');
    expect(stderr).toContain('cli exit 0');
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
  });

  it('works as the installed `paperboy` executable', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/paperboy.js', 'search', 'lottery ticket', '--json', '--limit', '1'], { timeout: 60_000 });
    expect((JSON.parse(stdout) as { results: { id: string }[] }).results[0]!.id).toBe('stabilizing-the-lottery-ticket-hypothesis');
  });
});

describe('paperboy backup', () => {
  it('copies the state database into a file that opens with the same settings', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openDatabase, databasePath } = await import('../src/store/db.js');
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-backup-'));
    const previous = process.env.DATA_DIR;
    process.env.DATA_DIR = dir;
    try {
      const db = openDatabase(databasePath(dir));
      const version = db.pragma('user_version', { simple: true });
      db.close();
      const r = await cli(['backup', join(dir, 'copy.sqlite')]);
      expect(r.code).toBe(0);
      const copy = openDatabase(join(dir, 'copy.sqlite'));
      expect(copy.pragma('user_version', { simple: true })).toBe(version);
      copy.close();
      process.env.DATA_DIR = join(dir, 'empty');
      const missing = await cli(['backup', join(dir, 'x.sqlite')]);
      expect(missing.code).toBe(1);
      expect(missing.err).toMatch(/no state database at .*empty/);
    } finally {
      if (previous === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = previous;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
