// A real Context for specs: the committed corpus (or a small fixture corpus) with the real search
// engine, a silent logger, default config and a fixed clock. Nothing of ours is mocked.
import { fileURLToPath } from 'node:url';
import type { AutocompleteRequest, CommandRequest, ComponentRequest, Invocation, OptionValue } from '../../src/command.js';
import { loadConfig } from '../../src/config.js';
import type { Context } from '../../src/context.js';
import { makeCorpus, type Corpus } from '../../src/corpus/corpus.js';
import { loadCorpus } from '../../src/corpus/load.js';
import type { Paper, Topic } from '../../src/corpus/schema.js';
import type { ComponentAction } from '../../src/custom-id.js';
import { createLogger } from '../../src/logger.js';
import { createSearchEngine } from '../../src/search/engine.js';
import type { SearchEngine } from '../../src/search/types.js';

export const CORPUS_DIR = fileURLToPath(new URL('../../corpus', import.meta.url));
export const FIXED_NOW = new Date('2025-06-01T12:00:00.000Z');
export const STARTED_AT = new Date('2025-06-01T09:30:00.000Z');

let shared: { corpus: Corpus; search: SearchEngine } | undefined;

/** The committed corpus and its engine, built once per test file (both are read-only). */
export function realCorpus(): { corpus: Corpus; search: SearchEngine } {
  if (!shared) {
    const corpus = loadCorpus(CORPUS_DIR);
    shared = { corpus, search: createSearchEngine(corpus) };
  }
  return shared;
}

export interface TestContextOptions {
  /** A fixture corpus; defaults to the committed one. */
  corpus?: Corpus;
  now?: Date;
  startedAt?: Date;
  version?: string;
}

export function testContext(opts: TestContextOptions = {}): Context {
  const { corpus, search } = opts.corpus ? { corpus: opts.corpus, search: createSearchEngine(opts.corpus) } : realCorpus();
  const now = opts.now ?? FIXED_NOW;
  return {
    config: loadConfig({}, CORPUS_DIR),
    corpus,
    search,
    logger: createLogger('silent'),
    daily: null,
    now: () => now,
    startedAt: opts.startedAt ?? STARTED_AT,
    version: opts.version ?? '0.0.0-test',
  };
}

// ---- fixtures -------------------------------------------------------------------------------

export function makeTopic(slug: string, overrides: Partial<Topic> = {}): Topic {
  const name = slug.replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => `${sep ? ' ' : ''}${c.toUpperCase()}`);
  return { slug, name, description: `Papers about ${name.toLowerCase()}.`, patterns: [slug], exclude: [], ...overrides };
}

/** A valid Paper; override only what a spec is about. */
export function makePaper(overrides: Partial<Paper> & { id: string }): Paper {
  const title = overrides.title ?? `A Study of ${overrides.id}`;
  return {
    title,
    rawTitle: title,
    abstract: 'We study a problem. We propose a method. It works well on benchmarks.',
    authors: [],
    codeLinks: [],
    keywords: [],
    topics: ['optimizers'],
    sources: [{ file: 'fixture.txt', line: 1 }],
    ...overrides,
  };
}

/** A corpus made of the given papers, with a topic for every slug they use. */
export function fixtureCorpus(papers: Paper[], topics?: Topic[]): Corpus {
  const slugs = [...new Set(papers.flatMap((p) => p.topics))].filter((s) => s !== 'other');
  return makeCorpus(papers, topics ?? slugs.map((s) => makeTopic(s)), 'fixture-hash', [
    { file: 'fixture.txt', format: 'text', description: 'Test fixture', capturedAt: '2025-01-01' },
  ]);
}

// ---- requests -------------------------------------------------------------------------------

export const USER: Invocation = { user: { id: '123456789012345678', name: 'Ada' }, guildId: '223456789012345678', channelId: '323456789012345678', permissions: null };

export function commandRequest(options: Record<string, OptionValue> = {}, who: Invocation = USER): CommandRequest {
  return { ...who, subcommand: null, options };
}

export function autocompleteRequest(name: string, value: string, options: Record<string, OptionValue> = {}): AutocompleteRequest {
  return { ...USER, subcommand: null, options: { ...options, [name]: value }, focused: { name, value } };
}

export function componentRequest(action: ComponentAction, values: string[] = [], who: Invocation = USER): ComponentRequest {
  return { ...who, action, values };
}
