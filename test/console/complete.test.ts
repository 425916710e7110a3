import { describe, expect, it, vi } from 'vitest';
import { commands } from '../../commands/index.js';
import { type Autocomplete, completeLine, toReadline } from '../../src/console/complete.js';
import { createSession } from '../../src/console/session.js';
import { buildRegistry } from '../../src/dispatch.js';
import { testContext } from '../support/context.js';
import { definitions } from './definitions.js';

// Stands in for the bot's autocomplete: topics by slug prefix, papers by title words -> id.
const TOPICS = ['optimizers', 'rl-for-llms', 'rl-classic'];
const PAPERS = [
  { name: 'Attention Is All You Need', value: '1706.03762' },
  { name: 'Adam: A Method for Stochastic Optimization', value: '1412.6980' },
];
const autocomplete: Autocomplete = (_command, req) =>
  req.focused.name === 'topic' || req.focused.name === 'name'
    ? TOPICS.filter((t) => t.startsWith(req.focused.value)).map((t) => ({ name: t, value: t }))
    : PAPERS.filter((p) => p.name.toLowerCase().includes(req.focused.value.toLowerCase()));

const complete = (line: string) => completeLine(line, definitions, autocomplete);
const values = (line: string) => complete(line).candidates.map((c) => c.value);

describe('tab completion', () => {
  it('completes command names, with the slash', () => {
    expect(complete('/se')).toEqual({ fragment: '/se', candidates: [{ value: '/search ' }] });
    expect(values('/s')).toEqual(['/search ', '/similar ']);
    expect(values('')).toContain('/topics ');
  });

  it('completes subcommands, then their options', () => {
    expect(values('/daily ')).toEqual(['set ', 'off ', 'status ', 'preview ', 'now ']);
    expect(values('/daily pr')).toEqual(['preview ']);
    expect(values('/daily set ')).toEqual(['channel:', 'time:', 'count:']);
  });

  it('completes option names not yet used', () => {
    expect(values('/search clipping ')).toEqual(['topic:', 'has_code:', 'year_from:', 'sort:']);
    expect(complete('/search clipping to')).toEqual({ fragment: 'to', candidates: [{ value: 'topic:', label: 'Only papers in this topic' }] });
    expect(values('/search clipping topic:optimizers ')).not.toContain('topic:');
  });

  it('completes booleans and choices', () => {
    expect(values('/search x has_code:')).toEqual(['has_code:true ', 'has_code:false ']);
    expect(values('/search x sort:new')).toEqual(['sort:date ']); // by the choice's name
  });

  it('asks the bot autocomplete for option values, with what was typed so far', () => {
    const spy = vi.fn(autocomplete);
    const c = completeLine('/search clipping has_code:true topic:rl', definitions, spy);
    expect(c).toEqual({ fragment: 'topic:rl', candidates: [{ value: 'topic:rl-for-llms ' }, { value: 'topic:rl-classic ' }] });
    expect(spy).toHaveBeenCalledWith('search', { subcommand: null, options: { query: 'clipping', has_code: true }, focused: { name: 'topic', value: 'rl' } });
  });

  it('completes free title words to the paper id, replacing them', () => {
    expect(complete('/paper all you')).toEqual({ fragment: 'all you', candidates: [{ value: '1706.03762 ', label: 'Attention Is All You Need' }] });
    expect(values('/topic rl')).toEqual(['rl-for-llms ', 'rl-classic ']);
    expect(values('/topic ')).toEqual(['optimizers ', 'rl-for-llms ', 'rl-classic ', 'name:']);
  });

  it('offers nothing for unknown commands or options', () => {
    expect(values('/nope ')).toEqual([]);
    expect(values('/search x nope:')).toEqual([]);
  });
});

describe('completion through readline', () => {
  it('lets readline insert candidates that extend the typed text', () => {
    const show = vi.fn();
    expect(toReadline(complete('/s'), show)).toEqual([['/search ', '/similar '], '/s']);
    expect(show).not.toHaveBeenCalled();
  });

  it('hands a single replacement to readline, which swaps it in', () => {
    expect(toReadline(complete('/paper attention'), vi.fn())).toEqual([['1706.03762 '], 'attention']);
  });

  it('lists several replacements itself, with their labels, leaving the line alone', () => {
    const show = vi.fn();
    expect(toReadline(complete('/paper a'), show)).toEqual([[], 'a']);
    expect(show).toHaveBeenCalledWith(['1706.03762  Attention Is All You Need', '1412.6980  Adam: A Method for Stochastic Optimization']);
  });
});

describe('completion with the real commands', () => {
  const session = createSession(testContext(), buildRegistry(commands), { width: () => 80, color: false });

  it('completes topic slugs from the corpus', () => {
    expect(session.complete('/search clipping topic:rl-for').candidates.map((c) => c.value)).toEqual(['topic:rl-for-llms ']);
  });

  it('completes a paper title to its id', () => {
    const { candidates } = session.complete('/paper spike-aware adam');
    expect(candidates[0]).toMatchObject({ label: expect.stringContaining('SPAM: Spike-Aware Adam') });
    expect(candidates[0]!.value).toMatch(/^[a-z0-9.-]+ $/);
  });
});
