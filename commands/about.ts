// /about: what this bot is running on: corpus size, topics, sources, version and uptime.
import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/command.js';
import { aboutCard } from '../src/cards/help-card.js';
import { asMessage } from './_shared.js';

export const data = new SlashCommandBuilder().setName('about').setDescription('About Paperboy: corpus size, sources, version and uptime').toJSON();

export const aboutCommand: Command = {
  data,
  execute: (ctx) =>
    asMessage(
      aboutCard({
        papers: ctx.corpus.papers.length,
        withCode: ctx.corpus.papers.filter((p) => p.codeLinks.length > 0).length,
        topics: ctx.corpus.topics.length,
        sources: ctx.corpus.sources,
        corpusHash: ctx.corpus.hash,
        version: ctx.version,
        uptimeMs: ctx.now().getTime() - ctx.startedAt.getTime(),
      }),
    ),
};
