// Tab completion over the same grammar the parser uses: command names, subcommands, option names
// (`topic:`), boolean and choice values, and, for options the bot autocompletes, the very same
// autocomplete answers Discord would show (topics, paper titles completing to the paper id).
import type { AutocompleteRequest, Choice } from '../command.js';
import { type CommandDefinition, type OptionSpec, type Token, isSubcommandLike, textOptionOf, tokenize, topLevelOptions } from './grammar.js';
import { parseArguments } from './parse-line.js';
import { ApplicationCommandOptionType as OptionType } from 'discord-api-types/v10';

export interface Candidate {
  /** Replaces the fragment on the line. */
  value: string;
  /** Shown next to the value when listing several, e.g. the paper title behind an id. */
  label?: string;
}

export interface Completion {
  /** The end of the line being completed (what the candidates replace). */
  fragment: string;
  candidates: Candidate[];
}

/** Asks the bot's own autocomplete for one command (runAutocomplete, in the console). */
export type Autocomplete = (command: string, req: Pick<AutocompleteRequest, 'subcommand' | 'options' | 'focused'>) => Choice[];

const CONSOLE_WORDS = ['help', 'quit', 'exit'];

const quoted = (v: string) => (/[\s"]/.test(v) ? `"${v.replace(/["\\]/g, '\\$&')}"` : v);
const startsWith = (s: string, prefix: string) => s.toLowerCase().startsWith(prefix.toLowerCase());

/** Completes the text left of the cursor. */
export function completeLine(line: string, definitions: readonly CommandDefinition[], autocomplete: Autocomplete): Completion {
  const lead = /^\s*/.exec(line)![0].length;
  const slashed = line.startsWith('/', lead);
  const offset = lead + (slashed ? 1 : 0);
  const tokens = tokenize(line.slice(offset), offset);
  const current = line === '' || /\s$/.test(line) ? undefined : tokens.at(-1);
  const before = current ? tokens.slice(0, -1) : tokens;
  const fragment = current ? line.slice(current.start) : '';

  if (before.length === 0) {
    // The command name itself, slash included; an empty line lists the commands.
    const typed = line.slice(lead);
    const prefix = slashed || typed === '' ? '/' : '';
    const names = [...definitions.map((d) => `${prefix}${d.name} `), ...(prefix ? [] : CONSOLE_WORDS)];
    return { fragment: typed, candidates: names.filter((n) => startsWith(n, typed)).map((value) => ({ value })) };
  }
  const def = definitions.find((d) => d.name === before[0]!.text.toLowerCase());
  if (!def) return { fragment, candidates: [] };

  let options = topLevelOptions(def);
  const chosen: string[] = [];
  let consumed = 1;
  while (options.some(isSubcommandLike)) {
    const subs = options.filter(isSubcommandLike);
    const word = before[consumed];
    if (!word) {
      const typed = current?.key === undefined ? (current?.text ?? '') : null;
      if (typed === null) return { fragment, candidates: [] };
      return { fragment, candidates: subs.filter((s) => startsWith(s.name, typed)).map((s) => ({ value: `${s.name} `, label: s.description })) };
    }
    const sub = subs.find((s) => s.name === word.text.toLowerCase());
    if (!sub) return { fragment, candidates: [] };
    chosen.push(sub.name);
    options = sub.options ?? [];
    consumed++;
  }
  const rest = before.slice(consumed);
  const subcommand = chosen.length ? chosen.join(' ') : null;
  const ask = (option: OptionSpec, value: string): Candidate[] => valuesFor(def.name, subcommand, options, rest, option, value, autocomplete);

  if (current?.key !== undefined) {
    const option = options.find((o) => o.name === current.key);
    if (!option) return { fragment, candidates: [] };
    const candidates = ask(option, current.value ?? '').map((c) => ({ ...c, value: `${current.key}:${quoted(c.value)} ` }));
    return { fragment, candidates };
  }

  // Free words at the end of the line are the text option's value: complete them as a whole, to
  // what the bot's autocomplete offers (a title fragment becomes the paper id). A lone word may
  // also be the start of an option name, so both are offered.
  const text = textOptionOf(options);
  let first = rest.length;
  while (first > 0 && rest[first - 1]!.key === undefined) first--;
  const free = [...rest.slice(first), ...(current ? [current] : [])];
  const used = new Set(rest.filter((t) => t.key !== undefined).map((t) => t.key));
  const offersValues = !!text && (text.autocomplete || !!text.choices?.length) && !used.has(text.name);
  if (text && rest.some((t) => t.key === undefined)) used.add(text.name);
  const typed = current?.text ?? '';
  const names = options.filter((o) => !used.has(o.name) && startsWith(o.name, typed)).map((o) => ({ value: `${o.name}:`, label: o.description }));
  const values = (words: string) => ask(text!, words).map((c) => ({ ...c, value: `${c.value} ` }));

  if (offersValues && free.length > 1) {
    const candidates = values(free.map((t) => t.text).join(' '));
    if (candidates.length) return { fragment: line.slice(free[0]!.start), candidates };
  }
  // Right after the command, a required autocompleting option (the paper, the topic) lists its values.
  const startValues = offersValues && ((current && free.length === 1) || (free.length === 0 && text!.required && !rest.length));
  return { fragment, candidates: [...(startValues ? values(typed) : []), ...names] };
}

function valuesFor(
  command: string,
  subcommand: string | null,
  options: readonly OptionSpec[],
  rest: readonly Token[],
  option: OptionSpec,
  typed: string,
  autocomplete: Autocomplete,
): Candidate[] {
  if (option.autocomplete) {
    const parsed = parseArguments(command, options, rest, true);
    const given = 'options' in parsed ? parsed.options : {};
    const all: Candidate[] = autocomplete(command, { subcommand, options: given, focused: { name: option.name, value: typed } }).map((c) => ({
      value: c.value,
      ...(c.name !== c.value ? { label: c.name } : {}),
    }));
    // Discord lists loose matches (a topic whose description mentions the word) for the reader to pick
    // from; Tab completes a prefix, so values or names that start with what was typed come first, alone.
    const prefixed = all.filter((c) => startsWith(c.value, typed) || (c.label !== undefined && startsWith(c.label, typed)));
    return typed.trim() && prefixed.length ? prefixed : all;
  }
  const all: Candidate[] =
    option.type === OptionType.Boolean
      ? [{ value: 'true' }, { value: 'false' }]
      : (option.choices ?? []).map((c) => ({ value: String(c.value), ...(c.name !== String(c.value) ? { label: c.name } : {}) }));
  return all.filter((c) => startsWith(c.value, typed) || (c.label !== undefined && startsWith(c.label, typed)));
}

/**
 * Adapts a completion to readline's completer contract. Readline inserts the candidates' common
 * prefix, and replaces the fragment when a single candidate does not extend it (a title fragment
 * completing to a paper id). Several such candidates would be replaced by a meaningless common
 * prefix, so they are listed through `show` instead and the line is left alone.
 */
export function toReadline(c: Completion, show: (lines: string[]) => void): [string[], string] {
  const values = c.candidates.map((x) => x.value);
  if (values.length <= 1 || values.every((v) => v.startsWith(c.fragment))) return [values, c.fragment];
  show(c.candidates.map((x) => (x.label ? `${x.value.trim()}  ${x.label}` : x.value.trim())));
  return [[], c.fragment];
}
