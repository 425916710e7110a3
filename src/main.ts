// `npm start`: with DISCORD_TOKEN, the gateway bot; without it, the local console. Same handlers either way.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { commands } from '../commands/index.js';
import { createContext, StartupError, type AppContext, type CreateContextOptions } from './bootstrap.js';
import type { Command } from './command.js';
import { loadEnvFile } from './env-file.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { buildRegistry } from './dispatch.js';
import { startBot, LoginError, type Bot } from './discord/client.js';
import { createLogger, type Logger } from './logger.js';
import { runConsole } from './console/repl.js';
import { DatabaseError } from './store/db.js';
import { UserError } from './errors.js';

export const CONSOLE_NOTICE =
  'No DISCORD_TOKEN set: starting the local console. To run the Discord bot, put DISCORD_TOKEN and DISCORD_CLIENT_ID in .env (see README).';

export const CONSOLE_DB_FILE = 'console.sqlite';

export interface App {
  app: AppContext;
  bot: Bot | null;
  /** Graceful shutdown: stop scheduling, finish in-flight replies, close the client and the database. */
  stop(): Promise<void>;
}

export interface BotAppOptions extends CreateContextOptions {
  /** The command list (default: the registry). Tests may add a command that fails on purpose. */
  commands?: readonly Command[];
}

/** Starts the bot (config must have a token). Exported for the end-to-end tests, which run this exact path. */
export async function startBotApp(config: Config, logger: Logger, opts: BotAppOptions = {}): Promise<App> {
  const registry = buildRegistry(opts.commands ?? commands);
  const app = await createContext(config, logger, opts);
  let bot: Bot;
  try {
    bot = await startBot(app.ctx, registry, { token: config.discordToken!, apiBase: config.discordApiBase });
  } catch (err) {
    app.close();
    throw err;
  }
  // Logged in: now build what could wait (the similarity model), off the start-up path.
  app.warmUpLater();
  await app.startDaily(bot.client.rest);
  let stopped: Promise<void> | null = null;
  return {
    app,
    bot,
    stop() {
      // Order matters: first refuse new interactions and finish the ones in flight (a /daily now among
      // them), then stop scheduling and let a post in flight finish, then disconnect and close the database.
      stopped ??= (async () => {
        await bot.router.drain(10_000);
        await app.stopDaily();
        await bot.stop();
        app.close();
      })();
      return stopped;
    },
  };
}

async function runConsoleApp(config: Config, logger: Logger): Promise<void> {
  const registry = buildRegistry(commands);
  // The console acts as a pretend server ("console"); its /daily settings live in their own file so the
  // bot's scheduler never sees them.
  const app = await createContext(config, logger, { databaseFile: join(config.dataDir, CONSOLE_DB_FILE) });
  try {
    await runConsole(app.ctx, registry, { input: process.stdin, output: process.stdout, isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY) });
  } finally {
    app.close();
  }
}

/** Start-up problems (bad config, unreadable corpus or database, rejected token) end in one clear line. */
function failStartup(err: unknown, logger?: Logger): never {
  const known = err instanceof ConfigError || err instanceof LoginError || err instanceof DatabaseError || err instanceof UserError || err instanceof StartupError;
  if (!known) logger?.fatal({ err }, 'failed to start');
  const message = err instanceof Error ? err.message : String(err);
  console.error(err instanceof ConfigError ? message : `paperboy: ${known ? message : `failed to start: ${message.split('\n')[0]}`}`);
  process.exit(1);
}

export async function main(): Promise<void> {
  loadEnvFile();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    failStartup(err);
  }
  if (!config.discordToken) {
    console.log(CONSOLE_NOTICE);
    // The console owns the terminal: only warnings and errors are logged (to stderr) unless LOG_LEVEL says more.
    const logger = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
    await runConsoleApp(config, logger).catch((err: unknown) => failStartup(err, logger));
    return;
  }
  const logger = createLogger(config.logLevel);
  const running: { app?: App } = {};
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const app = running.app;
    if (!app) {
      // Start-up (login, catch-up posts with their backoff) can take a while; waiting would make the
      // signal look ignored. Stopping here is safe: an interrupted daily post resumes, with the same
      // nonces, at the next start.
      logger.warn('stopped during start-up');
      process.exit(0);
    }
    void app.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  running.app = await startBotApp(config, logger).catch((err: unknown) => failStartup(err, logger));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
