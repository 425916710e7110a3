import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/console/parse-line.js';
import { definitions } from './definitions.js';

const parse = (line: string) => parseLine(line, definitions);
const command = (name: string, options: Record<string, unknown>, subcommand: string | null = null) => ({ kind: 'command', name, subcommand, options });
const errorOf = (line: string) => {
  const r = parse(line);
  if (r.kind !== 'error') throw new Error(`expected an error for ${line}, got ${JSON.stringify(r)}`);
  return r.message;
};

describe('parsing a console line', () => {
  describe('commands as people type them', () => {
    it('free words fill the command text option, name:value pairs set the others, typed by option type', () => {
      expect(parse('/search gradient clipping topic:optimizers has_code:true')).toEqual(
        command('search', { query: 'gradient clipping', topic: 'optimizers', has_code: true }),
      );
    });

    it('free words may come before, between or after the pairs, and keep their order', () => {
      expect(parse('/search has_code:yes gradient topic:optimizers clipping')).toEqual(
        command('search', { query: 'gradient clipping', topic: 'optimizers', has_code: true }),
      );
    });

    it('passes the /search query language through as typed: phrases keep their quotes, filters that are not options stay in the query', () => {
      expect(parse('/search author:"Tri Dao" "loss spikes" -"language model" -adam has:code topic:optimizers')).toEqual(
        command('search', { query: 'author:"Tri Dao" "loss spikes" -"language model" -adam has:code', topic: 'optimizers' }),
      );
      expect(parse('/search autor:dao')).toEqual(command('search', { query: 'autor:dao' })); // the query parser names the typo
    });

    it('takes /paper, /topic and /similar text as their one required option', () => {
      expect(parse('/paper spam')).toEqual(command('paper', { id: 'spam' }));
      expect(parse('/topic rl-for-llm-reasoning')).toEqual(command('topic', { name: 'rl-for-llm-reasoning' }));
      expect(parse('/similar 2401.00001 count:3')).toEqual(command('similar', { paper: '2401.00001', count: 3 }));
    });

    it('runs commands without options', () => {
      expect(parse('/random')).toEqual(command('random', {}));
      expect(parse('/topics')).toEqual(command('topics', {}));
      expect(parse('/help')).toEqual(command('help', {}));
    });

    it('keeps a question whole, punctuation and apostrophes included', () => {
      expect(parse("/ask why do LLMs hallucinate? isn't it odd")).toEqual(command('ask', { question: "why do LLMs hallucinate? isn't it odd" }));
    });

    it('lets the text option be named, with the words after it continuing its value', () => {
      expect(parse('/ask question:why do LLMs hallucinate?')).toEqual(command('ask', { question: 'why do LLMs hallucinate?' }));
      expect(parse('/search query:gradient clipping topic:optimizers')).toEqual(command('search', { query: 'gradient clipping', topic: 'optimizers' }));
    });

    it('reads quoted values with spaces, and straight or curly quotes', () => {
      expect(parse('/random topic:"reinforcement learning"')).toEqual(command('random', { topic: 'reinforcement learning' }));
      expect(parse('/search "a: b" topic:“deep rl”')).toEqual(command('search', { query: '"a: b"', topic: 'deep rl' })); // a /search phrase keeps its quotes
    });

    it('takes the next word as the value when there is a space after the colon', () => {
      expect(parse('/search clipping topic: optimizers')).toEqual(command('search', { query: 'clipping', topic: 'optimizers' }));
    });

    it('reads the subcommand as the first word, and option values containing colons', () => {
      expect(parse('/daily preview')).toEqual(command('daily', {}, 'preview'));
      expect(parse('/daily set channel:123 time:08:30')).toEqual(command('daily', { channel: '123', time: '08:30' }, 'set'));
      expect(parse('/daily set channel:<#123456789012345678> 08:30')).toEqual(command('daily', { channel: '123456789012345678', time: '08:30' }, 'set'));
    });

    it('accepts the command without its slash, in any case, and keeps URLs as text', () => {
      expect(parse('search Attention')).toEqual(command('search', { query: 'Attention' }));
      expect(parse('/SEARCH https://arxiv.org/abs/1706.03762')).toEqual(command('search', { query: 'https://arxiv.org/abs/1706.03762' }));
    });

    it('maps a choice typed by its name or value to its value', () => {
      expect(parse('/search x sort:"newest first"')).toEqual(command('search', { query: 'x', sort: 'date' }));
      expect(parse('/search x sort:DATE')).toEqual(command('search', { query: 'x', sort: 'date' }));
    });
  });

  describe('console words', () => {
    it('presses a numbered action with a bare number', () => {
      expect(parse('2')).toEqual({ kind: 'press', n: 2 });
      expect(parse(' [3] ')).toEqual({ kind: 'press', n: 3 });
    });

    it('knows quit, exit, help and an empty line', () => {
      expect(parse('quit')).toEqual({ kind: 'quit' });
      expect(parse('EXIT')).toEqual({ kind: 'quit' });
      expect(parse('help')).toEqual({ kind: 'help' });
      expect(parse('   ')).toEqual({ kind: 'empty' });
    });
  });

  describe('mistakes get one friendly line naming the problem', () => {
    it('suggests the closest command', () => {
      expect(errorOf('/serch clipping')).toBe('Unknown command /serch. Did you mean /search? Type help for the list.');
      expect(errorOf('/frobnicate')).toBe('Unknown command /frobnicate. Type help for the list.');
      expect(errorOf('gradient clipping')).toBe('Commands start with /, e.g. /search gradient clipping. Type help for the list.');
    });

    it('names an unknown option and suggests the closest', () => {
      const message = errorOf('/search clipping tpoic:optimizers');
      expect(message).toContain('/search has no option "tpoic". Did you mean topic:?');
      expect(message).toContain('has_code:');
    });

    it('names an unknown or missing subcommand and lists the real ones', () => {
      expect(errorOf('/daily prevew')).toBe('/daily has no subcommand "prevew". Did you mean preview? Choose set, off, status, preview or now.');
      expect(errorOf('/daily')).toBe('/daily needs a subcommand: set, off, status, preview or now.');
    });

    it('explains values of the wrong type, out of range or not among the choices', () => {
      expect(errorOf('/search x has_code:maybe')).toBe('has_code must be true or false (got "maybe").');
      expect(errorOf('/search x year_from:soon')).toBe('year_from must be a whole number (got "soon").');
      expect(errorOf('/similar abc count:11')).toBe('count must be at most 10 (got "11").');
      expect(errorOf('/search x sort:stars')).toBe('sort must be one of: relevance, date (got "stars").');
      expect(errorOf('/daily set channel:general')).toMatch(/^channel must be a channel: a name such as #papers, or an id/);
    });

    it('asks for a missing required option with the usage', () => {
      expect(errorOf('/paper')).toBe('/paper needs id (Paper id or title words). Usage: /paper <id>');
      expect(errorOf('/search topic:optimizers')).toBe(
        '/search needs query (What to look for). Usage: /search <query> [topic:…] [has_code:true|false] [year_from:…] [sort:relevance|date]',
      );
      expect(errorOf('/daily set time:08:30')).toMatch(/^\/daily set needs channel \(Where to post\)\. Usage: \/daily set channel:… \[<time>\]/);
    });

    it('refuses free words a command has no place for, and options given twice', () => {
      expect(errorOf('/topics extra words')).toBe('/topics takes no options (got "extra words").');
      expect(errorOf('/search x topic:a topic:b')).toBe('topic is given twice.');
      expect(errorOf('/search x topic:')).toBe('topic needs a value: topic:… (Only papers in this topic).');
    });
  });
});
