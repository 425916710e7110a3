// Options accepted by startFakeDiscord(), their defaults, and the derived guild/channel/permission model.
import { ChannelType, PermissionFlagsBits, type APIUser } from 'discord-api-types/v10';

export type PermissionInput = bigint | number | string;

export interface FakeChannelConfig {
  id?: string;
  name: string;
  /** Default GuildText. */
  type?: ChannelType;
  parentId?: string;
  topic?: string;
  nsfw?: boolean;
  /** The bot's effective permissions in this channel (default: the guild's botPermissions). */
  botPermissions?: PermissionInput;
}

export interface FakeRoleConfig {
  id?: string;
  name: string;
  permissions?: PermissionInput;
  color?: number;
}

export interface FakeGuildConfig {
  id?: string;
  name?: string;
  ownerId?: string;
  locale?: string;
  /** Default: one text channel, #general. */
  channels?: FakeChannelConfig[];
  /** Extra roles; @everyone (id = guild id) and the bot's managed role are always added. */
  roles?: FakeRoleConfig[];
  everyonePermissions?: PermissionInput;
  /** The bot's effective permissions in every channel unless the channel overrides it. */
  botPermissions?: PermissionInput;
}

export interface FakeDiscordOptions {
  /** Bot token: REST wants `Authorization: Bot <token>`, the gateway wants it in Identify/Resume. */
  token?: string;
  application?: { id?: string; name?: string; flags?: number };
  botUsername?: string;
  /** Default user who triggers interactions. */
  user?: Partial<APIUser>;
  guilds?: FakeGuildConfig[];
  /** op 10 Hello heartbeat_interval. Default 41250 (Discord's); use a few hundred ms in tests. */
  heartbeatIntervalMs?: number;
  /** Initial response deadline from interaction creation (Discord: 3 s). null disables. */
  callbackDeadlineMs?: number | null;
  /** Interaction token lifetime for edits/follow-ups (Discord: 15 min). */
  tokenLifetimeMs?: number;
  /** How long an enforced nonce is remembered per channel. Default 5 min. */
  nonceWindowMs?: number;
  /** Per-bucket limit advertised in X-RateLimit-* headers and enforced with 429. Default 50 per 1000 ms. */
  rateLimit?: { limit: number; windowMs: number };
  /** Privileged intents enabled "in the portal" (bitfield); others close with 4014. Default: all. */
  privilegedIntents?: number;
  /** Where notes about unexpected requests / protocol errors go. Default console.warn. */
  log?: (line: string) => void;
  /** Shard count GET /gateway/bot recommends. Default 1. Guilds go to shard (guild_id >> 22) % count of the identify. */
  shards?: number;
  /** session_start_limit.max_concurrency from GET /gateway/bot (identifies allowed per 5 s bucket). Default 1. */
  maxConcurrency?: number;
}

export interface RoleState {
  id: string;
  name: string;
  permissions: bigint;
  color: number;
  position: number;
  botId?: string;
}

export interface ChannelState {
  id: string;
  guildId: string | null;
  name: string | null;
  type: ChannelType;
  parentId: string | null;
  topic: string | null;
  position: number;
  nsfw: boolean;
  botPermissions: bigint | null;
  recipientId?: string;
}

export interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  locale: string;
  roles: RoleState[];
  channelIds: string[];
  botPermissions: bigint;
  botRoleId: string;
  joinedAt: string;
}

export interface Config {
  token: string;
  applicationId: string;
  applicationName: string;
  applicationFlags: number;
  botUser: APIUser;
  defaultUser: APIUser;
  heartbeatIntervalMs: number;
  callbackDeadlineMs: number | null;
  tokenLifetimeMs: number;
  nonceWindowMs: number;
  rateLimit: { limit: number; windowMs: number };
  privilegedIntents: number;
  log: (line: string) => void;
  shards: number;
  maxConcurrency: number;
}

const P = PermissionFlagsBits;
export const ALL_PERMISSIONS = Object.values(P).reduce((a, b) => a | b, 0n);
export const DEFAULT_EVERYONE =
  P.ViewChannel | P.SendMessages | P.SendMessagesInThreads | P.ReadMessageHistory | P.EmbedLinks | P.AttachFiles |
  P.AddReactions | P.UseExternalEmojis | P.UseApplicationCommands | P.CreateInstantInvite | P.ChangeNickname;
export const DEFAULT_BOT =
  P.ViewChannel | P.SendMessages | P.SendMessagesInThreads | P.ReadMessageHistory | P.EmbedLinks | P.AttachFiles |
  P.AddReactions | P.UseExternalEmojis;
export const DM_PERMISSIONS =
  P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.EmbedLinks | P.AttachFiles | P.AddReactions | P.UseExternalEmojis;
export const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);

function positiveInt(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`fake-discord: ${what} must be a positive integer, got ${n}`);
  return n;
}

/** Discord's rule: a guild's events go to shard (guild_id >> 22) % num_shards. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Readable fixed ids: application 1000…001, guilds 2000…00n, channels 3000…00n, roles 4000…00n, users 5000…00n. */
const fixedId = (kind: number, n: number) => String(BigInt(kind) * 10n ** 18n + BigInt(n));

export function normalizeOptions(opts: FakeDiscordOptions): { config: Config; guilds: GuildState[]; channels: ChannelState[] } {
  const applicationId = opts.application?.id ?? fixedId(1, 1);
  const botUser: APIUser = {
    id: applicationId, username: opts.botUsername ?? 'paperboy-test', discriminator: '0', global_name: null, avatar: null, bot: true,
  };
  const defaultUser: APIUser = {
    id: fixedId(5, 1), username: 'tester', discriminator: '0', global_name: 'Tester', avatar: null, ...opts.user,
  };
  const config: Config = {
    token: opts.token ?? 'fake-bot-token',
    applicationId,
    applicationName: opts.application?.name ?? 'paperboy-test',
    applicationFlags: opts.application?.flags ?? 0,
    botUser,
    defaultUser,
    heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250,
    callbackDeadlineMs: opts.callbackDeadlineMs === undefined ? 3_000 : opts.callbackDeadlineMs,
    tokenLifetimeMs: opts.tokenLifetimeMs ?? 15 * 60_000,
    nonceWindowMs: opts.nonceWindowMs ?? 5 * 60_000,
    rateLimit: opts.rateLimit ?? { limit: 50, windowMs: 1_000 },
    privilegedIntents: opts.privilegedIntents ?? PRIVILEGED_INTENTS,
    log: opts.log ?? ((line) => console.warn(`[fake-discord] ${line}`)),
    shards: positiveInt(opts.shards ?? 1, 'shards'),
    maxConcurrency: positiveInt(opts.maxConcurrency ?? 1, 'maxConcurrency'),
  };

  const guilds: GuildState[] = [];
  const channels: ChannelState[] = [];
  let channelN = 0;
  let roleN = 0;
  (opts.guilds ?? [{}]).forEach((g, gi) => {
    const id = g.id ?? fixedId(2, gi + 1);
    const roles: RoleState[] = [
      { id, name: '@everyone', permissions: BigInt(g.everyonePermissions ?? DEFAULT_EVERYONE), color: 0, position: 0 },
      ...(g.roles ?? []).map((r, i) => ({
        id: r.id ?? fixedId(4, ++roleN), name: r.name, permissions: BigInt(r.permissions ?? 0n), color: r.color ?? 0, position: i + 1,
      })),
    ];
    const botPermissions = BigInt(g.botPermissions ?? DEFAULT_BOT);
    const botRoleId = fixedId(4, ++roleN);
    roles.push({ id: botRoleId, name: config.applicationName, permissions: botPermissions, color: 0, position: roles.length, botId: botUser.id });
    const channelIds: string[] = [];
    (g.channels ?? [{ name: 'general' }]).forEach((c, ci) => {
      const ch: ChannelState = {
        id: c.id ?? fixedId(3, ++channelN),
        guildId: id,
        name: c.name,
        type: c.type ?? ChannelType.GuildText,
        parentId: c.parentId ?? null,
        topic: c.topic ?? null,
        position: ci,
        nsfw: c.nsfw ?? false,
        botPermissions: c.botPermissions === undefined ? null : BigInt(c.botPermissions),
      };
      channels.push(ch);
      channelIds.push(ch.id);
    });
    guilds.push({
      id, name: g.name ?? `Test Guild ${gi + 1}`, ownerId: g.ownerId ?? defaultUser.id, locale: g.locale ?? 'en-US',
      roles, channelIds, botPermissions, botRoleId, joinedAt: new Date(Date.now() - 86_400_000).toISOString(),
    });
  });
  return { config, guilds, channels };
}

/** Permissions of a member holding `roleIds` (plus @everyone) at guild level. */
export function memberPermissions(guild: GuildState, roleIds: readonly string[]): bigint {
  let perms = 0n;
  for (const role of guild.roles) if (role.id === guild.id || roleIds.includes(role.id)) perms |= role.permissions;
  return perms & P.Administrator ? ALL_PERMISSIONS : perms;
}

/** What discord.js computes for the bot before channel overwrites: @everyone | bot role. */
export function botBasePermissions(guild: GuildState): bigint {
  return memberPermissions(guild, [guild.botRoleId]);
}

/** The bot's effective permissions in a channel (what the fake enforces and reports as app_permissions). */
export function botChannelPermissions(guild: GuildState | undefined, channel: ChannelState): bigint {
  if (!guild) return DM_PERMISSIONS;
  const target = channel.botPermissions ?? guild.botPermissions;
  return botBasePermissions(guild) & P.Administrator ? ALL_PERMISSIONS : target;
}
