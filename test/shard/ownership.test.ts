// Which shard owns a guild, what the ShardingManager tells a shard process, and daily picks split
// between shard processes that share one state database.
import { describe, expect, it } from 'vitest';
import { createGuildSettingsRepo } from '../../src/store/guild-settings.js';
import { ownsGuild, shardFromManagerEnv, shardOfGuild, SINGLE_SHARD } from '../../src/shard/ownership.js';
import { CHANNEL, Clock, FakeChannels, GUILD, useHarnesses } from '../daily/helpers.js';

/** A guild on shard 0 of 2 (GUILD, 1111…, is on shard 1), and its channel. */
const SHARD0_GUILD = String(100_000_000_000n << 22n);
const SHARD0_CHANNEL = '999999999999999999';

describe('shardOfGuild', () => {
  it('is (guild_id >> 22) % num_shards, exact for 19-digit snowflakes', () => {
    // Discord's docs example: shard 0 of 1 always; this id's timestamp part is 41771983423143936 >> 22.
    expect(shardOfGuild('41771983423143936', 1)).toBe(0);
    expect(shardOfGuild(String((123_456_789n << 22n) | 0x3fffffn), 10)).toBe(9); // low 22 bits ignored
    expect(shardOfGuild('9223372036854775807', 7)).toBe(Number((9223372036854775807n >> 22n) % 7n)); // beyond 2^53
    expect([SHARD0_GUILD, GUILD].map((g) => shardOfGuild(g, 2))).toEqual([0, 1]);
  });

  it('a single shard owns everything; a shard owns only its guilds', () => {
    expect(ownsGuild(SINGLE_SHARD, GUILD)).toBe(true);
    expect(ownsGuild({ id: 0, count: 2 }, SHARD0_GUILD)).toBe(true);
    expect(ownsGuild({ id: 1, count: 2 }, SHARD0_GUILD)).toBe(false);
    expect(ownsGuild({ id: 0, count: 2 }, 'not-a-snowflake')).toBe(false);
  });
});

describe('shardFromManagerEnv', () => {
  it('reads the shard the ShardingManager forked this process for', () => {
    expect(shardFromManagerEnv({ SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '4' })).toEqual({ id: 1, count: 4 });
  });

  it('is null outside a shard, including in the manager process itself and for an operator SHARD_COUNT', () => {
    expect(shardFromManagerEnv({})).toBeNull();
    expect(shardFromManagerEnv({ SHARD_COUNT: 'auto' })).toBeNull();
    expect(shardFromManagerEnv({ SHARDING_MANAGER: 'true', SHARD_COUNT: '2' })).toBeNull();
  });

  it('refuses an impossible layout with the values it got', () => {
    expect(() => shardFromManagerEnv({ SHARDING_MANAGER: 'true', SHARDS: '2', SHARD_COUNT: '2' })).toThrow(/SHARDS=2 SHARD_COUNT=2: SHARDS must be below SHARD_COUNT/);
    expect(() => shardFromManagerEnv({ SHARDING_MANAGER: 'true', SHARDS: 'x', SHARD_COUNT: '2' })).toThrow(/SHARDS=x/);
  });
});

describe('daily picks across two shard processes on one database', () => {
  const { boot } = useHarnesses();

  it('each shard schedules and catches up only its own guilds, so every guild is posted exactly once', async () => {
    const clock = new Clock(new Date('2025-11-20T10:00:00Z'));
    const discord = new FakeChannels();
    discord.channels.set(SHARD0_CHANNEL, { id: SHARD0_CHANNEL, guildId: SHARD0_GUILD, type: 0 });
    const shard0 = boot({ clock, discord, ownsGuild: (g) => ownsGuild({ id: 0, count: 2 }, g), instanceId: 'shard-0' });
    const shard1 = boot({ clock, discord, ownsGuild: (g) => ownsGuild({ id: 1, count: 2 }, g), instanceId: 'shard-1' });
    // Both servers set up two days ago for 09:00 UTC: today's post is due when the shards start.
    const settings = createGuildSettingsRepo(shard0.db);
    const since = new Date('2025-11-18T00:00:00Z');
    settings.save(SHARD0_GUILD, { channelId: SHARD0_CHANNEL, time: '09:00', timezone: 'UTC', count: 2, topic: null }, 'command', since);
    settings.save(GUILD, { channelId: CHANNEL, time: '09:00', timezone: 'UTC', count: 2, topic: null }, 'command', since);

    await Promise.all([shard0.service.start(), shard1.service.start()]);
    expect([...shard0.scheduler.jobs.keys()]).toEqual([SHARD0_GUILD]);
    expect([...shard1.scheduler.jobs.keys()]).toEqual([GUILD]);
    expect(discord.calls.filter((c) => c.channelId === SHARD0_CHANNEL)).toHaveLength(2);
    expect(discord.calls.filter((c) => c.channelId === CHANNEL)).toHaveLength(2);

    // A cron tick reaching the wrong shard (it has no job there, but say it did) posts nothing; nor does the owner's second tick.
    expect(await shard0.service.runDue(GUILD)).toBeNull();
    expect(await shard1.service.runDue(GUILD)).toBeNull();
    expect(discord.messages).toHaveLength(4);
  });
});
