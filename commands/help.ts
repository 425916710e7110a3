// /help: generated from the registry, so every command (including ones added later) is listed.
import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/command.js';
import { helpCard } from '../src/cards/help-card.js';
import { asMessage } from './_shared.js';

export const data = new SlashCommandBuilder().setName('help').setDescription('What Paperboy can do and how to use each command').toJSON();

export const helpCommand: Command = {
  data,
  async execute() {
    // Imported lazily: the registry imports this module, so a static import would be a cycle that
    // leaves `commands` uninitialised depending on which module loads first.
    const { commands } = await import('./index.js');
    return asMessage(helpCard(commands.map((c) => c.data)));
  },
};
