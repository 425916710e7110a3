// /topics: every topic with its paper count and what it covers.
import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/command.js';
import { topicList } from '../src/cards/topic-list.js';
import { asMessage } from './_shared.js';

export const data = new SlashCommandBuilder().setName('topics').setDescription('List every topic with its number of papers').toJSON();

export const topicsCommand: Command = {
  data,
  execute: (ctx) =>
    asMessage(topicList(ctx.corpus.topics.map((topic) => ({ topic, count: ctx.corpus.papersByTopic.get(topic.slug)?.length ?? 0 })))),
};
