// Defect 7: the README's `/daily set channel:#papers time:08:30 timezone:Europe/Berlin` works in the
// console: its pretend server has the channels you name.
import { PassThrough } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { parseLine } from '../../src/console/parse-line.js';
import { pretendChannelId } from '../../src/console/pretend-server.js';
import { runConsole } from '../../src/console/repl.js';
import { createDailyService } from '../../src/daily/service.js';
import { buildRegistry } from '../../src/dispatch.js';
import { createLogger } from '../../src/logger.js';
import { openDatabase } from '../../src/store/db.js';
import { testContext } from '../support/context.js';

const defs = commands.map((c) => c.data);
const dir = mkdtempSync(join(tmpdir(), 'paperboy-console-channel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('#name channels in the console', () => {
  it('parse to a stable pretend channel id', () => {
    const parsed = parseLine('/daily set channel:#papers time:08:30 timezone:Europe/Berlin', defs);
    expect(parsed).toMatchObject({ kind: 'command', name: 'daily', subcommand: 'set', options: { channel: pretendChannelId('papers'), time: '08:30', timezone: 'Europe/Berlin' } });
    expect(pretendChannelId('papers')).toMatch(/^[1-9]\d{17}$/);
    expect(pretendChannelId('Papers')).toBe(pretendChannelId('papers'));
    expect(pretendChannelId('general')).not.toBe(pretendChannelId('papers'));
  });

  it('the README line sets up daily picks, and status names the channel', async () => {
    const db = openDatabase(join(dir, 'console.sqlite'));
    const base = testContext();
    const logger = createLogger('silent');
    const daily = createDailyService({ db, corpus: base.corpus, logger, defaults: base.config.daily, now: base.now });
    const ctx = { ...base, daily };
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.setEncoding('utf8').on('data', (d: string) => (out += d));
    const done = runConsole(ctx, buildRegistry(commands), { input, output, isTTY: false, width: 100 });
    input.end('/daily set channel:#papers time:08:30 timezone:Europe/Berlin\n/daily status\n');
    await done;
    db.close();
    expect(out).not.toMatch(/⚠️/);
    expect(out).toContain('#papers');
    expect(out).toContain('08:30');
  });
});
