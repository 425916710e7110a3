// The console driven the way a script drives it: lines in through a pipe, plain text out, with the
// real commands over the committed corpus.
import { PassThrough } from 'node:stream';
import { SlashCommandBuilder } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Command } from '../../src/command.js';
import { runConsole } from '../../src/console/repl.js';
import { consoleInvocation } from '../../src/console/session.js';
import { buildRegistry, GENERIC_ERROR, type Registry } from '../../src/dispatch.js';
import { testContext } from '../support/context.js';

const ctx = testContext();
const registry = buildRegistry(commands);
const who = consoleInvocation('Ada');

/** Feeds the lines to a piped console and returns everything it printed once it has finished. */
async function transcript(lines: string[], reg: Registry = registry, end = true): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.setEncoding('utf8').on('data', (d: string) => (out += d));
  const done = runConsole(ctx, reg, { input, output, isTTY: false, width: 80, who });
  input.write(lines.map((l) => `${l}\n`).join(''));
  if (end) input.end();
  await done;
  return out;
}

/** The text a reader takes in: embed bars removed, wrapped lines joined. */
const flat = (text: string) => text.replace(/^│ ?/gm, '').replace(/\s+/g, ' ');

const hits = ctx.search.search('gradient clipping');
/** Something each reply is sure to show, whatever the cards' exact wording. */
const TOPICS_SHOWN = ctx.corpus.topics[0]!.name;
const ABOUT_SHOWN = ctx.version;

describe('the local console, piped', () => {
  it('shows /search results as ranked titles with numbered actions', async () => {
    const out = await transcript(['/search gradient clipping']);
    const read = flat(out);
    expect(read).toContain(`1. ${hits[0]!.paper.title}`);
    expect(read).toContain(`2. ${hits[1]!.paper.title}`);
    expect(read.indexOf(hits[0]!.paper.title)).toBeLessThan(read.indexOf(hits[1]!.paper.title));
    expect(out).toContain('[-] ◀ Prev  [1] Next ▶');
    expect(out).toMatch(/^\[2\] open: 1\. /m);
    expect(out).toContain('(only you can see this)');
  });

  it('shows page 2 when Next is pressed', async () => {
    const out = await transcript(['/search gradient clipping', '1']);
    const [, page2] = out.split('» Next ▶\n');
    expect(flat(page2!)).toContain(`6. ${hits[5]!.paper.title}`);
    expect(page2).toContain('[1] ◀ Prev  [2] Next ▶'); // Prev is live on page 2
    expect(page2).toContain('(only you can see this)'); // an edited message keeps its visibility
  });

  it('opens the full card of a result chosen from the menu, and shares it publicly', async () => {
    const top = hits[0]!.paper;
    const out = await transcript(['/search gradient clipping', '2', '3']);
    const [, card, shared] = out.split(/^» .*$/m);
    expect(flat(card!)).toContain(top.abstract.slice(0, 60));
    expect(card).toMatch(/^\[\d\] Share/m);
    expect(shared).toMatch(/^\nwould be posted publicly in the channel:\nShared by .*Ada/);
    expect(flat(shared!)).toContain(top.title);
  });

  it('prints the URL when a link button is pressed', async () => {
    const out = await transcript(['/search gradient clipping', '2', '2']);
    expect(out).toMatch(/^» .+\nOpen in your browser: https:\/\/\S+$/m);
  });

  it('answers an unknown paper with a friendly error and keeps going', async () => {
    const out = await transcript(['/paper zzzqqqxx', '/topics']);
    expect(flat(out)).toMatch(/⚠️ [^⚠]*no paper matches "zzzqqqxx"/);
    expect(out).not.toContain(GENERIC_ERROR);
    expect(out).toContain(TOPICS_SHOWN);
  });

  it('lists the topics', async () => {
    const read = flat(await transcript(['/topics']));
    for (const topic of ctx.corpus.topics) expect(read).toContain(topic.name);
  });

  it('explains a mistyped line in one line and carries on', async () => {
    const out = await transcript(['/serch gradient clipping', '/paper', '7', '/about']);
    const lines = out.split('\n');
    expect(lines).toContain('⚠️ Unknown command /serch. Did you mean /search? Type help for the list.');
    expect(lines.filter((l) => l.startsWith('⚠️ /paper needs paper'))).toHaveLength(1);
    expect(lines).toContain('⚠️ There is nothing to press: no message on screen has buttons.');
    expect(out).toContain(ABOUT_SHOWN);
  });

  it('turns a failing handler into the generic apology, and the console keeps going', async () => {
    const boom: Command = {
      data: new SlashCommandBuilder().setName('boom').setDescription('Always fails').toJSON(),
      execute() {
        throw new Error('kaboom');
      },
    };
    const out = await transcript(['/boom', '/topics'], buildRegistry([...commands, boom]));
    expect(out).toContain(`⚠️ ${GENERIC_ERROR.slice(0, 40)}`);
    expect(out).not.toContain('kaboom');
    expect(out).toContain(TOPICS_SHOWN);
  });

  it('lists the commands with examples on help', async () => {
    const out = await transcript(['help']);
    expect(out).toContain('/search <query> [topic:…] [has_code:true|false]');
    expect(out).toContain('/daily set channel:…');
    expect(out).toContain('Examples\n  /search gradient clipping has_code:true');
  });

  it('stops at quit without reading further, and at the end of the input', async () => {
    const out = await transcript(['/about', 'quit', '/topics'], registry, false);
    expect(out).toContain(ABOUT_SHOWN);
    expect(out).not.toContain(TOPICS_SHOWN);
    await expect(transcript([])).resolves.toBe('');
  });

  it('prints plain text only: no prompt, banner or colour codes', async () => {
    const out = await transcript(['/search gradient clipping', '1', '/random']);
    expect(out).not.toMatch(/\x1b\[/); // eslint-disable-line no-control-regex
    expect(out).not.toContain('paperboy>');
    expect(out).not.toContain('Tab completes');
  });
});
