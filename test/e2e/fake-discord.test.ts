// Self-tests of the Discord fake, driven by a raw discord.js Client (not the bot), so the fake is
// proven against the real library's REST and gateway code paths.
import { once } from 'node:events';
import zlib from 'node:zlib';
import {
  ActionRowBuilder, ButtonBuilder, ButtonStyle, Client, DiscordAPIError, Events, GatewayIntentBits, MessageFlags, REST, Routes,
  StringSelectMenuBuilder, type ChatInputCommandInteraction, type Interaction, type TextChannel,
} from 'discord.js';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../support/fake-discord.js';

let fake: FakeDiscord | undefined;
let client: Client | undefined;

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  await fake?.close();
  fake = undefined;
});

async function setup(opts: FakeDiscordOptions = {}): Promise<{ fake: FakeDiscord; client: Client }> {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 1_000, callbackDeadlineMs: 15_000, ...opts });
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  return { fake, client };
}

/** Run `fn` on the next interaction; the promise settles when the handler finishes (or throws). */
function handleNext(c: Client, fn: (i: Interaction) => Promise<unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    c.once(Events.InteractionCreate, (i) => {
      fn(i).then(() => resolve(), reject);
    });
  });
}

const SEARCH_COMMAND = {
  name: 'paper',
  description: 'Ask about a paper',
  options: [
    {
      type: 1, name: 'search', description: 'Search papers',
      options: [
        { type: 3, name: 'query', description: 'What to look for', required: true, autocomplete: true },
        { type: 4, name: 'limit', description: 'How many', required: false },
      ],
    },
  ],
};

describe('fake Discord with a raw discord.js Client', () => {
  it('logs in via /gateway/bot, gets READY and fills the guild cache from GUILD_CREATE', async () => {
    const { fake, client } = await setup();
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(fake.guildId);
    expect(guild?.available).toBe(true);
    expect(guild?.name).toBe('Test Guild 1');
    expect(guild?.channels.cache.get(fake.channelId('general'))?.name).toBe('general');
    expect(guild?.members.me?.id).toBe(fake.botUser.id);
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === '/gateway/bot' && r.status === 200)).toBe(true);
    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0]?.intents).toBe(GatewayIntentBits.Guilds);
    expect(await client.rest.get(Routes.user())).toMatchObject({ id: fake.botUser.id, bot: true });
    expect((await client.application!.fetch()).name).toBe('paperboy-test');
    expect((await client.channels.fetch(fake.channelId(), { force: true }))?.id).toBe(fake.channelId());
    await fake.gateway.requestHeartbeat();
    await fake.waitFor(() => fake.frames.some((f) => f.dir === 'send' && f.op === 11) || undefined);
    fake.assertNoUnexpectedRequests();
  });

  it('rejects a wrong token on REST (401) and on the gateway (close 4004)', async () => {
    fake = await startFakeDiscord();
    const bad = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
    await expect(bad.login('wrong-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    await bad.destroy();

    const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json`);
    const hello = await once(ws, 'message');
    expect(JSON.parse(String(hello[0]))).toMatchObject({ op: 10, d: { heartbeat_interval: 41_250 } });
    ws.send(JSON.stringify({ op: 2, d: { token: 'wrong', intents: 1, properties: { os: 'linux', browser: 't', device: 't' } } }));
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(4004);
  });

  it('stores commands registered with application.commands.set, globally and per guild', async () => {
    const { fake, client } = await setup();
    const global = await client.application!.commands.set([SEARCH_COMMAND]);
    expect(global.size).toBe(1);
    expect(fake.commands()).toHaveLength(1);
    expect(fake.commands()[0]).toMatchObject({ name: 'paper', application_id: fake.applicationId, type: 1 });
    expect(global.first()?.id).toBe(fake.commands()[0]?.id);

    expect((await client.application!.commands.fetch()).map((c) => c.name)).toEqual(['paper']);
    await client.application!.commands.set([{ name: 'ping', description: 'Ping' }], fake.guildId);
    expect(fake.commands(fake.guildId).map((c) => c.name)).toEqual(['ping']);
    const put = fake.requests.filter((r) => r.method === 'PUT');
    expect(put.map((r) => r.path)).toEqual([
      `/applications/${fake.applicationId}/commands`,
      `/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`,
    ]);

    await expect(client.application!.commands.set([{ name: 'Bad Name', description: 'x' }])).rejects.toMatchObject({ code: 50035 });
  });

  it('delivers a slash command and records reply() with allowed_mentions intact', async () => {
    const { fake, client } = await setup();
    await client.application!.commands.set([SEARCH_COMMAND]);
    let seen: { sub: string; query: string; limit: number | null } | undefined;
    const handled = handleNext(client, async (i) => {
      const cmd = i as ChatInputCommandInteraction;
      seen = { sub: cmd.options.getSubcommand(), query: cmd.options.getString('query', true), limit: cmd.options.getInteger('limit') };
      await cmd.reply({ content: `hi <@${fake.user.id}>`, allowedMentions: { parse: [] } });
    });
    const handle = fake.interact.command({ name: 'paper', subcommand: 'search', options: { query: 'attention', limit: 3 } });
    const cb = await handle.callback();
    await handled;
    expect(seen).toEqual({ sub: 'search', query: 'attention', limit: 3 });
    expect(cb.type).toBe(4);
    expect(cb.data).toMatchObject({ content: `hi <@${fake.user.id}>`, allowed_mentions: { parse: [] } });
    const [msg] = fake.messages(fake.channelId());
    expect(msg).toMatchObject({ content: `hi <@${fake.user.id}>`, mentions: [], type: 20 });
    expect(msg?.interaction_metadata?.id).toBe(handle.id);
    expect(fake.callbacks).toHaveLength(1);
  });

  it('records deferReply + editReply + followUp in order', async () => {
    const { fake, client } = await setup();
    const handled = handleNext(client, async (i) => {
      const cmd = i as ChatInputCommandInteraction;
      await cmd.deferReply({ flags: MessageFlags.Ephemeral });
      await cmd.editReply({ content: 'answer' });
      await cmd.followUp({ content: 'more', flags: MessageFlags.Ephemeral });
    });
    const handle = fake.interact.command({ name: 'ask', options: { question: 'what is RLHF?' } });
    const events = await handle.waitFor(3);
    await handled;
    expect(events.map((e) => e.kind)).toEqual(['callback', 'original.edit', 'followup.create']);
    expect(handle.response).toMatchObject({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    expect(handle.original()).toMatchObject({ content: 'answer', flags: MessageFlags.Ephemeral });
    expect(handle.followUps().map((m) => m.content)).toEqual(['more']);
    expect(fake.messages(fake.channelId())).toEqual([]); // all ephemeral
  });

  it('fetches, edits and deletes replies and follow-ups through the webhook routes', async () => {
    const { fake, client } = await setup();
    const handled = handleNext(client, async (i) => {
      const cmd = i as ChatInputCommandInteraction;
      await cmd.reply({ content: 'first' });
      expect((await cmd.fetchReply()).content).toBe('first');
      const extra = await cmd.followUp({ content: 'extra' });
      await cmd.webhook.editMessage(extra, { content: 'extra (edited)' });
      await cmd.deleteReply();
    });
    const handle = fake.interact.command({ name: 'ask' });
    await handled;
    expect(handle.events.map((e) => e.kind)).toEqual(['callback', 'followup.create', 'followup.edit', 'original.delete']);
    expect(handle.original()).toBeUndefined();
    expect(fake.messages(fake.channelId()).map((m) => m.content)).toEqual(['extra (edited)']);
    expect(fake.messages(fake.channelId())[0]?.edited_timestamp).not.toBeNull();
  });

  it('turns the first followUp after deferReply into the deferred reply, as Discord does', async () => {
    const { fake, client } = await setup();
    const handled = handleNext(client, async (i) => {
      const cmd = i as ChatInputCommandInteraction;
      await cmd.deferReply();
      const first = await cmd.followUp({ content: 'done', flags: MessageFlags.Ephemeral });
      expect(first.id).toBe((await cmd.fetchReply()).id);
      await cmd.followUp({ content: 'second' });
    });
    const handle = fake.interact.command({ name: 'ask' });
    await handled;
    expect(handle.original()).toMatchObject({ content: 'done', flags: 0 }); // ephemerality comes from the deferral
    expect(handle.followUps().map((m) => m.content)).toEqual(['second']);
    expect(fake.messages(fake.channelId()).map((m) => m.content)).toEqual(['done', 'second']);
  });

  it('delivers a DM interaction with user instead of member', async () => {
    const { fake, client } = await setup();
    let seen: { inGuild: boolean; userId: string; context: number | null } | undefined;
    const handled = handleNext(client, async (i) => {
      seen = { inGuild: i.inGuild(), userId: i.user.id, context: i.context };
      await (i as ChatInputCommandInteraction).reply({ content: 'dm reply' });
    });
    const handle = fake.interact.command({ name: 'ping', dm: true, user: { id: '5000000000000000042', username: 'dm-user' } });
    await handled;
    expect(seen).toEqual({ inGuild: false, userId: '5000000000000000042', context: 1 });
    expect(handle.payload).not.toHaveProperty('member');
    expect(handle.payload).not.toHaveProperty('guild_id');
    expect(fake.messages(handle.payload.channel?.id).map((m) => m.content)).toEqual(['dm reply']);
  });

  it('answers a button with update() and a string select with deferUpdate() + editReply()', async () => {
    const { fake, client } = await setup();
    const channel = client.channels.cache.get(fake.channelId()) as TextChannel;
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('page:2').setLabel('Next').setStyle(ButtonStyle.Primary));
    const select = new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
      new StringSelectMenuBuilder().setCustomId('pick').addOptions({ label: 'A', value: 'a' }, { label: 'B', value: 'b' }),
    );
    const sent = await channel.send({ content: 'page 1', components: [row, select] });

    const clicked = handleNext(client, async (i) => {
      if (!i.isButton()) throw new Error('expected a button');
      expect(i.customId).toBe('page:2');
      expect(i.message.id).toBe(sent.id);
      await i.update({ content: 'page 2' });
    });
    const button = fake.interact.button({ customId: 'page:2', message: sent.id });
    expect(await button.callback()).toMatchObject({ type: 7, data: { content: 'page 2' } });
    await clicked;
    expect(fake.message(sent.id)?.content).toBe('page 2');

    const picked = handleNext(client, async (i) => {
      if (!i.isStringSelectMenu()) throw new Error('expected a select');
      await i.deferUpdate();
      await i.editReply({ content: `picked ${i.values.join(',')}` });
    });
    const sel = fake.interact.select({ customId: 'pick', values: ['b'], message: sent.id });
    await sel.waitFor(2);
    await picked;
    expect(sel.events.map((e) => e.kind)).toEqual(['callback', 'original.edit']);
    expect(fake.message(sent.id)?.content).toBe('picked b');
    expect(fake.messages(fake.channelId())).toHaveLength(1);
  });

  it('answers autocomplete with respond() and sees the focused option', async () => {
    const { fake, client } = await setup();
    await client.application!.commands.set([SEARCH_COMMAND]);
    const handled = handleNext(client, async (i) => {
      if (!i.isAutocomplete()) throw new Error('expected autocomplete');
      const focused = i.options.getFocused(true);
      await i.respond([{ name: `${focused.name}=${focused.value}`, value: 'x' }]);
    });
    const handle = fake.interact.autocomplete({ name: 'paper', subcommand: 'search', focused: 'query', options: { query: 'tra' } });
    const cb = await handle.callback();
    await handled;
    expect(cb).toMatchObject({ type: 8, data: { choices: [{ name: 'query=tra', value: 'x' }] } });
  });

  it.each([
    { status: 429 as const, label: 'a 429 with rate-limit headers' },
    { status: 500 as const, label: 'a 500' },
  ])('retries $label on the callback route and the reply arrives exactly once', async ({ status }) => {
    const { fake, client } = await setup();
    const fault = fake.failNext({ method: 'POST', path: /\/callback$/, status, retryAfter: 0.2 });
    const handled = handleNext(client, async (i) => {
      await (i as ChatInputCommandInteraction).reply({ content: 'ok' });
    });
    const handle = fake.interact.command({ name: 'ping' });
    await handled;
    expect(fault.hits).toBe(1);
    const attempts = fake.requests.filter((r) => r.path.endsWith('/callback'));
    expect(attempts.map((r) => [r.status, r.injected])).toEqual([[status, true], [204, false]]);
    expect(fake.callbacks.filter((c) => c.interactionId === handle.id)).toHaveLength(1);
    expect(fake.messages(fake.channelId()).map((m) => m.content)).toEqual(['ok']);
  });

  it.each([{ global: false }, { global: true }])('retries a 429 (global: $global) on a channel message route', async ({ global }) => {
    const { fake, client } = await setup();
    const channel = client.channels.cache.get(fake.channelId()) as TextChannel;
    fake.failNext({ method: 'POST', path: /\/messages$/, status: 429, retryAfter: 0.25, global });
    const sent = await channel.send('after the limit');
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(200);
    expect(fake.messages(channel.id).map((m) => m.id)).toEqual([sent.id]);
  });

  it('accepts multipart uploads (files[n] + attachments in payload_json) and records the bytes', async () => {
    const { fake, client } = await setup();
    const channel = client.channels.cache.get(fake.channelId()) as TextChannel;
    const sent = await channel.send({
      content: 'with file',
      files: [{ attachment: Buffer.from('hello'), name: 'notes.txt', description: 'some notes' }],
      embeds: [{ title: 'see the file', image: { url: 'attachment://notes.txt' } }],
    });
    expect(sent.attachments.first()?.name).toBe('notes.txt');
    expect(sent.attachments.first()?.size).toBe(5);
    expect(sent.attachments.first()?.description).toBe('some notes');
    const post = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(post?.files.map((f) => [f.field, f.filename, f.data.toString()])).toEqual([['files[0]', 'notes.txt', 'hello']]);
    expect(post?.body).toMatchObject({ content: 'with file', attachments: [{ id: '0', description: 'some notes' }] });
    const stored = fake.messages(channel.id).at(-1);
    expect(fake.attachmentData(stored?.attachments[0]?.id ?? '')?.toString()).toBe('hello');
  });

  it('on an edit, keeps the attachments it lists (all of them when it lists none) and adds new uploads', async () => {
    const { fake, client } = await setup();
    const channel = client.channels.cache.get(fake.channelId()) as TextChannel;
    const sent = await channel.send({ files: [{ attachment: Buffer.from('a'), name: 'a.txt' }] });
    const kept = await sent.edit({ content: 'edited' });
    expect([...kept.attachments.values()].map((a) => a.name)).toEqual(['a.txt']);
    const replaced = await sent.edit({ files: [{ attachment: Buffer.from('bb'), name: 'b.txt' }], attachments: [] });
    expect([...replaced.attachments.values()].map((a) => [a.name, a.size])).toEqual([['b.txt', 2]]);
  });

  it('rejects an embed pointing at an attachment the message does not carry', async () => {
    const { fake, client } = await setup();
    const channel = client.channels.cache.get(fake.channelId()) as TextChannel;
    await expect(
      channel.send({ files: [{ attachment: Buffer.from('x'), name: 'a.png' }], embeds: [{ title: 't', image: { url: 'attachment://b.png' } }] }),
    ).rejects.toThrow(/attachment/i);
    expect(fake.messages(channel.id)).toEqual([]);
  });

  it('replays an interaction dispatched while the gateway was down after RESUME', async () => {
    const { fake, client } = await setup();
    const resumed = once(client, Events.ShardResume);
    await fake.dropGateway();
    const handled = handleNext(client, async (i) => {
      await (i as ChatInputCommandInteraction).reply({ content: 'still here' });
    });
    const handle = fake.interact.command({ name: 'ping' });
    await resumed;
    await handle.callback();
    await handled;
    expect(fake.identifies).toHaveLength(1); // resumed, not re-identified
    expect(fake.frames.filter((f) => f.dir === 'recv' && f.op === 6).length).toBeGreaterThanOrEqual(1);
    expect(fake.messages(fake.channelId()).map((m) => m.content)).toEqual(['still here']);

    // A close code the client treats as resumable works too.
    const resumedAgain = once(client, Events.ShardResume);
    await fake.dropGateway({ code: 4000 });
    await resumedAgain;
    expect(fake.identifies).toHaveLength(1);
  });

  it('re-identifies when the session cannot be resumed (op 9 false)', async () => {
    const { fake, client } = await setup();
    // Wait on the client's side: destroying a discord.js client mid-identify can leave it reconnecting forever.
    const readyAgain = once(client, Events.ShardReady);
    await fake.dropGateway({ resumable: false });
    await readyAgain; // discord.js throttles the second identify by ~5 s
    expect(fake.identifies).toHaveLength(2);
    expect(fake.frames.some((f) => f.dir === 'send' && f.op === 9)).toBe(true);
    expect(client.guilds.cache.get(fake.guildId)?.available).toBe(true);
  }, 30_000);

  it('creates one message for a repeated nonce with enforce_nonce', async () => {
    const { fake, client } = await setup();
    const channel = client.channels.cache.get(fake.channelId()) as TextChannel;
    const a = await channel.send({ content: 'daily digest', nonce: 'digest-2024-01-01', enforceNonce: true });
    const b = await channel.send({ content: 'daily digest', nonce: 'digest-2024-01-01', enforceNonce: true });
    expect(b.id).toBe(a.id);
    expect(fake.messages(channel.id)).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'))[0]?.body).toMatchObject({
      nonce: 'digest-2024-01-01', enforce_nonce: true,
    });
    await channel.send({ content: 'daily digest', nonce: 'digest-2024-01-01' });
    expect(fake.messages(channel.id)).toHaveLength(2);
  });

  it('answers channel errors with Discord codes: unknown channel, missing permissions', async () => {
    const { fake, client } = await setup();
    const rest = client.rest;
    await expect(rest.post(Routes.channelMessages('1'), { body: { content: 'x' } })).rejects.toMatchObject({ status: 404, code: 10003 });
    fake.setChannelPermissions(fake.channelId(), 1024n); // ViewChannel only
    const err = await rest.post(Routes.channelMessages(fake.channelId()), { body: { content: 'x' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect(err).toMatchObject({ status: 403, code: 50013, message: 'Missing Permissions' });
    await expect(rest.post(Routes.channelMessages(fake.channelId()), { body: {} })).rejects.toMatchObject({ code: 50013 });
    fake.setChannelPermissions(fake.channelId(), null);
    await expect(rest.post(Routes.channelMessages(fake.channelId()), { body: {} })).rejects.toMatchObject({ code: 50006 });
  });

  it('enforces acknowledge-once, the 3 s deadline and records unknown routes', async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 1_000 });
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
    const ready = once(client, Events.ClientReady);
    await client.login(fake.token);
    await ready;
    const rest = new REST({ api: fake.apiBase }).setToken(fake.token);

    const first = fake.interact.command({ name: 'ping' });
    await rest.post(Routes.interactionCallback(first.id, first.token), { body: { type: 4, data: { content: 'one' } }, auth: false });
    await expect(
      rest.post(Routes.interactionCallback(first.id, first.token), { body: { type: 4, data: { content: 'two' } }, auth: false }),
    ).rejects.toMatchObject({ status: 400, code: 40060 });

    const late = fake.interact.command({ name: 'ping' });
    fake.clock.advance(3_500);
    await expect(
      rest.post(Routes.interactionCallback(late.id, late.token), { body: { type: 5 }, auth: false }),
    ).rejects.toMatchObject({ status: 404, code: 10062 });

    const withResponse = fake.interact.command({ name: 'ping' });
    const res = await rest.post(Routes.interactionCallback(withResponse.id, withResponse.token), {
      body: { type: 4, data: { content: 'x' } }, query: new URLSearchParams({ with_response: 'true' }), auth: false,
    });
    expect(res).toMatchObject({ interaction: { id: withResponse.id, type: 2 }, resource: { type: 4, message: { content: 'x' } } });

    fake.clock.advance(16 * 60_000); // past the 15-minute interaction token
    await expect(
      rest.patch(Routes.webhookMessage(fake.applicationId, first.token, '@original'), { body: { content: 'late' }, auth: false }),
    ).rejects.toMatchObject({ status: 401, code: 50027 });

    await expect(rest.get('/nope' as `/${string}`)).rejects.toMatchObject({ status: 404 });
    expect(fake.unexpectedRequests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /nope']);
    expect(() => fake!.assertNoUnexpectedRequests()).toThrow(/GET \/nope/);
  });

  it('speaks zlib-stream when a client asks for it', async () => {
    fake = await startFakeDiscord();
    const ws = new WebSocket(`${fake.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    // One zlib context for the whole connection: inflating everything so far yields all payloads so far.
    const chunks: Buffer[] = [];
    const cumulative: string[] = [];
    const waiters: { n: number; resolve: () => void }[] = [];
    ws.on('message', (data: Buffer, isBinary) => {
      expect(isBinary).toBe(true);
      expect([...data.subarray(-4)]).toEqual([0, 0, 0xff, 0xff]);
      chunks.push(data);
      cumulative.push(zlib.inflateSync(Buffer.concat(chunks), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString());
      for (const w of waiters) if (cumulative.length >= w.n) w.resolve();
    });
    const received = (n: number) => new Promise<void>((resolve) => {
      if (cumulative.length >= n) resolve();
      else waiters.push({ n, resolve });
    });
    const payload = (i: number) => JSON.parse((cumulative[i] as string).slice(i ? (cumulative[i - 1] as string).length : 0)) as unknown;

    await received(1);
    expect(payload(0)).toMatchObject({ op: 10 });
    ws.send(JSON.stringify({ op: 2, d: { token: fake.token, intents: 1, properties: { os: 'linux', browser: 't', device: 't' } } }));
    await received(3);
    expect(payload(1)).toMatchObject({ op: 0, t: 'READY', s: 1 });
    expect(payload(2)).toMatchObject({ op: 0, t: 'GUILD_CREATE', s: 2, d: { id: fake.guildId, unavailable: false } });
    ws.terminate();
  });
});
