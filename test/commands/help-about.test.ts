import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { payloadLimitViolations } from '../../src/cards/limits.js';
import { runCommand } from '../../src/dispatch.js';
import { isEphemeral } from '../../src/reply.js';
import { commandRequest, testContext } from '../support/context.js';
import { description, registry } from './helpers.js';

const ctx = testContext({ version: '9.9.9' });

describe('/help', () => {
  it('lists every registered command with its usage', async () => {
    const reply = await runCommand(ctx, registry, 'help', commandRequest());
    for (const c of commands) expect(description(reply.payload)).toContain(`\`/${c.data.name}`);
    expect(description(reply.payload)).toContain('`/search query [topic] [has_code] [year_from] [year_to] [public]`');
    expect(isEphemeral(reply.payload)).toBe(true);
    expect(payloadLimitViolations(reply.payload)).toEqual([]);
  });
});

describe('/about', () => {
  it('reports the corpus, version and uptime from the context clock', async () => {
    const reply = await runCommand(ctx, registry, 'about', commandRequest());
    const fields = Object.fromEntries(reply.payload.embeds![0]!.fields!.map((f) => [f.name, f.value]));
    expect(fields.Papers).toMatch(new RegExp(`^${ctx.corpus.papers.length} \\(\\d+ with code\\)$`));
    expect(fields.Topics).toBe(String(ctx.corpus.topics.length));
    expect(fields.Version).toBe('9.9.9');
    expect(fields.Uptime).toBe('2h 30m');
    expect(payloadLimitViolations(reply.payload)).toEqual([]);
  });
});
