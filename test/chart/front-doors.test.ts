// The corpus chart through each front door: the CLI writes the PNG where asked, the console saves the
// attachment and prints its path (a terminal cannot show an image), and /stats attaches it to the reply.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { runCli } from '../../src/cli.js';
import { consoleInvocation, createSession } from '../../src/console/session.js';
import { buildRegistry, runCommand } from '../../src/dispatch.js';
import { testContext } from '../support/context.js';

const work = mkdtempSync(join(tmpdir(), 'paperboy-chart-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const isPng = (b: Buffer) => b.subarray(1, 4).toString('latin1') === 'PNG';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s), stdin: Readable.from(['']) });
  return { code, out: out.join('\n'), err: err.filter((l) => !l.includes('warning:')).join('\n') };
}

describe('paperboy stats --chart', () => {
  it('writes the corpus chart as a PNG and says where', async () => {
    const file = join(work, 'corpus.png');
    const r = await cli(['stats', '--chart', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`chart: ${file} (`);
    expect(isPng(readFileSync(file))).toBe(true);
  }, 120_000);

  it('reports the file in --json too', async () => {
    const file = join(work, 'corpus-json.png');
    const r = await cli(['stats', '--json', '--chart', file]);
    expect(JSON.parse(r.out)).toMatchObject({ papers: 106, chart: { file, bytes: readFileSync(file).length } });
  }, 120_000);

  it('refuses a name that is not .png, and a folder that does not exist, in one line', async () => {
    const notPng = await cli(['stats', '--chart', join(work, 'chart.jpg')]);
    expect(notPng.code).not.toBe(0);
    expect(notPng.err).toMatch(/^paperboy: --chart writes a PNG image/);
    const missing = await cli(['stats', '--chart', join(work, 'no', 'such', 'dir', 'c.png')]);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/^paperboy: cannot write the chart to .*: its folder does not exist$/);
  }, 120_000);
});

describe('/stats', () => {
  const ctx = testContext();
  const registry = buildRegistry(commands);

  it('attaches the chart and shows it in the embed, privately unless public:true', async () => {
    const reply = await runCommand(ctx, registry, 'stats', { ...consoleInvocation('Ada'), subcommand: null, options: {} });
    const p = reply.payload;
    expect(p.flags ?? 0).toBe(64);
    expect(p.files?.map((f) => f.name)).toEqual(['paperboy-corpus.png']);
    expect(isPng(Buffer.from(p.files![0]!.data))).toBe(true);
    expect(p.embeds?.[0]?.image?.url).toBe('attachment://paperboy-corpus.png');
    const pub = await runCommand(ctx, registry, 'stats', { ...consoleInvocation('Ada'), subcommand: null, options: { public: true } });
    expect(pub.payload.flags ?? 0).toBe(0);
  }, 120_000);

  it('in the console, saves the chart to a file and prints its path', async () => {
    const dir = join(work, 'console-files');
    const session = createSession(ctx, registry, { width: () => 80, color: false, filesDir: dir });
    const { text } = await session.handle('/stats');
    const path = join(dir, 'paperboy-corpus.png');
    expect(text).toContain(`📎 paperboy-corpus.png saved to ${path}`);
    expect(existsSync(path) && isPng(readFileSync(path))).toBe(true);
  }, 120_000);
});
