// The console's line grammar, shared by parsing and tab completion: tokens, a command's option layout
// (as Discord's command JSON describes it), value coercion by option type, and "did you mean" hints.
import { ApplicationCommandOptionType as OptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { OptionValue } from '../command.js';
import { CHANNEL_NAME_RE, pretendChannelId } from './pretend-server.js';

export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;

/**
 * One option as Discord's JSON describes it. A structural view over discord-api-types' option union,
 * which is awkward to narrow field by field; the definitions come from our own builders, so we trust them.
 */
export interface OptionSpec {
  name: string;
  type: OptionType;
  description: string;
  required?: boolean;
  choices?: readonly { name: string; value: string | number }[];
  autocomplete?: boolean;
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
  options?: readonly OptionSpec[];
}

export function topLevelOptions(def: CommandDefinition): readonly OptionSpec[] {
  return (def.options ?? []) as readonly OptionSpec[];
}

export const isSubcommandLike = (o: OptionSpec) => o.type === OptionType.Subcommand || o.type === OptionType.SubcommandGroup;

/**
 * The option that free words fill: the first required string option, else the first string option.
 * One per (sub)command keeps the rule easy to state: "words without a name: go to <text option>".
 */
export function textOptionOf(options: readonly OptionSpec[]): OptionSpec | undefined {
  const strings = options.filter((o) => o.type === OptionType.String);
  return strings.find((o) => o.required) ?? strings[0];
}

export interface Token {
  /** The word with quotes removed. */
  text: string;
  start: number;
  end: number;
  /** Any part of the word was in double quotes. */
  quoted: boolean;
  /** Set for `name:value` words: the lower-cased option name and the value after the first colon. */
  key?: string;
  value?: string;
}

const CLOSING: Record<string, string> = { '"': '"', '“': '”' };
// An option name starts with a letter (so "08:30" is a value, not an option named "08").
const KEY_RE = /^(\p{L}[\p{L}\p{N}_-]*):/u;

/**
 * Splits on whitespace; double quotes ("..." or “...”) group words and may appear mid-word, as in
 * topic:"reinforcement learning". Inside quotes, \" and \\ escape. An unclosed quote runs to the end.
 * Single quotes are ordinary characters: questions are full of apostrophes.
 */
export function tokenize(line: string, offset = 0): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    const start = i;
    let text = '';
    let firstQuote = -1;
    while (i < line.length && !/\s/.test(line[i]!)) {
      const c = line[i]!;
      const close = CLOSING[c];
      if (!close) {
        text += c;
        i++;
        continue;
      }
      if (firstQuote < 0) firstQuote = i - start;
      i++;
      while (i < line.length && line[i] !== close && !(close === '”' && line[i] === '"')) {
        if (line[i] === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) i++;
        text += line[i];
        i++;
      }
      i++; // the closing quote (or past the end)
    }
    i = Math.min(i, line.length);
    const token: Token = { text, start: start + offset, end: i + offset, quoted: firstQuote >= 0 };
    const raw = line.slice(start, i);
    const m = KEY_RE.exec(raw);
    // The colon must come before any quote, and "https://..." is a URL, not an option named https.
    if (m && (firstQuote < 0 || firstQuote >= m[0].length) && !raw.slice(m[0].length).startsWith('//')) {
      token.key = m[1]!.toLowerCase();
      token.value = text.slice(m[1]!.length + 1);
    }
    tokens.push(token);
  }
  return tokens;
}

const TRUE_WORDS = ['true', 'yes', 'y', 'on', '1'];
const FALSE_WORDS = ['false', 'no', 'n', 'off', '0'];

export type Coerced = { ok: true; value: OptionValue } | { ok: false; message: string };

/** Turns typed text into the value Discord would send for this option, or a one-line reason it can't. */
export function coerce(option: OptionSpec, raw: string): Coerced {
  const fail = (what: string): Coerced => ({ ok: false, message: `${option.name} ${what} (got "${raw}").` });
  if (raw === '') return { ok: false, message: `${option.name} needs a value: ${option.name}:… (${option.description}).` };
  let value: OptionValue;
  switch (option.type) {
    case OptionType.Boolean: {
      const w = raw.toLowerCase();
      if (TRUE_WORDS.includes(w)) return { ok: true, value: true };
      if (FALSE_WORDS.includes(w)) return { ok: true, value: false };
      return fail('must be true or false');
    }
    case OptionType.Integer:
      if (!/^[+-]?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) return fail('must be a whole number');
      value = Number(raw);
      break;
    case OptionType.Number:
      value = Number(raw);
      if (!/\d/.test(raw) || !Number.isFinite(value)) return fail('must be a number');
      break;
    case OptionType.User:
    case OptionType.Channel:
    case OptionType.Role:
    case OptionType.Mentionable: {
      // A channel of the console's pretend server, by name, as Discord's client picks it: #papers.
      const named = option.type === OptionType.Channel ? CHANNEL_NAME_RE.exec(raw)?.[1] : undefined;
      // Accept what Discord's client would paste: <#id>, <@id>, <@!id>, <@&id>, or the bare id.
      const id = named ? pretendChannelId(named) : /^<?(?:[@#]!?&?)?(\d{1,20})>?$/.exec(raw)?.[1];
      if (!id) return fail(option.type === OptionType.Channel ? `must be a channel: a name such as #papers, or an id` : `must be an id (digits), e.g. ${option.name}:123456789012345678`);
      value = id;
      break;
    }
    case OptionType.Attachment:
      return { ok: false, message: `${option.name} is a file upload, which the console cannot send.` };
    default:
      value = raw;
  }
  if (option.choices?.length) {
    const match = option.choices.find((c) => String(c.value).toLowerCase() === raw.toLowerCase() || c.name.toLowerCase() === raw.toLowerCase());
    if (!match) return fail(`must be one of: ${option.choices.map((c) => c.value).join(', ')}`);
    return { ok: true, value: match.value };
  }
  // Discord's client enforces these before sending, so the console does too.
  if (typeof value === 'string' && option.type === OptionType.String) {
    if (option.min_length !== undefined && raw.length < option.min_length) return fail(`must be at least ${option.min_length} characters`);
    if (option.max_length !== undefined && raw.length > option.max_length) return fail(`must be at most ${option.max_length} characters`);
  }
  if (typeof value === 'number') {
    if (option.min_value !== undefined && value < option.min_value) return fail(`must be at least ${option.min_value}`);
    if (option.max_value !== undefined && value > option.max_value) return fail(`must be at most ${option.max_value}`);
  }
  return { ok: true, value };
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The closest known name, if it is close enough to be what the person meant. */
export function didYouMean(typed: string, names: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  const prefixed = names.filter((n) => t.length >= 2 && n.startsWith(t));
  if (prefixed.length === 1) return prefixed[0];
  const budget = t.length <= 3 ? 1 : 2;
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const d = editDistance(t, name);
    if (d <= budget && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}

/** "a, b or c" for one-line messages. */
export function listWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** Short usage for a (sub)command: `/search <query> [topic:…] [has_code:true|false]`. */
export function usage(path: string, options: readonly OptionSpec[]): string {
  const text = textOptionOf(options);
  const parts = options.map((o) => {
    const hint =
      o.type === OptionType.Boolean ? 'true|false' : o.choices?.length && o.choices.length <= 4 ? o.choices.map((c) => c.value).join('|') : '…';
    const shown = o === text ? `<${o.name}>` : `${o.name}:${hint}`;
    return o.required ? shown : `[${shown}]`;
  });
  return [`/${path}`, ...parts].join(' ');
}
