// Hand-made command definitions shaped like the real ones (Discord's command JSON), so the console's
// grammar is specified independently of the commands' exact options.
import { ApplicationCommandOptionType as T } from 'discord-api-types/v10';
import type { CommandDefinition } from '../../src/console/grammar.js';

const topic = { name: 'topic', description: 'Only papers in this topic', type: T.String, autocomplete: true } as const;
const hasCode = { name: 'has_code', description: 'Only papers with code', type: T.Boolean } as const;

export const definitions: CommandDefinition[] = [
  {
    name: 'search',
    description: 'Search the papers',
    options: [
      { name: 'query', description: 'What to look for', type: T.String, required: true },
      topic,
      hasCode,
      { name: 'year_from', description: 'Published in or after', type: T.Integer, min_value: 2000, max_value: 2100 },
      { name: 'sort', description: 'Order', type: T.String, choices: [{ name: 'Relevance', value: 'relevance' }, { name: 'Newest first', value: 'date' }] },
    ],
  },
  { name: 'paper', description: 'Show one paper', options: [{ name: 'id', description: 'Paper id or title words', type: T.String, required: true, autocomplete: true }] },
  { name: 'random', description: 'A random paper', options: [topic, hasCode] },
  { name: 'topics', description: 'List the topics' },
  { name: 'topic', description: "One topic's papers", options: [{ name: 'name', description: 'Topic', type: T.String, required: true, autocomplete: true }] },
  {
    name: 'similar',
    description: 'Papers like this one',
    options: [
      { name: 'paper', description: 'Paper id or title words', type: T.String, required: true, autocomplete: true },
      { name: 'count', description: 'How many', type: T.Integer, min_value: 1, max_value: 10 },
    ],
  },
  { name: 'ask', description: 'Ask a question', options: [{ name: 'question', description: 'Your question', type: T.String, required: true }] },
  { name: 'help', description: 'How to use the bot' },
  {
    name: 'daily',
    description: 'Daily picks',
    options: [
      {
        name: 'set',
        description: 'Turn on daily picks',
        type: T.Subcommand,
        options: [
          { name: 'channel', description: 'Where to post', type: T.Channel, required: true },
          { name: 'time', description: 'HH:MM', type: T.String },
          { name: 'count', description: 'Papers per day', type: T.Integer, min_value: 1, max_value: 10 },
        ],
      },
      { name: 'off', description: 'Stop daily picks', type: T.Subcommand },
      { name: 'status', description: 'Show the settings', type: T.Subcommand },
      { name: 'preview', description: "Preview today's picks", type: T.Subcommand },
      { name: 'now', description: 'Post now', type: T.Subcommand },
    ],
  },
];
