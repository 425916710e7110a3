// What discord.js keeps in memory stays bounded however many people use the bot: every interaction
// brings its user, member and message, which discord.js would otherwise cache for good.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_CACHE_LIMIT } from '../../src/discord/client.js';
import { startHarness, type Harness } from './bot-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

describe('discord.js caches', () => {
  it(`keep at most ${USER_CACHE_LIMIT} users and members after ${USER_CACHE_LIMIT + 50} different people ran a command`, async () => {
    const people = USER_CACHE_LIMIT + 50;
    const handles = Array.from({ length: people }, (_, n) =>
      h.fake.interact.command({ name: 'help', user: { id: String(7_000_000_000_000_000n + BigInt(n)), username: `reader${n}` } }));
    for (const i of handles) expect((await i.callback(20_000)).type).toBe(4);
    const client = h.app.bot!.client;
    const guild = client.guilds.cache.get(h.fake.guildId)!;
    expect(client.users.cache.size).toBeLessThanOrEqual(USER_CACHE_LIMIT);
    expect(guild.members.cache.size).toBeLessThanOrEqual(USER_CACHE_LIMIT);
    expect(client.users.cache.has(handles.at(-1)!.payload.member!.user.id)).toBe(true); // the latest are kept
  });

  it('keep no message a pressed button sat on', async () => {
    const presses = Array.from({ length: 30 }, () => h.fake.interact.button({ customId: 'pb1|gone|x' }));
    for (const i of presses) await i.callback(20_000);
    const channel = h.app.bot!.client.channels.cache.get(h.fake.channelId());
    expect(channel && 'messages' in channel ? channel.messages.cache.size : -1).toBe(0);
  });
});
