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
import { CONSOLE_DB_FILE, DatabaseError } from './store/db.js';
import { UserError } from './errors.js';
import { ownsGuild, shardFromManagerEnv, type ShardInfo } from './shard/ownership.js';

export const CONSOLE_NOTICE =
  'No DISCORD_TOKEN set: starting the local console. To run the Discord bot, put DISCORD_TOKEN and DISCORD_CLIENT_ID in .env (see README).';

export { CONSOLE_DB_FILE };

export interface App {
  app: AppContext;
  bot: Bot | null;
  /** Graceful shutdown: stop scheduling, finish in-flight replies, close the client and the database. */
  stop(): Promise<void>;
}

export interface BotAppOptions extends CreateContextOptions {
  /** The command list (default: the registry). Tests may add a command that fails on purpose. */
  commands?: readonly Command[];
  /** Under the ShardingManager: the shard this process serves (its guilds' interactions and daily posts). */
  shard?: ShardInfo;
}

/** Starts the bot (config must have a token). Exported for the end-to-end tests, which run this exact path. */
export async function startBotApp(config: Config, logger: Logger, opts: BotAppOptions = {}): Promise<App> {
  const registry = buildRegistry(opts.commands ?? commands);
  const shard = opts.shard;
  const app = await createContext(
    config,
    logger,
    shard
      ? {
          ...opts,
          daily: { ...opts.daily, ownsGuild: (g) => ownsGuild(shard, g) },
          // DM watches go out from shard 0, which receives the DMs' interactions too.
          watches: { ...opts.watches, ownsGuild: (g) => ownsGuild(shard, g), deliversDms: shard.id === 0 },
        }
      : opts,
  );
  let bot: Bot;
  try {
    bot = await startBot(app.ctx, registry, { token: config.discordToken!, apiBase: config.discordApiBase, ...(shard ? { shard } : {}) });
  } catch (err) {
    app.close();
    throw err;
  }
  // Logged in: now build what could wait (the similarity model), off the start-up path.
  app.warmUpLater();
  await app.startDaily(bot.client.rest);
  await app.startWatches(bot.client.rest);
  let follow: ReturnType<typeof setInterval> | undefined;
  if (!shard || shard.id === 0) app.startSync();
  else {
    // One process syncs the feed (shard 0); the other shards follow the store's revision, which they
    // check once a minute, so every shard serves the new papers soon after the sync wrote them.
    follow = setInterval(() => {
      try {
        app.sync.reload();
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'could not load the new corpus revision; still serving the current one');
      }
    }, 60_000);
    follow.unref();
  }
  let stopped: Promise<void> | null = null;
  return {
    app,
    bot,
    stop() {
      // Order matters: first refuse new interactions and finish the ones in flight (a /daily now among
      // them), then stop scheduling and let a post in flight finish, then disconnect and close the database.
      stopped ??= (async () => {
        clearInterval(follow);
        await bot.router.drain(10_000);
        await app.sync.stop();
        await app.semantic.stop();
        await app.stopDaily();
        await app.stopWatches();
        await bot.stop();
        await app.settleWrites(10_000);
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

/**
 * The console owns the terminal: only warnings and errors are logged (to stderr) unless LOG_LEVEL is set
 * (a blank LOG_LEVEL, as in a copied .env.example, is unset). The bot logs at LOG_LEVEL, default info.
 */
export function logLevelFor(mode: 'console' | 'bot', config: Config, env: NodeJS.ProcessEnv = process.env): Config['logLevel'] {
  return mode === 'console' && !env.LOG_LEVEL?.trim() ? 'warn' : config.logLevel;
}

/** Start-up problems (bad config, unreadable corpus or database, rejected token) end in one clear line. */
function failStartup(err: unknown, logger?: Logger): never {
  const known = err instanceof ConfigError || err instanceof LoginError || err instanceof DatabaseError || err instanceof UserError || err instanceof StartupError;
  const message = err instanceof Error ? err.message : String(err);
  console.error(err instanceof ConfigError ? message : `paperboy: ${known ? message : `failed to start: ${message.split('\n')[0]}`}`);
  // The line above is what the operator reads; the stack of an unexpected error is there with LOG_LEVEL=debug.
  if (!known) logger?.debug({ err }, 'start-up failure details');
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
    const logger = createLogger(logLevelFor('console', config));
    await runConsoleApp(config, logger).catch((err: unknown) => failStartup(err, logger));
    return;
  }
  let shard: ShardInfo | null;
  try {
    shard = shardFromManagerEnv(process.env);
  } catch (err) {
    failStartup(new StartupError((err as Error).message));
  }
  // Shards share one stream (the manager's stdout/stderr): say which shard and process each line is from.
  const logger = shard ? createLogger(logLevelFor('bot', config)).child({ shard: shard.id, pid: process.pid }) : createLogger(logLevelFor('bot', config));
  if (!shard && process.env.SHARD_COUNT !== undefined) {
    // discord.js reads SHARD_COUNT too; in this single process it would mean the wrong layout.
    if (process.env.SHARD_COUNT.trim() !== '') logger.warn('SHARD_COUNT only applies to `npm run start:sharded`; `npm start` runs a single shard');
    delete process.env.SHARD_COUNT;
  }
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
  // A shard whose manager is gone must not live on: a new manager would start a second copy of it.
  if (shard && process.connected) process.once('disconnect', () => shutdown('manager disconnected'));
  running.app = await startBotApp(config, logger, shard ? { shard } : {}).catch((err: unknown) => failStartup(err, logger));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
