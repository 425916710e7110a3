// Which shard serves which guild. Discord sends a guild's events (and its interactions) to shard
// (guild_id >> 22) % num_shards, so the same rule decides which shard process runs the guild's
// scheduled work (daily picks): one owner per guild, without any coordination between processes.
import { z } from 'zod';

export interface ShardInfo {
  /** 0-based shard id. */
  id: number;
  /** Total shards across every process (num_shards in Identify). */
  count: number;
}

/** One process serving every guild: `npm start`. */
export const SINGLE_SHARD: ShardInfo = { id: 0, count: 1 };

/** Discord's routing rule; guild ids are snowflakes, too large for a double, hence BigInt. */
export function shardOfGuild(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

export function ownsGuild(shard: ShardInfo, guildId: string): boolean {
  return shard.count === 1 || (/^\d+$/.test(guildId) && shardOfGuild(guildId, shard.count) === shard.id);
}

/**
 * What discord.js's ShardingManager tells each child it forks: SHARDING_MANAGER=true, SHARDS=<id>,
 * SHARD_COUNT=<total>. The manager process itself also has SHARDING_MANAGER set but no SHARDS.
 */
const ManagerEnv = z
  .object({
    SHARDING_MANAGER: z.literal('true'),
    SHARDS: z.coerce.number().int().min(0),
    SHARD_COUNT: z.coerce.number().int().min(1),
  })
  .refine((e) => e.SHARDS < e.SHARD_COUNT, 'SHARDS must be below SHARD_COUNT');

/** The shard this process was spawned to run, or null when no ShardingManager spawned it. Throws on a malformed manager env. */
export function shardFromManagerEnv(env: NodeJS.ProcessEnv): ShardInfo | null {
  if (env.SHARDING_MANAGER !== 'true' || env.SHARDS === undefined) return null;
  const parsed = ManagerEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(`this shard process was started with SHARDS=${env.SHARDS} SHARD_COUNT=${env.SHARD_COUNT ?? '(unset)'}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  return { id: parsed.data.SHARDS, count: parsed.data.SHARD_COUNT };
}
