import type { APIApplicationCommandOption } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { TOPIC_SLUG_MAX } from '../../commands/_shared.js';
import { commands } from '../../commands/index.js';
import { MAX_PAGES, QUERY_INPUT_MAX, QUERY_MAX } from '../../commands/search.js';
import { LIMITS } from '../../src/cards/limits.js';
import { CUSTOM_ID_MAX, encodeCustomId } from '../../src/custom-id.js';
import { realCorpus } from '../support/context.js';
import { registry } from './helpers.js';

const allOptions = (options: readonly APIApplicationCommandOption[] = []): APIApplicationCommandOption[] =>
  options.flatMap((o) => [o, ...('options' in o && o.options ? allOptions(o.options as APIApplicationCommandOption[]) : [])]);

describe('command registry', () => {
  it('registers each command once, and each button/menu action has exactly one handler', () => {
    expect(registry.commands.size).toBe(commands.length);
    expect([...registry.components.keys()]).toEqual(expect.arrayContaining(['open', 'paper', 'random', 'search-page', 'share', 'topic-page']));
  });

  it('has the planned commands', () => {
    expect(commands.map((c) => c.data.name)).toEqual(expect.arrayContaining(['search', 'paper', 'random', 'topics', 'topic', 'similar', 'ask', 'help', 'about']));
  });

  it('descriptions fit Discord’s 100 chars and option names are lowercase snake_case', () => {
    for (const c of commands) {
      expect(c.data.description.length, c.data.name).toBeLessThanOrEqual(LIMITS.commandDescription);
      expect(c.data.name).toMatch(/^[a-z][a-z0-9_]*$/);
      for (const o of allOptions(c.data.options)) {
        expect(o.name, `${c.data.name}.${o.name}`).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(o.description.length, `${c.data.name}.${o.name}`).toBeLessThanOrEqual(LIMITS.commandDescription);
      }
    }
  });
});

describe('search-page custom_id budget', () => {
  it('every corpus topic slug fits the slug budget the query length was computed with', () => {
    for (const t of realCorpus().corpus.topics) expect(t.slug.length, t.slug).toBeLessThanOrEqual(TOPIC_SLUG_MAX);
  });

  it('a maximal query with the longest slug, both years, has_code and the last page still fits 100 chars', () => {
    expect(QUERY_MAX).toBeGreaterThanOrEqual(40);
    const id = encodeCustomId({
      action: 'search-page',
      page: MAX_PAGES + 1,
      query: 'q'.repeat(QUERY_MAX),
      filters: { topic: 's'.repeat(TOPIC_SLUG_MAX), hasCode: true, yearFrom: 2100, yearTo: 2100 },
    });
    expect(id.length).toBe(CUSTOM_ID_MAX);
  });

  it('the /search query option lets people type more than that: pages carry the compact form', () => {
    const query = commands.find((c) => c.data.name === 'search')?.data.options?.find((o) => o.name === 'query');
    expect(query).toMatchObject({ max_length: QUERY_INPUT_MAX, required: true });
    expect(QUERY_INPUT_MAX).toBeGreaterThan(QUERY_MAX);
  });
});
