// /random: a paper to discover. Private, like every lookup: "Another one" rerolls in place without
// flooding the channel, and Share posts the one worth showing. The RNG is injected so tests are exact.
import { SlashCommandBuilder } from 'discord.js';
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { z } from 'zod';
import { parseOptions, type Command } from '../src/command.js';
import type { Context } from '../src/context.js';
import { encodeCustomId } from '../src/custom-id.js';
import { UserError } from '../src/errors.js';
import { pickRandom, type RandomFilter } from '../src/lookup.js';
import type { ReplyPayload } from '../src/reply.js';
import { paperCard } from '../src/cards/paper-card.js';
import { asMessage, asUpdate, flagSchema, topicChoices, topicSchema } from './_shared.js';

/** Returns a number in [0, 1), like Math.random. */
export type Rng = () => number;

export const data = new SlashCommandBuilder()
  .setName('random')
  .setDescription('A random paper, optionally from one topic or only papers with code')
  .addStringOption((o) => o.setName('topic').setDescription('Only papers in this topic').setAutocomplete(true).setMaxLength(100))
  .addBooleanOption((o) => o.setName('has_code').setDescription('Only papers with a code link'))
  .toJSON();

const schema = (ctx: Context) => z.object({ topic: topicSchema(ctx.corpus).optional(), has_code: flagSchema });

function randomCard(ctx: Context, filter: RandomFilter, rng: Rng): ReplyPayload {
  let paper;
  try {
    paper = pickRandom(ctx.corpus, filter, rng);
  } catch (e) {
    if (e instanceof UserError) throw new UserError('No paper matches those filters. Try without has_code, or another topic.');
    throw e;
  }
  const another = encodeCustomId({ action: 'random', ...(filter.topic ? { topic: filter.topic } : {}), hasCode: filter.hasCode ?? false });
  return paperCard(paper, ctx.corpus, {
    ephemeral: true,
    actions: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Another one', emoji: { name: '🎲' }, custom_id: another }],
  });
}

export function createRandomCommand(rng: Rng): Command {
  return {
    data,
    execute(ctx, req) {
      const o = parseOptions(schema(ctx), req.options);
      return asMessage(randomCard(ctx, { ...(o.topic ? { topic: o.topic } : {}), hasCode: o.has_code ?? false }, rng));
    },
    autocomplete: (ctx, req) => (req.focused.name === 'topic' ? topicChoices(ctx.corpus, req.focused.value) : []),
    components: {
      random(ctx, req) {
        if (req.action.action !== 'random') throw new UserError('That button does not pick a paper.');
        const { topic, hasCode } = req.action;
        if (topic && !ctx.corpus.topicBySlug.has(topic)) throw new UserError('That topic no longer exists. Run /random again.');
        return asUpdate(randomCard(ctx, { ...(topic ? { topic } : {}), hasCode }, rng));
      },
    },
  };
}

export const randomCommand = createRandomCommand(Math.random);
