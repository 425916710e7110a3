// The command registry: every slash command, in the order /help lists them.
import type { Command } from '../src/command.js';
import { aboutCommand } from './about.js';
import { askCommand } from './ask.js';
import { dailyCommand } from './daily.js';
import { createHelpCommand } from './help.js';
import { paperCommand } from './paper.js';
import { randomCommand } from './random.js';
import { searchCommand } from './search.js';
import { similarCommand } from './similar.js';
import { statsCommand } from './stats.js';
import { topicCommand } from './topic.js';
import { topicsCommand } from './topics.js';
import { topCommand } from './top.js';
import { watchCommand } from './watch.js';
import { weeklyCommand } from './weekly.js';

const before = [searchCommand, paperCommand, similarCommand, askCommand, topicsCommand, topicCommand, randomCommand, topCommand, dailyCommand, watchCommand, weeklyCommand, statsCommand];
const after = [aboutCommand];
const helpCommand = createHelpCommand(() => commands, [...before.map((c) => c.data.name), 'help', ...after.map((c) => c.data.name)]);

export const commands: Command[] = [...before, helpCommand, ...after];
