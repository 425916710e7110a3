// The console's pretend user votes and cites like a member of a server: ▲ on a public card counts for
// them in the pretend server (kept in the console's own database), a second press takes it back, and
// /top shows it.
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Context } from '../../src/context.js';
import { runConsole } from '../../src/console/repl.js';
import { consoleInvocation } from '../../src/console/session.js';
import { buildRegistry } from '../../src/dispatch.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { createVoteService } from '../../src/votes/service.js';
import { testContext } from '../support/context.js';
import { tempDir } from '../daily/helpers.js';

const registry = buildRegistry(commands);
let tmp: ReturnType<typeof tempDir>;
let db: Db;
let ctx: Context;
beforeAll(() => {
  tmp = tempDir();
  db = openDatabase(join(tmp.dir, 'console.sqlite'));
  ctx = { ...testContext({ now: new Date('2025-01-15T12:00:00Z') }), votes: createVoteService(db) };
});
afterAll(() => {
  db.close();
  tmp.cleanup();
});

async function transcript(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.setEncoding('utf8').on('data', (d: string) => (out += d));
  const done = runConsole(ctx, registry, { input, output, isTTY: false, width: 100, who: consoleInvocation('Ada') });
  input.end(lines.map((l) => `${l}\n`).join(''));
  await done;
  return out;
}

describe('votes and Cite in the console', () => {
  it('▲ on a public card counts for the pretend user, a second press takes it back, and /top shows the vote', async () => {
    const out = await transcript(['/paper spam public:true', '4', '/top period:all', '/paper spam public:true', '4', '4']);
    expect(out).toMatch(/\[3\] Cite {2}\[4\] ▲ 0/);
    expect(out).toMatch(/» ▲ 0[\s\S]*\[3\] Cite {2}\[4\] ▲ 1/);
    expect(out.replace(/\n│ {0,4}/g, ' ')).toMatch(/1\. SPAM: Spike-Aware Adam with Momentum Reset for Stable LLM Training · ▲ 1 here/);
    // The second card starts at the count stored for the pretend server; pressing twice: off, then on again.
    expect(out).toMatch(/» ▲ 1[\s\S]*\[4\] ▲ 0[\s\S]*» ▲ 0[\s\S]*\[4\] ▲ 1\s*$/);
    expect(ctx.votes!.tally('console', ctx.corpus)).toEqual(new Map([['spam-spike-aware-adam-with-momentum-reset-for-stable-llm', 1]]));
  });

  it('Cite prints the BibTeX entry privately', async () => {
    const out = await transcript(['/paper spam', '4']);
    expect(out).toMatch(/» Cite\n@misc\{2025spam,\n {2}title = \{\{SPAM: Spike-Aware Adam with Momentum Reset for Stable LLM Training\}\},/);
    expect(out).toMatch(/\}\n\n\(only you can see this\)/);
  });
});
