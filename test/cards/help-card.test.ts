import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { aboutCard, formatUptime, helpCard, usage } from '../../src/cards/help-card.js';
import { payloadLimitViolations } from '../../src/cards/limits.js';

describe('help card', () => {
  it('shows usage with required options bare and optional ones bracketed', () => {
    expect(
      usage('search', [
        { type: ApplicationCommandOptionType.String, name: 'query', description: 'q', required: true },
        { type: ApplicationCommandOptionType.Boolean, name: 'public', description: 'p' },
      ]),
    ).toBe('/search query [public]');
  });

  it('lists subcommands separately', () => {
    const p = helpCard([
      {
        name: 'daily',
        description: 'Daily picks',
        options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'enable', description: 'Turn on', options: [] }],
      },
    ]);
    expect(p.embeds![0]!.description).toContain('`/daily enable`\nTurn on');
    expect(payloadLimitViolations(p)).toEqual([]);
  });
});

describe('about card', () => {
  it('reports corpus size, topics, sources, version and uptime', () => {
    const p = aboutCard({
      papers: 106,
      withCode: 25,
      topics: 16,
      sources: [{ file: 'a.txt', format: 'listing-a', description: 'HF listing', capturedAt: '2025-12' }],
      corpusHash: 'abcdef0123456789',
      version: '1.2.3',
      uptimeMs: 93_784_000,
    });
    const fields = Object.fromEntries(p.embeds![0]!.fields!.map((f) => [f.name, f.value]));
    expect(fields).toMatchObject({ Papers: '106 (25 with code)', Topics: '16', Version: '1.2.3', Uptime: '1d 2h 3m', Corpus: '`abcdef012345`' });
    expect(fields.Sources).toContain('HF listing (listing-a, captured 2025-12)');
    expect(payloadLimitViolations(p)).toEqual([]);
  });

  it('formats short and long uptimes readably', () => {
    expect(formatUptime(42_000)).toBe('42s');
    expect(formatUptime(3_660_000)).toBe('1h 1m');
    expect(formatUptime(-5)).toBe('0s');
  });
});
