import { measureBotStart, formatStart } from './bot-start.js';
console.log(formatStart(process.argv[2]!, await measureBotStart(process.argv[2]!, Number(process.argv[3] ?? 3))).join('\n'));
