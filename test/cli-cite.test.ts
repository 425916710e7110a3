// `paperboy cite`: BibTeX by default, a plain-text reference with --format text, one-line errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parse } from '@retorquere/bibtex-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/hf-daily-sample.json', import.meta.url));
let dataDir: string;
let saved: string | undefined;

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s), stdin: Readable.from(['']) });
  return { code, out: out.join('\n'), err: err.filter((l) => !l.includes('warning:')).join('\n') };
}

beforeAll(async () => {
  // A corpus with the HF sample imported, so papers have arXiv ids and authors.
  saved = process.env.DATA_DIR;
  dataDir = mkdtempSync(join(tmpdir(), 'paperboy-cite-'));
  process.env.DATA_DIR = dataDir;
  expect((await cli(['import', FIXTURE])).code).toBe(0);
}, 120_000);

afterAll(() => {
  if (saved === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = saved;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('paperboy cite', () => {
  it('prints a BibTeX entry that parses, by arXiv id or title words', async () => {
    const byId = await cli(['cite', '2501.06842']);
    expect(byId.code).toBe(0);
    expect(byId.out).toMatch(/^@misc\{\w+2025spam,\n/);
    const lib = parse(byId.out, { sentenceCase: false, english: false });
    expect(lib.errors).toEqual([]);
    expect(lib.entries[0]!.fields).toMatchObject({ eprint: '2501.06842', archiveprefix: 'arXiv', url: 'https://arxiv.org/abs/2501.06842' });
    expect((await cli(['cite', 'spike', 'aware', 'adam'])).out).toBe(byId.out);
  });

  it('prints one plain-text reference with --format text', async () => {
    const r = await cli(['cite', '2501.06842', '--format', 'text']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      'Huang, T., Zhu, Z., Jin, G., Liu, L., Wang, Z., & Liu, S. (2025). SPAM: Spike-Aware Adam with Momentum Reset for Stable LLM Training. arXiv:2501.06842. https://arxiv.org/abs/2501.06842',
    );
    expect(r.out).toMatch(/^[^\n]+ \(2025\)\. SPAM: Spike-Aware Adam with Momentum Reset for Stable LLM Training\. arXiv:2501\.06842\. https:\/\/arxiv\.org\/abs\/2501\.06842$/);
  });

  it('refuses an unknown format or paper in one line', async () => {
    const format = await cli(['cite', '2501.06842', '--format', 'xml']);
    expect(format.code).not.toBe(0);
    expect(format.err).toMatch(/^paperboy: .*'xml' is invalid\. Allowed choices are bibtex, text\.$/);
    const unknown = await cli(['cite', 'zzzz-no-such-paper-qqqq']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.err.split('\n')).toHaveLength(1);
    expect(unknown.err).toMatch(/^paperboy: /);
  });
});
