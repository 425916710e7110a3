// The console's own `help`: every command with its usage, a few examples, and how to drive the
// console. (`/help` is different: it runs the bot's help command and renders its reply.)
import { ApplicationCommandOptionType as OptionType } from 'discord-api-types/v10';
import { type CommandDefinition, isSubcommandLike, topLevelOptions, usage } from './grammar.js';
import { bold, dim } from './styled.js';

export const BANNER = 'paperboy console: type help for commands and examples. Tab completes, a number presses a button, quit exits.';

const EXAMPLES = [
  '/search gradient clipping has_code:true',
  '/paper spam',
  '/topic optimizers',
  '/ask why do LLMs hallucinate?',
  '/random has_code:true',
  '/paper spam public:true',
  '/top period:all',
  '/daily preview',
];

function usageLines(def: CommandDefinition): { usage: string; description: string }[] {
  const options = topLevelOptions(def);
  if (!options.some(isSubcommandLike)) return [{ usage: usage(def.name, options), description: def.description }];
  return options.flatMap((o) =>
    o.type === OptionType.Subcommand || !o.options?.some(isSubcommandLike)
      ? [{ usage: usage(`${def.name} ${o.name}`, o.options ?? []), description: o.description }]
      : (o.options ?? []).map((s) => ({ usage: usage(`${def.name} ${o.name} ${s.name}`, s.options ?? []), description: s.description })),
  );
}

export function consoleHelp(definitions: readonly CommandDefinition[], color: boolean): string {
  const commands = definitions.flatMap(usageLines);
  const names = new Set(definitions.map((d) => d.name));
  const examples = EXAMPLES.filter((e) => names.has(e.slice(1).split(' ')[0]!));
  return [
    bold('Commands', color),
    ...commands.map((c) => `  ${c.usage}\n      ${dim(c.description, color)}`),
    '',
    ...(examples.length ? [bold('Examples', color), ...examples.map((e) => `  ${e}`), ''] : []),
    bold('How it works', color),
    '  Words without a name: fill the main text option (<…> above); other options are name:value,',
    '  with "quotes" around values that contain spaces. Type the number in [n] to press a button',
    '  or open a menu entry. Tab completes commands, options and values. quit (or Ctrl-D) exits.',
    '  You are the owner of a pretend server: ▲ on a public card votes there (kept in console.sqlite).',
  ].join('\n');
}
