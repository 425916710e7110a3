// /help: generated from the registry, so every command (including ones added later) is listed.
// `/help command:search` explains one command: its usage and every option.
import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseOptions, type Command } from '../src/command.js';
import { commandHelpCard, helpCard } from '../src/cards/help-card.js';
import { asMessage } from './_shared.js';

/**
 * The registry passes the list in (read at call time) and the command names for the choices: /help
 * never imports the registry, which would be an import cycle (index.ts lists /help).
 */
export function createHelpCommand(list: () => readonly Command[], names: readonly string[]): Command {
  const data = new SlashCommandBuilder()
    .setName('help')
    .setDescription('What Paperboy can do and how to use each command')
    .addStringOption((o) =>
      o
        .setName('command')
        .setDescription('Explain one command in detail')
        .setRequired(false)
        .addChoices(...names.map((n) => ({ name: `/${n}`, value: n }))),
    )
    .toJSON();
  const schema = z.object({ command: z.enum(names as [string, ...string[]], { error: `must be one of ${names.join(', ')}` }).optional() });
  return {
    data,
    execute(_ctx, req) {
      const { command } = parseOptions(schema, req.options);
      const all = list().map((c) => c.data);
      const one = command && all.find((c) => c.name === command);
      return asMessage(one ? commandHelpCard(one) : helpCard(all));
    },
  };
}
