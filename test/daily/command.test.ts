import { ApplicationCommandOptionType, ChannelType, PermissionFlagsBits, type APIApplicationCommandSubcommandOption } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dailyCommand, timezoneChoices } from '../../commands/daily.js';
import type { CommandRequest, OptionValue } from '../../src/command.js';
import { loadConfig } from '../../src/config.js';
import type { Context } from '../../src/context.js';
import { buildRegistry, runCommand } from '../../src/dispatch.js';
import { createLogger } from '../../src/logger.js';
import { isEphemeral, type Reply } from '../../src/reply.js';
import { CHANNEL, Clock, corpus, FOREIGN_CHANNEL, GUILD, harness, tempDir, VOICE_CHANNEL, type Harness } from './helpers.js';

const registry = buildRegistry([dailyCommand]);
const ADMIN = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages;
const MEMBER = PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;

let tmp: ReturnType<typeof tempDir>;
let h: Harness;
let ctx: Context;
beforeEach(() => {
  tmp = tempDir();
  const clock = new Clock(new Date('2026-11-22T06:00:00Z'));
  const c = corpus();
  h = harness(tmp.dir, { clock, corpus: c });
  ctx = {
    config: loadConfig({}, tmp.dir),
    corpus: c,
    search: null as unknown as Context['search'], // /daily never searches
    logger: createLogger('silent'),
    daily: h.service,
    now: clock.now,
    startedAt: clock.now(),
    version: 'test',
  };
});
afterEach(async () => {
  await h.service.stop();
  h.db.close();
  tmp.cleanup();
});

function daily(subcommand: string, options: Record<string, OptionValue> = {}, who: Partial<CommandRequest> = {}): Promise<Reply> {
  const req: CommandRequest = {
    user: { id: '555555555555555555', name: 'Ada' },
    guildId: GUILD,
    channelId: CHANNEL,
    permissions: ADMIN,
    subcommand,
    options,
    ...who,
  };
  return runCommand(ctx, registry, 'daily', req);
}

function expectFriendly(reply: Reply, text: RegExp): void {
  expect(isEphemeral(reply.payload)).toBe(true);
  expect(reply.payload.content).toMatch(/^⚠️ /);
  expect(reply.payload.content).toMatch(text);
}

describe('/daily', () => {
  it('is offered only to Manage Server, only in servers, with a channel option limited to text and announcement channels', () => {
    const data = dailyCommand.data;
    expect(data.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(data.contexts).toEqual([0]); // InteractionContextType.Guild
    const set = data.options?.find((o) => o.name === 'set') as APIApplicationCommandSubcommandOption;
    const channel = set.options?.find((o) => o.name === 'channel');
    expect(channel).toMatchObject({ type: ApplicationCommandOptionType.Channel, required: true, channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement] });
    expect(data.options?.map((o) => o.name)).toEqual(['set', 'off', 'status', 'preview', 'now']);
  });

  it('sets the schedule and says when the next post is', async () => {
    const reply = await daily('set', { channel: CHANNEL, time: '9:30', timezone: 'Europe/Berlin', count: 2 });
    expect(isEphemeral(reply.payload)).toBe(true);
    expect(reply.payload.content).toMatch(/<#222222222222222222> at \*\*09:30\*\* \(Europe\/Berlin\), 2 papers from all topics/);
    expect(reply.payload.content).toMatch(/Next post: Sunday 22 Nov, 09:30 \(Europe\/Berlin\)/);
  });

  it('re-checks Manage Server on the server side before changing anything', async () => {
    expectFriendly(await daily('set', { channel: CHANNEL }, { permissions: MEMBER }), /Manage Server/);
    expectFriendly(await daily('off', {}, { permissions: MEMBER }), /Manage Server/);
    expectFriendly(await daily('now', {}, { permissions: MEMBER }), /Manage Server/);
    expect(h.service.status(GUILD)).toBeNull();
    const admin = await daily('set', { channel: CHANNEL }, { permissions: PermissionFlagsBits.Administrator });
    expect(admin.payload.content).toMatch(/^✅/);
  });

  it('refuses a channel of another server, a voice channel, or one the bot cannot see, saying how to fix it', async () => {
    expectFriendly(await daily('set', { channel: FOREIGN_CHANNEL }), /not in this server/);
    expectFriendly(await daily('set', { channel: VOICE_CHANNEL }), /not a text or announcement channel/);
    h.discord.hidden.add(CHANNEL);
    expectFriendly(await daily('set', { channel: CHANNEL }), /I can't see that channel: give me View Channel, Send Messages and Embed Links there/);
    expect(h.service.status(GUILD)).toBeNull();
  });

  it('answers outside a server with a friendly error', async () => {
    expectFriendly(await daily('status', {}, { guildId: null, permissions: null }), /in a server channel/);
  });

  it('lists the accepted forms for a bad time or time zone', async () => {
    expectFriendly(await daily('set', { channel: CHANNEL, time: '9pm' }), /"9pm" is not a time\. Use 24-hour HH:MM, for example 09:00/);
    expectFriendly(await daily('set', { channel: CHANNEL, timezone: 'CET+1' }), /IANA time zone name such as Europe\/Berlin/);
  });

  it('refuses an oversized time, time zone or topic by the option\'s name, without quoting it back', async () => {
    for (const [option, value] of [['time', '12:00'.repeat(1200)], ['timezone', 'Europe/Berlin'.repeat(500)], ['topic', 'optimizers '.repeat(600)]] as const) {
      const reply = await daily('set', { channel: CHANNEL, [option]: value });
      expectFriendly(reply, new RegExp(`Option \`${option}\``));
      expect(reply.payload.content!.length).toBeLessThan(200);
    }
  });

  it('shows status with the next run in local time, the last post and papers left', async () => {
    expect((await daily('status')).payload.content).toMatch(/not set up/);
    await daily('set', { channel: CHANNEL, timezone: 'America/New_York', topic: 'diffusion' });
    const text = (await daily('status')).payload.content ?? '';
    expect(text).toMatch(/Daily picks are on/);
    expect(text).toMatch(/Next post: Sunday 22 Nov, 09:00 \(America\/New_York\)/);
    expect(text).toMatch(/Last post: none yet/);
    expect(text).toMatch(/Papers left before repeats: 4 of 4/);
  });

  it('previews privately, posts now once, and shows a disabled reason', async () => {
    await daily('set', { channel: CHANNEL });
    const preview = await daily('preview');
    expect(isEphemeral(preview.payload)).toBe(true);
    expect(preview.payload.embeds?.[0]?.description?.split('\n')).toHaveLength(3);
    expect((await daily('now')).payload.content).toMatch(/Posted today’s picks \(3\)/);
    expect((await daily('now')).payload.content).toMatch(/already posted: https:\/\/discord\.com\/channels\//);
    expect(h.discord.messages).toHaveLength(3);
    await daily('off');
    expect((await daily('status')).payload.content).toMatch(/\*\*Daily picks are off\.\*\* Turned off with \/daily off/);
  });

  it('suggests IANA time zones and topics', () => {
    expect(timezoneChoices('berl')).toEqual([{ name: 'Europe/Berlin', value: 'Europe/Berlin' }]);
    expect(timezoneChoices('new york').map((c) => c.value)).toContain('America/New_York');
    expect(timezoneChoices('')).toHaveLength(25);
    const topics = dailyCommand.autocomplete?.(ctx, {
      user: { id: '1', name: 'a' },
      guildId: GUILD,
      channelId: CHANNEL,
      permissions: ADMIN,
      subcommand: 'set',
      options: {},
      focused: { name: 'topic', value: '' },
    });
    expect(topics?.map((c) => c.value)).toEqual(['all', 'diffusion', 'vision']);
  });
});
