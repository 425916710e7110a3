// The fake Discord over a long load run: pruneHistory() forgets old interactions, their messages and old
// records, and keeps everything recent working (channel last_message_id, webhook edits by token).
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, MessageFlags, type Interaction } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';

let fake: FakeDiscord | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  await fake?.close();
  client = undefined;
  fake = undefined;
});

describe('fake Discord pruneHistory', () => {
  it('forgets what is older than the cut-off and keeps the rest usable', async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 1_000, callbackDeadlineMs: 15_000, log: () => undefined });
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
    const ready = once(client, Events.ClientReady);
    await client.login(fake.token);
    await ready;
    client.on(Events.InteractionCreate, (i: Interaction) => {
      if (!i.isChatInputCommand()) return;
      const ephemeral = i.options.getString('mode') === 'private';
      void i.reply({ content: `reply ${i.id}`, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
    });

    const old = fake.interact.command({ name: 'ping', options: { mode: 'public' } });
    await old.callback();
    fake.clock.advance(60_000);
    const recent = fake.interact.command({ name: 'ping', options: { mode: 'private' } });
    await recent.callback();
    expect(fake.messages()).toHaveLength(1);

    fake.pruneHistory(30_000);
    expect(fake.messages()).toHaveLength(0); // the old public reply is gone with its interaction
    expect(fake.messages(fake.channelId(), { includeEphemeral: true }).map((m) => m.content)).toEqual([`reply ${recent.id}`]);
    expect(fake.channel(fake.channelId())).toBeDefined();

    // The recent interaction still takes webhook edits by its token.
    const edited = fake.interact.command({ name: 'ping', options: { mode: 'public' } });
    await edited.callback();
    const message = await client.rest.patch(`/webhooks/${fake.applicationId}/${edited.token}/messages/@original`, { body: { content: 'edited' }, auth: false });
    expect((message as { content: string }).content).toBe('edited');
    expect(fake.messages().map((m) => m.content)).toEqual(['edited']);
  });
});
