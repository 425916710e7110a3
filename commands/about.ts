// /about: what this bot is running on: corpus size, topics, sources, version and uptime.
import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/command.js';
import { aboutCard } from '../src/cards/help-card.js';
import { asMessage } from './_shared.js';
import type { Paper } from '../src/corpus/schema.js';

/** The newest listing day (else paper date) in the corpus: how fresh the corpus is. */
function newestPaperDate(papers: readonly Paper[]): string | undefined {
  let newest: string | undefined;
  for (const p of papers) {
    const day = p.listedAt ?? p.publishedAt;
    if (day !== undefined && (newest === undefined || day > newest)) newest = day;
  }
  return newest;
}

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
        newestPaper: newestPaperDate(ctx.corpus.papers),
        ...(ctx.live ? { lastSync: ctx.live.status().lastSuccessAt } : {}),
      }),
    ),
};
