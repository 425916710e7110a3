// `npm run start:sharded`: discord.js's ShardingManager forks one bot process per shard (the same
// src/main.ts that `npm start` runs; discord.js tells each child its shard through SHARDS/SHARD_COUNT).
// Every shard opens the same SQLite state database (WAL, busy timeout), serves the interactions of its
// own guilds and runs only its own guilds' daily posts. The corpus sync runs once, in shard 0; the
// other shards follow the store's revision (src/main.ts).
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// discord.js is loaded only once the configuration is valid: a config mistake is reported at once.
import type { Shard, ShardingManager } from 'discord.js';
import { Routes } from 'discord-api-types/v10';
import { z } from 'zod';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { loadEnvFile } from '../env-file.js';
import { createLogger, type Logger } from '../logger.js';

/** Discord allows one Identify per rate-limit bucket every 5 s; discord.js's own default gap. */
export const IDENTIFY_GAP_MS = 5_500;
/** A shard loads the corpus and search index before it connects; at 10k papers that takes seconds. */
const READY_TIMEOUT_MS = 120_000;
/** How long shards get to drain in-flight replies and daily posts on shutdown before they are killed. */
const STOP_TIMEOUT_MS = 30_000;

export class ShardStartError extends Error {
  override readonly name = 'ShardStartError';
}

const GatewayBot = z.object({
  shards: z.number().int().min(1),
  session_start_limit: z.object({ max_concurrency: z.number().int().min(1) }),
});

export interface ShardPlan {
  count: number;
  /** Pause between spawning two shards. */
  spawnDelayMs: number;
}

/**
 * How many shards and how fast to start them. `auto` asks the configured API (DISCORD_API_BASE, so a
 * REST proxy or the test fake answers too; discord.js's own 'auto' always asks discord.com).
 */
export async function planShards(config: Config, token: string): Promise<ShardPlan> {
  let info: z.infer<typeof GatewayBot>;
  const api = config.discordApiBase ?? 'https://discord.com/api';
  try {
    const { REST } = await import('discord.js');
    const rest = new REST({ ...(config.discordApiBase ? { api: config.discordApiBase } : {}), timeout: 15_000, retries: 1 }).setToken(token);
    info = GatewayBot.parse(await rest.get(Routes.gatewayBot()));
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 401) throw new ShardStartError('Discord rejected DISCORD_TOKEN (401). Reset the token in the Developer Portal > Bot and update .env.');
    throw new ShardStartError(`could not read the shard count from ${api}/v10/gateway/bot: ${(err as Error).message.split('\n')[0]}`);
  }
  const count = config.shardCount === 'auto' ? info.shards : config.shardCount;
  // Shards in different buckets (id % max_concurrency) may identify together; otherwise keep the gap.
  return { count, spawnDelayMs: count <= info.session_start_limit.max_concurrency ? 0 : IDENTIFY_GAP_MS };
}

/**
 * The bot entry each shard runs, and the Node flags to run it: the compiled dist/src/main.js beside a
 * compiled manager, else src/main.ts through tsx (bin/launch.js registers tsx in-process, which a
 * forked child does not inherit, so it is passed as a flag unless this process already has it).
 */
export function shardEntry(): { file: string; execArgv: string[] } {
  const ext = extname(fileURLToPath(import.meta.url));
  const file = fileURLToPath(new URL(`../main${ext}`, import.meta.url));
  const hasTsx = process.execArgv.some((a) => /tsx/.test(a));
  return { file, execArgv: ext === '.ts' && !hasTsx ? [...process.execArgv, '--import', 'tsx'] : process.execArgv };
}

export interface RunningShards {
  manager: ShardingManager;
  /** Stops respawning, asks every shard to shut down gracefully (SIGTERM), kills stragglers. */
  stop(): Promise<void>;
}

function exitOf(shard: Shard): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startShards(config: Config, token: string, logger: Logger): Promise<RunningShards> {
  const plan = await planShards(config, token);
  const entry = shardEntry();
  const { ShardingManager } = await import('discord.js');
  const manager = new ShardingManager(entry.file, {
    totalShards: plan.count,
    shardList: [...Array(plan.count).keys()],
    token,
    mode: 'process',
    execArgv: entry.execArgv,
    // Off while starting: a shard that cannot start (bad corpus, database) would otherwise loop.
    respawn: false,
  });
  manager.on('shardCreate', (shard) => {
    logger.info({ shard: shard.id, of: plan.count }, 'shard starting');
    shard.on('death', (child) => {
      const code = 'exitCode' in child ? child.exitCode : null;
      logger[manager.respawn ? 'warn' : 'info']({ shard: shard.id, code, respawn: manager.respawn }, 'shard process exited');
    });
    shard.on('error', (err) => logger.error({ shard: shard.id, err }, 'shard error'));
  });

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      manager.respawn = false;
      const shards = [...manager.shards.values()];
      for (const shard of shards) shard.process?.kill('SIGTERM');
      const all = Promise.all(shards.map(exitOf));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS);
      });
      if ((await Promise.race([all, late])) === 'late') {
        logger.warn('shards did not stop in time; killing them');
        for (const shard of shards) shard.process?.kill('SIGKILL');
        await all;
      }
      clearTimeout(timer);
    })();
    return stopping;
  };

  try {
    if (plan.spawnDelayMs === 0) {
      // Every shard may identify at once: start them together instead of discord.js's one-after-another.
      await Promise.all([...Array(plan.count).keys()].map((id) => manager.createShard(id).spawn(READY_TIMEOUT_MS)));
    } else {
      await manager.spawn({ amount: plan.count, delay: plan.spawnDelayMs, timeout: READY_TIMEOUT_MS });
    }
  } catch (err) {
    await stop();
    throw new ShardStartError(`a shard failed to start (${(err as Error).message}); its own error is printed above`);
  }
  manager.respawn = true;
  logger.info({ shards: plan.count }, 'all shards ready');
  return { manager, stop };
}

export async function main(): Promise<void> {
  loadEnvFile();
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : String(err));
    process.exit(1);
  }
  if (!config.discordToken) {
    console.error('paperboy: `npm run start:sharded` needs DISCORD_TOKEN (and DISCORD_CLIENT_ID); without a token use `npm start` for the local console.');
    process.exit(1);
  }
  const logger = createLogger(config.logLevel).child({ component: 'shard-manager' });
  const running: { shards?: RunningShards } = {};
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down all shards');
    if (!running.shards) process.exit(0);
    void running.shards.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  try {
    running.shards = await startShards(config, config.discordToken, logger);
  } catch (err) {
    console.error(`paperboy: ${err instanceof ShardStartError ? err.message : `failed to start: ${(err as Error).message.split('\n')[0]}`}`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
