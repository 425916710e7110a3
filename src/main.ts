// `npm start`: with DISCORD_TOKEN, the gateway bot; without it, the local console. Same handlers either way.
import { pathToFileURL } from 'node:url';
import { commands } from '../commands/index.js';
import { createContext, type AppContext } from './bootstrap.js';
import { loadEnvFile } from './env-file.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { buildRegistry } from './dispatch.js';
import { startBot, LoginError, type Bot } from './discord/client.js';
import { createLogger, type Logger } from './logger.js';
import { runConsole } from './console/repl.js';

export const CONSOLE_NOTICE =
  'No DISCORD_TOKEN set: starting the local console. To run the Discord bot, put DISCORD_TOKEN and DISCORD_CLIENT_ID in .env (see README).';

export interface App {
  app: AppContext;
  bot: Bot | null;
  /** Graceful shutdown: stop scheduling, finish in-flight replies, close the client and the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logger?: Logger;
  now?: () => Date;
}

/** Starts the bot (config must have a token). Exported for the end-to-end tests, which run this exact path. */
export async function startBotApp(config: Config, logger: Logger, now: () => Date = () => new Date()): Promise<App> {
  const registry = buildRegistry(commands);
  const app = await createContext(config, logger, { now });
  let bot: Bot;
  try {
    bot = await startBot(app.ctx, registry, { token: config.discordToken!, apiBase: config.discordApiBase });
  } catch (err) {
    app.close();
    throw err;
  }
  await app.startDaily(bot.client.rest);
  let stopped: Promise<void> | null = null;
  return {
    app,
    bot,
    stop() {
      stopped ??= (async () => {
        app.stopDaily();
        await bot.stop();
        app.close();
      })();
      return stopped;
    },
  };
}

async function runConsoleApp(config: Config, logger: Logger): Promise<void> {
  const registry = buildRegistry(commands);
  const app = await createContext(config, logger, {});
  try {
    await runConsole(app.ctx, registry, { input: process.stdin, output: process.stdout, isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY) });
  } finally {
    app.close();
  }
}

export async function main(): Promise<void> {
  loadEnvFile();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  if (!config.discordToken) {
    console.log(CONSOLE_NOTICE);
    // The console owns the terminal: only warnings and errors are logged (to stderr) unless LOG_LEVEL says more.
    const level = process.env.LOG_LEVEL ? config.logLevel : 'warn';
    await runConsoleApp(config, createLogger(level));
    return;
  }
  const logger = createLogger(config.logLevel);
  let app: App;
  try {
    app = await startBotApp(config, logger);
  } catch (err) {
    if (err instanceof LoginError) {
      console.error(err.message);
      process.exit(1);
    }
    logger.fatal({ err }, 'failed to start');
    console.error(`paperboy: failed to start: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    void app.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
