// Serialisers from the fake's state to Discord API objects (guild, channel, role, member, user, application).
import {
  ChannelType, GuildDefaultMessageNotifications, GuildExplicitContentFilter, GuildMFALevel, GuildNSFWLevel, GuildPremiumTier,
  GuildVerificationLevel, type APIChannel, type APIGuild, type GuildMemberFlags, type GuildSystemChannelFlags, type RoleFlags, type APIGuildMember, type APIRole, type APIUser, type Locale,
} from 'discord-api-types/v10';
import { botBasePermissions, botChannelPermissions, type ChannelState, type GuildState, type RoleState } from './config.js';
import type { FakeState } from './state.js';

const TEXT_BASED = new Set<ChannelType>([
  ChannelType.GuildText, ChannelType.DM, ChannelType.GuildVoice, ChannelType.GroupDM, ChannelType.GuildAnnouncement,
  ChannelType.AnnouncementThread, ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.GuildStageVoice,
]);

export const isTextBased = (type: ChannelType) => TEXT_BASED.has(type);

export function rolePayload(role: RoleState): APIRole {
  return {
    id: role.id, name: role.name, color: role.color, colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: false, icon: null, unicode_emoji: null, position: role.position, permissions: String(role.permissions),
    managed: Boolean(role.botId), mentionable: false, flags: 0 as RoleFlags, ...(role.botId ? { tags: { bot_id: role.botId } } : {}),
  };
}

export function channelPayload(state: FakeState, ch: ChannelState): APIChannel {
  const lastMessageId = state.lastMessageId(ch.id);
  if (ch.type === ChannelType.DM) {
    const user = state.users.get(ch.recipientId ?? '');
    return { id: ch.id, type: ChannelType.DM, name: null, last_message_id: lastMessageId, flags: 0, recipients: user ? [user] : [] } as unknown as APIChannel;
  }
  const guild = state.guildOf(ch);
  const overwrites = [];
  if (guild) {
    // Make discord.js's permissionsFor(bot) agree with what the fake enforces.
    const base = botBasePermissions(guild);
    const target = botChannelPermissions(guild, ch);
    if (base !== target) {
      overwrites.push({ id: state.config.botUser.id, type: 1, allow: String(target & ~base), deny: String(base & ~target) });
    }
  }
  const payload: Record<string, unknown> = {
    id: ch.id, type: ch.type, guild_id: ch.guildId, name: ch.name, position: ch.position, parent_id: ch.parentId,
    permission_overwrites: overwrites, nsfw: ch.nsfw, flags: 0,
  };
  if (ch.type !== ChannelType.GuildCategory) Object.assign(payload, { topic: ch.topic, last_message_id: lastMessageId, rate_limit_per_user: 0 });
  if (ch.type === ChannelType.GuildVoice || ch.type === ChannelType.GuildStageVoice) {
    Object.assign(payload, { bitrate: 64_000, user_limit: 0, rtc_region: null });
  }
  return payload as unknown as APIChannel;
}

export function memberPayload(user: APIUser, roles: string[], joinedAt: string): APIGuildMember {
  return {
    user, roles, nick: null, avatar: null, banner: null, joined_at: joinedAt, premium_since: null, deaf: false, mute: false,
    flags: 0 as GuildMemberFlags, pending: false, communication_disabled_until: null,
  };
}

export function guildPayload(state: FakeState, g: GuildState): APIGuild {
  return {
    id: g.id, name: g.name, icon: null, splash: null, discovery_splash: null, banner: null, description: null,
    owner_id: g.ownerId, afk_channel_id: null, afk_timeout: 300, verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions, explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: g.roles.map(rolePayload), emojis: [], stickers: [], features: [], mfa_level: GuildMFALevel.None, application_id: null,
    system_channel_id: null, system_channel_flags: 0 as GuildSystemChannelFlags, rules_channel_id: null, vanity_url_code: null, premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0, preferred_locale: g.locale as Locale, public_updates_channel_id: null, nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false, hub_type: null, safety_alerts_channel_id: null, incidents_data: null, max_members: 500_000,
    max_video_channel_users: 25, max_stage_video_channel_users: 50,
  };
}

/** GUILD_CREATE data: the guild plus gateway-only fields (channels, members, joined_at, …). */
export function guildCreatePayload(state: FakeState, g: GuildState): Record<string, unknown> {
  const channels = g.channelIds.map((id) => {
    const { guild_id: _omit, ...rest } = channelPayload(state, state.channels.get(id) as ChannelState) as unknown as Record<string, unknown>;
    return rest;
  });
  return {
    ...guildPayload(state, g), joined_at: g.joinedAt, large: false, unavailable: false, member_count: 2,
    members: [memberPayload(state.config.botUser, [g.botRoleId], g.joinedAt)], channels, threads: [], presences: [],
    voice_states: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
  };
}

export function applicationPayload(state: FakeState): Record<string, unknown> {
  const c = state.config;
  return {
    id: c.applicationId, name: c.applicationName, icon: null, description: '', summary: '', type: null, bot: c.botUser,
    bot_public: true, bot_require_code_grant: false, verify_key: '0'.repeat(64), team: null, flags: c.applicationFlags,
    install_params: { scopes: ['bot', 'applications.commands'], permissions: '0' }, approximate_guild_count: state.guilds.size,
    integration_types_config: { '0': {} }, redirect_uris: [], interactions_endpoint_url: null,
  };
}
