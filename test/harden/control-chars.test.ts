// Defect 1: terminal and control-character injection. Imported text is cleaned at ingest, and every
// front door renders defensively, so even a stored bad value cannot retitle or clear a terminal, write
// the clipboard (OSC 52), or put a NUL into a Discord embed.
import { describe, expect, it } from 'vitest';
import { paperCard } from '../../src/cards/paper-card.js';
import { resultList } from '../../src/cards/result-list.js';
import { formatHits, formatPaper } from '../../src/cli/format.js';
import { renderPayload } from '../../src/console/render.js';
import { parseSource } from '../../src/corpus/ingest/index.js';
import { mergeRecords } from '../../src/corpus/merge.js';
import { compileTopics } from '../../src/corpus/topics.js';
import { cleanText } from '../../src/corpus/text.js';
import { safeForTerminal, safeJson, stripControls } from '../../src/safe-text.js';
import { fixtureCorpus, makePaper } from '../support/context.js';

const EVIL_TITLE = 'Evil \u001b]0;PWNED\u0007\u001b[2JTitle';
const OSC52 = '\u001b]52;c;ZWNobyBwd25lZA==\u001b\\';
/** Any byte a terminal acts on: C0 (but tab and newline), DEL, C1. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('stripControls', () => {
  it('removes whole escape sequences, not just the ESC byte', () => {
    expect(stripControls(EVIL_TITLE)).toBe('Evil Title');
    expect(stripControls(`copy ${OSC52}me`)).toBe('copy me');
    expect(stripControls('8-bit \u009b2J CSI and \u009d0;t\u009c OSC')).toBe('8-bit  CSI and  OSC');
    expect(stripControls('nul\u0000 bell\u0007 del\u007f')).toBe('nul bell del');
  });

  it('keeps ordinary text: tabs, newlines, RTL, emoji, CJK, combining marks', () => {
    const fine = 'a\tb\nc — שלום مرحبا 🧪👩‍🔬 注意力 é';
    expect(stripControls(fine)).toBe(fine);
  });

  it('replaces lone surrogates and keeps pairs', () => {
    expect(stripControls('a\uD800b\uDC00c😀')).toBe('a\uFFFDb\uFFFDc😀');
  });

  it('safeForTerminal keeps colour codes and removes everything else', () => {
    expect(safeForTerminal(`\u001b[1mbold\u001b[0m ${EVIL_TITLE}`)).toBe('\u001b[1mbold\u001b[0m Evil Title');
  });

  it('safeJson escapes C1 controls that JSON.stringify leaves raw', () => {
    expect(safeJson({ t: 'x\u009b2J' })).toBe('{"t":"x\\u009b2J"}');
    expect(JSON.parse(safeJson({ t: 'x\u009b2J' }))).toEqual({ t: 'x\u009b2J' });
  });
});

describe('ingest cleans every imported string', () => {
  const item = {
    paper: {
      id: '2501.00001',
      title: EVIL_TITLE,
      summary: `An abstract\u0000 with ${OSC52} a clipboard write and \u001b[31mred\u001b[0m text.`,
      authors: [{ name: 'Mallory \u001b]0;owned\u0007Smith' }, { name: 'Eve\u0000' }],
      ai_keywords: ['key\u001b[2Jword'],
      organization: { fullname: 'Org\u009b2J Inc' },
      ai_summary: 'Summary \u001b]8;;http://x\u0007link\u001b]8;;\u0007.',
      publishedAt: '2025-01-01T00:00:00.000Z',
    },
  };

  it('leaves no control character in any field of the parsed record or the merged paper', () => {
    const parsed = parseSource(JSON.stringify([item]), 'imports/evil.json', 'hf-daily-json');
    expect(parsed.records).toHaveLength(1);
    expect(JSON.stringify(parsed.records[0])).not.toMatch(/\\u00[01]|\\u007f/);
    const record = parsed.records[0]!;
    expect(record.rawTitle).toBe('Evil Title');
    expect(record.authors).toEqual(['Mallory Smith', 'Eve']);
    expect(record.keywords).toEqual(['keyword']);
    expect(record.organization).toBe('Org Inc');
    const { papers } = mergeRecords(parsed.records, compileTopics([]));
    const paper = papers[0]!;
    expect(paper.title).toBe('Evil Title');
    expect(paper.abstract).toBe('An abstract with a clipboard write and red text.');
    for (const value of Object.values(paper)) expect(JSON.stringify(value)).not.toMatch(CONTROL);
  });

  it('cleanText drops controls too (for callers that bypass ingest)', () => {
    expect(cleanText(`${EVIL_TITLE} $K$`)).toBe('Evil Title K');
  });
});

describe('a stored bad value is rendered defensively', () => {
  const evil = makePaper({
    id: 'evil',
    title: EVIL_TITLE,
    abstract: `Abstract ${OSC52}with\u0000 NUL.`,
    authors: ['A\u001b[2JB'],
    organization: 'Org\u009d0;x\u009c',
    keywords: ['k\u0000'],
  });
  const corpus = fixtureCorpus([evil, makePaper({ id: 'plain' })]);

  it('paper cards (Discord embeds) carry no NUL or escape', () => {
    const card = paperCard(evil, corpus);
    expect(JSON.stringify(card)).not.toMatch(/\\u0000|\\u001b|\\u009/);
    // Markdown escaping runs first, so the sequence's printable residue may remain: harmless text.
    expect(card.embeds![0]!.title).toMatch(/^Evil .*Title$/);
  });

  it('result lists carry none either', () => {
    const list = resultList({ title: 'Results \u0000', papers: [evil], topics: corpus, intro: `for ${EVIL_TITLE}`, empty: 'none' });
    expect(JSON.stringify(list)).not.toMatch(/\\u0000|\\u001b|\\u009/);
  });

  it('the console renders a raw payload without any sequence but its own colours', () => {
    const payload = { content: `hi ${EVIL_TITLE}`, embeds: [{ title: EVIL_TITLE, description: `d ${OSC52}`, fields: [{ name: 'A\u0000', value: 'v\u001bc' }], footer: { text: 'f\u009b2J' } }], allowed_mentions: { parse: [] } };
    for (const color of [false, true]) {
      const { text } = renderPayload(payload as never, { width: 80, color });
      // eslint-disable-next-line no-control-regex
      expect(text.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(CONTROL);
      expect(text).toContain('Evil Title');
    }
  });

  it('the CLI formats papers and hits without controls', () => {
    expect(formatPaper(corpus, evil)).not.toMatch(CONTROL);
    expect(formatHits(corpus, [{ paper: evil, score: 1 }], 1)).not.toMatch(CONTROL);
  });
});

describe('the console never echoes a typed escape sequence', () => {
  it('an unknown command with an OSC title sequence is reported without it', async () => {
    const { PassThrough } = await import('node:stream');
    const { runConsole } = await import('../../src/console/repl.js');
    const { buildRegistry } = await import('../../src/dispatch.js');
    const { commands } = await import('../../commands/index.js');
    const { testContext } = await import('../support/context.js');
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.setEncoding('utf8').on('data', (d: string) => (out += d));
    const done = runConsole(testContext(), buildRegistry(commands), { input, output, isTTY: false, width: 80 });
    input.end(`/ev\u001b]0;PWNED\u0007il\nhello \u001b[2J\u009b2J world\n`);
    await done;
    expect(out).toContain('Unknown command');
    expect(out).not.toMatch(CONTROL);
  });
});

describe('the corpus store cleans imports and synced records', () => {
  it('paperboy import of an export full of escapes stores clean text, and the CLI prints it clean', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { Readable } = await import('node:stream');
    const { runCli } = await import('../../src/cli.js');
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-evil-import-'));
    const saved = { DATA_DIR: process.env.DATA_DIR };
    process.env.DATA_DIR = join(dir, 'data');
    try {
      const file = join(dir, 'evil.json');
      const item = { paper: { id: '2501.00002', title: EVIL_TITLE, summary: `Abstract ${OSC52} text.`, authors: [{ name: 'Mal\u0000lory' }], publishedAt: '2025-01-01T00:00:00.000Z' } };
      writeFileSync(file, JSON.stringify([item]));
      const out: string[] = [];
      const cli = (args: string[]) => runCli(args, { out: (s) => out.push(s), err: () => undefined, stdin: Readable.from([]) });
      expect(await cli(['import', file])).toBe(0);
      out.length = 0;
      expect(await cli(['paper', '2501.00002', '--json'])).toBe(0);
      const stored = JSON.parse(out.join('')) as { title: string; abstract: string; authors: string[]; rawTitle: string };
      expect(stored.title).toBe('Evil Title');
      expect(stored.rawTitle).toBe('Evil Title');
      expect(stored.abstract).toBe('Abstract text.');
      expect(stored.authors).toEqual(['Mallory']);
      out.length = 0;
      expect(await cli(['paper', '2501.00002'])).toBe(0);
      expect(out.join('\n')).not.toMatch(CONTROL);
    } finally {
      if (saved.DATA_DIR === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = saved.DATA_DIR;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
