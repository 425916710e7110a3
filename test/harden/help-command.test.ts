// Defect 8: `/help search` is a natural guess, so /help takes an optional command and explains it.
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { payloadLimitViolations } from '../../src/cards/limits.js';
import { buildRegistry, runCommand } from '../../src/dispatch.js';
import { parseLine } from '../../src/console/parse-line.js';
import { commandRequest, testContext } from '../support/context.js';

const ctx = testContext();
const registry = buildRegistry(commands);
const text = (p: { embeds?: { title?: string; description?: string }[]; content?: string }) => `${p.content ?? ''} ${p.embeds?.[0]?.title ?? ''} ${p.embeds?.[0]?.description ?? ''}`;

describe('/help command:<name>', () => {
  it('offers every registered command as a choice', () => {
    const help = commands.find((c) => c.data.name === 'help')!;
    const option = help.data.options?.[0] as { name: string; choices: { value: string }[] };
    expect(option.name).toBe('command');
    expect(option.choices.map((c) => c.value).sort()).toEqual(commands.map((c) => c.data.name).sort());
  });

  it('explains one command: usage and each option', async () => {
    const reply = await runCommand(ctx, registry, 'help', commandRequest({ command: 'search' }));
    expect(text(reply.payload)).toContain('/search query [topic]');
    expect(text(reply.payload)).toMatch(/`has_code`/);
    expect(payloadLimitViolations(reply.payload)).toEqual([]);
  });

  it('explains a command with subcommands, and every command fits Discord’s limits', async () => {
    const daily = await runCommand(ctx, registry, 'help', commandRequest({ command: 'daily' }));
    expect(text(daily.payload)).toContain('/daily set channel');
    for (const c of commands) {
      const r = await runCommand(ctx, registry, 'help', commandRequest({ command: c.data.name }));
      expect(payloadLimitViolations(r.payload)).toEqual([]);
    }
  });

  it('is what the console runs for `/help search`', () => {
    expect(parseLine('/help search', commands.map((c) => c.data))).toEqual({ kind: 'command', name: 'help', subcommand: null, options: { command: 'search' } });
  });

  it('refuses an unknown command name with a friendly line', async () => {
    const r = await runCommand(ctx, registry, 'help', commandRequest({ command: 'nope' }));
    expect(r.payload.content).toMatch(/^⚠️ Option `command`/);
  });
});
