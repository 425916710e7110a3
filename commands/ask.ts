// /ask: an extractive answer quoted from abstracts, with citations. Deferred: on a large corpus the
// sentence ranking can approach Discord's 3 s window, and a deferral costs nothing when it is fast.
import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { parseOptions, type Command, type CommandRequest } from '../src/command.js';
import type { Context } from '../src/context.js';
import { answerCard } from '../src/cards/answer-card.js';
import { PUBLIC_DESCRIPTION, asMessage, flagSchema } from './_shared.js';

export const QUESTION_MAX = 300;
/** Enough quotes to answer, few enough to read; also keeps the citation buttons in one row. */
export const ANSWER_SENTENCES = 4;

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a question; the answer is quoted from paper abstracts, with sources')
  .addStringOption((o) => o.setName('question').setDescription('e.g. "How do people stabilise RL training?"').setRequired(true).setMaxLength(QUESTION_MAX))
  .addBooleanOption((o) => o.setName('public').setDescription(PUBLIC_DESCRIPTION))
  .toJSON();

const schema = z.object({
  question: z.string({ error: 'ask a question' }).trim().min(3, 'ask a question of a few words').max(QUESTION_MAX, `keep it to ${QUESTION_MAX} characters`),
  public: flagSchema,
});

export const askCommand: Command = {
  data,
  // The deferral's visibility must match the reply's, and the reply is private unless public:true.
  defer: (req: CommandRequest) => ({ ephemeral: req.options.public !== true }),
  execute(ctx: Context, req) {
    const o = parseOptions(schema, req.options);
    return asMessage(answerCard(ctx.search.answer(o.question, ANSWER_SENTENCES), { ephemeral: !o.public }));
  },
};
