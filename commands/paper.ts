// /paper: one paper's full card, by id or title words (autocomplete suggests both). Private by
// default like every lookup; the card's Share button (handled here) posts it for the channel.
import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseOptions, type Command, type CommandRequest, type ComponentHandler } from '../src/command.js';
import type { Context } from '../src/context.js';
import { UserError } from '../src/errors.js';
import { citeCard } from '../src/cards/cite-card.js';
import { paperCard } from '../src/cards/paper-card.js';
import { PUBLIC_DESCRIPTION, asMessage, flagSchema, paperChoices, paperSchema, privateCard, paperOption, publicVotes } from './_shared.js';

export const data = new SlashCommandBuilder()
  .setName('paper')
  .setDescription('Show one paper: abstract, authors, topics and links to the paper and its code')
  .addStringOption(paperOption)
  .addBooleanOption((o) => o.setName('public').setDescription(PUBLIC_DESCRIPTION))
  .toJSON();

const schema = (ctx: Context) => z.object({ paper: paperSchema(ctx), public: flagSchema });

export function execute(ctx: Context, req: CommandRequest) {
  const o = parseOptions(schema(ctx), req.options);
  // A public card has no Share button (it is already shared) but, in a server, the ▲ vote button; a private one has Share.
  return asMessage(paperCard(o.paper, ctx.corpus, o.public ? { votes: publicVotes(ctx, req.guildId, o.paper) } : { ephemeral: true }));
}

function paperOf(ctx: Context, paperId: string) {
  const paper = ctx.corpus.byId.get(paperId);
  if (!paper) throw new UserError('That paper is no longer in the corpus. Try /search for it.');
  return paper;
}

/** Citation and similar buttons: open the paper privately. */
const onPaper: ComponentHandler = (ctx, req) => {
  if (req.action.action !== 'paper') throw new UserError('That button does not open a paper.');
  return privateCard(ctx, paperOf(ctx, req.action.paperId));
};

/** Share: a new public message with the card, naming who shared it (the mention never pings), with ▲ in a server. */
const onShare: ComponentHandler = (ctx, req) => {
  if (req.action.action !== 'share') throw new UserError('That button does not share a paper.');
  const paper = paperOf(ctx, req.action.paperId);
  return asMessage(paperCard(paper, ctx.corpus, { sharedBy: req.user, votes: publicVotes(ctx, req.guildId, paper) }));
};

/** Cite: the paper's BibTeX, privately, in a code block to copy. */
const onCite: ComponentHandler = (ctx, req) => {
  if (req.action.action !== 'cite') throw new UserError('That button does not cite a paper.');
  return asMessage(citeCard(paperOf(ctx, req.action.paperId)));
};

export const paperCommand: Command = {
  data,
  execute,
  autocomplete: (ctx, req) => (req.focused.name === 'paper' ? paperChoices(ctx, req.focused.value) : []),
  components: { paper: onPaper, share: onShare, cite: onCite },
};
