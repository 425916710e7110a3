// The fake Discord serving several shards, driven by raw discord.js Clients (one per shard, as the
// ShardingManager runs them): GET /gateway/bot recommends the count, Identify carries [shard_id, num_shards],
// and guild events and interactions go to shard (guild_id >> 22) % num_shards; DMs go to shard 0.
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';

/** A snowflake whose timestamp part is `n`, so its shard for 2 shards is n % 2 (ids stay 18 digits). */
const guildIdFor = (n: bigint) => String(n << 22n);
const ON_SHARD_0 = guildIdFor(100_000_000_000n);
const ON_SHARD_1 = guildIdFor(100_000_000_001n);
const ALSO_ON_SHARD_1 = guildIdFor(100_000_000_003n);

let fake: FakeDiscord | undefined;
const clients: Client[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.destroy();
  await fake?.close();
  fake = undefined;
});

async function shardClient(f: FakeDiscord, shard: number, count: number): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: f.apiBase }, shards: [shard], shardCount: count });
  clients.push(client);
  const ready = once(client, Events.ClientReady);
  await client.login(f.token);
  await ready;
  return client;
}

function nextInteraction(c: Client): Promise<Interaction> {
  return new Promise((resolve) => c.once(Events.InteractionCreate, resolve));
}

describe('fake Discord with two shards', () => {
  it('recommends the configured shard count and advertises max_concurrency', async () => {
    fake = await startFakeDiscord({ shards: 2, maxConcurrency: 2, log: () => undefined });
    const res = await fetch(`${fake.apiBase}/v10/gateway/bot`, { headers: { authorization: `Bot ${fake.token}` } });
    const body = (await res.json()) as { shards: number; session_start_limit: { max_concurrency: number } };
    expect(body.shards).toBe(2);
    expect(body.session_start_limit.max_concurrency).toBe(2);
    expect(fake.recommendedShards).toBe(2);
  });

  it('gives each shard only the guilds it owns and routes interactions to the owning shard, DMs to shard 0', async () => {
    fake = await startFakeDiscord({
      shards: 2, heartbeatIntervalMs: 1_000, callbackDeadlineMs: 15_000, log: () => undefined,
      guilds: [{ id: ON_SHARD_0 }, { id: ON_SHARD_1 }, { id: ALSO_ON_SHARD_1 }],
    });
    expect([ON_SHARD_0, ON_SHARD_1, ALSO_ON_SHARD_1].map((g) => fake!.shardOf(g))).toEqual([0, 1, 1]);
    const zero = await shardClient(fake, 0, 2);
    expect(fake.gateway.connected).toBe(false); // shard 1 has not identified yet
    const one = await shardClient(fake, 1, 2);
    await fake.waitForGateway();
    expect(fake.identifies.map((i) => i.shard)).toEqual([[0, 2], [1, 2]]);
    expect(fake.gateway.liveShards).toEqual([0, 1]);
    expect([...zero.guilds.cache.keys()]).toEqual([ON_SHARD_0]);
    expect([...one.guilds.cache.keys()].sort()).toEqual([ON_SHARD_1, ALSO_ON_SHARD_1].sort());

    for (const [guildId, owner, other] of [[ON_SHARD_0, zero, one], [ON_SHARD_1, one, zero], [ALSO_ON_SHARD_1, one, zero]] as const) {
      let strayed = false;
      const onOther = () => {
        strayed = true;
      };
      other.on(Events.InteractionCreate, onOther);
      const got = nextInteraction(owner);
      const h = fake.interact.command({ name: 'ping', guildId });
      const i = await got;
      expect(i.guildId).toBe(guildId);
      if (i.isChatInputCommand()) await i.reply({ content: `pong from shard ${String(owner.options.shards)}` });
      expect((await h.callback()).type).toBe(4);
      other.off(Events.InteractionCreate, onOther);
      expect(strayed).toBe(false);
    }

    const dm = nextInteraction(zero);
    fake.interact.command({ name: 'ping', dm: true });
    expect((await dm).guildId).toBeNull();

    // Guild events follow the same rule: GUILD_DELETE of a shard-1 guild reaches shard 1 only.
    const deleted = once(one, Events.GuildDelete);
    fake.dispatch('GUILD_DELETE', { id: ON_SHARD_1 });
    await deleted;
    expect(zero.guilds.cache.has(ON_SHARD_0)).toBe(true);
  });

  it('a shard that reconnects resumes its own session and gets its missed dispatches', async () => {
    fake = await startFakeDiscord({
      shards: 2, heartbeatIntervalMs: 1_000, callbackDeadlineMs: 15_000, log: () => undefined,
      guilds: [{ id: ON_SHARD_0 }, { id: ON_SHARD_1 }],
    });
    await shardClient(fake, 0, 2);
    const one = await shardClient(fake, 1, 2);
    await fake.waitForGateway();
    await fake.dropGateway({ shard: 1 });
    expect(fake.gateway.liveShards).toEqual([0]);
    const got = nextInteraction(one);
    fake.interact.command({ name: 'ping', guildId: ON_SHARD_1 }); // buffered while shard 1 is away
    expect((await got).guildId).toBe(ON_SHARD_1);
    await fake.waitForGateway();
    expect(fake.identifies).toHaveLength(2); // resumed, not re-identified
  });
});
