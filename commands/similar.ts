// /similar: the papers most like a given one, as one list with the open menu.
import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseOptions, type Command } from '../src/command.js';
import type { Context } from '../src/context.js';
import { truncate } from '../src/cards/limits.js';
import { paperUrl } from '../src/cards/links.js';
import { mdLink, safeInline } from '../src/cards/markdown.js';
import { resultList } from '../src/cards/result-list.js';
import { PUBLIC_DESCRIPTION, asMessage, flagSchema, paperChoices, paperSchema, paperOption } from './_shared.js';

/** Ten fit one readable list and one menu; beyond that similarity gets thin on a small corpus. */
export const SIMILAR_LIMIT = 10;

export const data = new SlashCommandBuilder()
  .setName('similar')
  .setDescription('Find the papers most similar to a given one')
  .addStringOption(paperOption)
  .addBooleanOption((o) => o.setName('public').setDescription(PUBLIC_DESCRIPTION))
  .toJSON();

const schema = (ctx: Context) => z.object({ paper: paperSchema(ctx), public: flagSchema });

export const similarCommand: Command = {
  data,
  execute(ctx: Context, req) {
    const o = parseOptions(schema(ctx), req.options);
    const papers = ctx.search.similar(o.paper.id, SIMILAR_LIMIT).map((h) => h.paper);
    const title = truncate(safeInline(o.paper.title), 150);
    return asMessage(
      resultList({
        title: 'Similar papers',
        intro: `Papers most like ${mdLink(title, paperUrl(o.paper))}:`,
        papers,
        pageSize: SIMILAR_LIMIT,
        empty: 'Nothing in the corpus is close enough to this paper. Try /topic with one of its topics.',
        topics: ctx.corpus,
        ephemeral: !o.public,
      }),
    );
  },
  autocomplete: (ctx, req) => (req.focused.name === 'paper' ? paperChoices(ctx, req.focused.value) : []),
};
