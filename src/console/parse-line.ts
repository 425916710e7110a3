// A typed console line -> a request, using the same command JSON Discord receives, so the console
// accepts exactly the commands, subcommands, options, types and choices the bot declares.
//
// The rules (also in the README):
// - `/name` picks the command (the slash may be left out); a command with subcommands takes the
//   subcommand as its next word: `/daily set channel:123 time:08:30`.
// - `name:value` sets an option; quote values with spaces: `topic:"reinforcement learning"`.
//   `name: value` (space after the colon) takes the next word as the value.
// - Every other word belongs to the command's text option (its first required string option, else its
//   first string option), in the order typed, wherever it appears: `/search gradient clipping
//   has_code:true` and `/search has_code:true gradient clipping` both set query to "gradient clipping",
//   and `/ask question:why do LLMs hallucinate?` sets the whole question.
//   So a value given as name:value is one word unless quoted, except for the text option.
// - Values are coerced by option type (booleans accept true/false/yes/no/on/off), choices are checked,
//   required options must be present; anything wrong is one friendly line naming it.
// - A bare number presses that numbered action; `help`, `quit` and `exit` are console words.
import type { OptionValue } from '../command.js';
import {
  type CommandDefinition,
  type OptionSpec,
  type Token,
  coerce,
  didYouMean,
  isSubcommandLike,
  listWords,
  textOptionOf,
  tokenize,
  topLevelOptions,
  usage,
} from './grammar.js';
import { FIELDS } from '../search/query-syntax.js';

const QUERY_FIELDS: ReadonlySet<string> = new Set(FIELDS);

export type ParsedLine =
  | { kind: 'command'; name: string; subcommand: string | null; options: Record<string, OptionValue> }
  | { kind: 'press'; n: number }
  | { kind: 'quit' }
  | { kind: 'help' }
  | { kind: 'empty' }
  | { kind: 'error'; message: string };

const QUIT_WORDS = new Set(['quit', 'exit', '/quit', '/exit', ':q']);
const HELP_WORDS = new Set(['help', '?', '/?']);

export function parseLine(line: string, definitions: readonly CommandDefinition[]): ParsedLine {
  const trimmed = line.trim();
  if (!trimmed) return { kind: 'empty' };
  const lower = trimmed.toLowerCase();
  const byName = new Map(definitions.map((d) => [d.name, d]));
  // A real command named like a console word (say /exit) wins over the console word.
  if (QUIT_WORDS.has(lower) && !byName.has(lower.replace(/^\//, ''))) return { kind: 'quit' };
  if (HELP_WORDS.has(lower)) return { kind: 'help' };
  const press = /^\[?(\d{1,3})\]?$/.exec(trimmed);
  if (press) return { kind: 'press', n: Number(press[1]) };

  const slashed = trimmed.startsWith('/');
  const tokens = tokenize(slashed ? trimmed.slice(1) : trimmed);
  const typed = (tokens[0]?.text ?? '').toLowerCase();
  const def = byName.get(typed);
  if (!def) return { kind: 'error', message: slashed ? unknownCommand(typed, [...byName.keys()]) : notACommand(trimmed, byName.has('search')) };
  const target = resolveSubcommand(def, tokens.slice(1));
  if ('message' in target) return { kind: 'error', message: target.message };
  const parsed = parseArguments(target.path, target.options, target.rest);
  if ('message' in parsed) return { kind: 'error', message: parsed.message };
  return { kind: 'command', name: def.name, subcommand: target.subcommand, options: parsed.options };
}

function unknownCommand(typed: string, names: string[]): string {
  const guess = didYouMean(typed, names);
  return `Unknown command /${typed}.${guess ? ` Did you mean /${guess}?` : ''} Type help for the list.`;
}

/** Text without a slash is most likely a search; say how to run one rather than guess a command. */
function notACommand(text: string, canSearch: boolean): string {
  const example = canSearch ? `/search ${text.length > 40 ? `${text.slice(0, 40)}…` : text}` : '/help';
  return `Commands start with /, e.g. ${example}. Type help for the list.`;
}

export interface Target {
  /** "daily" or "daily set": how messages and usage name it. */
  path: string;
  subcommand: string | null;
  options: readonly OptionSpec[];
  /** The words after the command and subcommand. */
  rest: Token[];
}

/** Consumes the subcommand (and group) words when the command has them. */
export function resolveSubcommand(def: CommandDefinition, tokens: Token[]): Target | { message: string } {
  let options = topLevelOptions(def);
  let path = def.name;
  const chosen: string[] = [];
  let rest = tokens;
  while (options.some(isSubcommandLike)) {
    const subs = options.filter(isSubcommandLike);
    const names = subs.map((s) => s.name);
    const word = rest[0];
    if (!word || word.key !== undefined) return { message: `/${path} needs a subcommand: ${listWords(names)}.` };
    const typed = word.text.toLowerCase();
    const sub = subs.find((s) => s.name === typed);
    if (!sub) {
      const guess = didYouMean(typed, names);
      return { message: `/${path} has no subcommand "${typed}".${guess ? ` Did you mean ${guess}?` : ''} Choose ${listWords(names)}.` };
    }
    chosen.push(sub.name);
    path = `${path} ${sub.name}`;
    options = sub.options ?? [];
    rest = rest.slice(1);
  }
  // Same shape as the router: a group and its subcommand are joined with a space.
  return { path, subcommand: chosen.length ? chosen.join(' ') : null, options, rest };
}

/**
 * Assigns words to options (see the rules at the top), coerces them and checks required options.
 * `lenient` skips type and required checks: completion wants whatever is there so far.
 */
export function parseArguments(
  path: string,
  options: readonly OptionSpec[],
  tokens: readonly Token[],
  lenient = false,
): { options: Record<string, OptionValue> } | { message: string } {
  const text = textOptionOf(options);
  const given = new Map<OptionSpec, string>();
  const words: string[] = [];
  // /search's query has a language of its own ("phrases", author:"Tri Dao", has:code; see
  // src/search/query-syntax.ts): its quotes and field:value words that are not options pass through.
  const passThrough = path === 'search' && text !== undefined;
  const requote = (t: Token, body: string) => (t.quoted ? (body.startsWith('-') ? `-"${body.slice(1)}"` : `"${body}"`) : body);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.key === undefined) {
      words.push(passThrough ? requote(t, t.text) : t.text);
      continue;
    }
    const option = options.find((o) => o.name === t.key);
    // ...unless the name is a typo of an option (tpoic:), which gets the option's did-you-mean below.
    if (!option && passThrough && (QUERY_FIELDS.has(t.key) || !didYouMean(t.key, options.map((o) => o.name)))) {
      words.push(t.quoted ? `${t.key}:"${t.value ?? ''}"` : `${t.key}:${t.value ?? ''}`);
      continue;
    }
    if (!option) {
      if (lenient) continue;
      const guess = didYouMean(t.key, options.map((o) => o.name));
      const known = options.length ? ` Its options: ${options.map((o) => `${o.name}:`).join(' ')}` : ' It takes no options.';
      return { message: `/${path} has no option "${t.key}".${guess ? ` Did you mean ${guess}:?` : ''}${known} (Quote text that contains a colon.)` };
    }
    let raw = t.value ?? '';
    const next = tokens[i + 1];
    // `topic: optimizers`, as people type it after Discord's option chips.
    if (raw === '' && !t.quoted && next && next.key === undefined) {
      raw = next.text;
      i++;
    }
    if (option === text) words.push(raw);
    else if (given.has(option) && !lenient) return { message: `${option.name} is given twice.` };
    else given.set(option, raw);
  }
  if (words.length) {
    if (text) given.set(text, words.join(' '));
    else if (!lenient) {
      const what = `"${words.join(' ')}"`;
      return { message: options.length ? `/${path} takes only name:value options, not ${what}. Usage: ${usage(path, options)}` : `/${path} takes no options (got ${what}).` };
    }
  }
  const values: Record<string, OptionValue> = {};
  for (const [option, raw] of given) {
    const result = coerce(option, raw);
    if (result.ok) values[option.name] = result.value;
    else if (!lenient) return { message: result.message };
    else values[option.name] = raw;
  }
  if (!lenient) {
    const missing = options.find((o) => o.required && !(o.name in values));
    if (missing) return { message: `/${path} needs ${missing.name} (${missing.description}). Usage: ${usage(path, options)}` };
  }
  return { options: values };
}
