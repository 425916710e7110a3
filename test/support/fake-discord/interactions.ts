// Builds INTERACTION_CREATE payloads (slash command, autocomplete, button, string select) shaped like
// discord-api-types' APIInteraction, registers them with the fake and dispatches them on the gateway.
import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType as O, ApplicationCommandType, ButtonStyle, ChannelType, ComponentType, InteractionType,
  type APIApplicationCommand, type APIApplicationCommandOption, type APIInteraction, type APIInteractionDataResolved,
  type APIInteractionGuildMember, type APIMessage, type APIUser, type MessageFlags,
} from 'discord-api-types/v10';
import { botChannelPermissions, DM_PERMISSIONS, memberPermissions, type ChannelState, type PermissionInput } from './config.js';
import { InteractionHandle } from './handle.js';
import { channelPayload, isTextBased, memberPayload, rolePayload } from './payloads.js';
import type { FakeState, InteractionState } from './state.js';

export type OptionValue = string | number | boolean;
type RawOption = { name: string; type: number; value?: OptionValue; focused?: boolean; options?: RawOption[] };

export interface InteractionContextInput {
  /** Default: the first configured guild. */
  guildId?: string;
  /** Default: the guild's first text channel (or the user's DM channel with `dm`). */
  channelId?: string;
  /** Invoke from the bot's DM instead of a guild. */
  dm?: boolean;
  /** Invoking user (merged over the default user). */
  user?: Partial<APIUser>;
  member?: { roles?: string[]; permissions?: PermissionInput; nick?: string | null };
  locale?: string;
}

export interface CommandInput extends InteractionContextInput {
  name: string;
  subcommandGroup?: string;
  subcommand?: string;
  /** `{ query: 'attention', limit: 5 }`; types come from the registered command, else are inferred. */
  options?: Record<string, OptionValue>;
}

export interface AutocompleteInput extends CommandInput {
  /** Name of the option being typed; its value is options[focused] or ''. */
  focused: string;
}

export interface ComponentInput extends InteractionContextInput {
  customId: string;
  /** Message (or its id) the component sits on. Default: a synthetic bot message holding that component. */
  message?: string | APIMessage;
}

export interface SelectInput extends ComponentInput {
  values: string[];
}

const fail = (msg: string): never => {
  throw new Error(`fake-discord: ${msg}`);
};

function findComponent(list: unknown, customId: string): Record<string, unknown> | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const c of list as Record<string, unknown>[]) {
    if (c.custom_id === customId) return c;
    const inner = findComponent(c.components, customId) ?? (c.accessory ? findComponent([c.accessory], customId) : undefined);
    if (inner) return inner;
  }
  return undefined;
}

export class InteractionFactory {
  constructor(private readonly state: FakeState, private readonly dispatch: (t: string, d: unknown) => number) {}

  command(input: CommandInput): InteractionHandle {
    const { data, label } = this.commandData(input, undefined);
    return this.create(InteractionType.ApplicationCommand, input, data, label);
  }

  autocomplete(input: AutocompleteInput): InteractionHandle {
    const { data, label } = this.commandData(input, input.focused);
    return this.create(InteractionType.ApplicationCommandAutocomplete, input, data, `${label} (autocomplete ${input.focused})`);
  }

  button(input: ComponentInput): InteractionHandle {
    const message = this.componentMessage(input, ComponentType.Button);
    const data = { custom_id: input.customId, component_type: ComponentType.Button };
    return this.create(InteractionType.MessageComponent, { ...input, channelId: message.channel_id }, data, `button ${input.customId}`, message);
  }

  select(input: SelectInput): InteractionHandle {
    const message = this.componentMessage(input, ComponentType.StringSelect, input.values);
    const data = { custom_id: input.customId, component_type: ComponentType.StringSelect, values: input.values };
    return this.create(InteractionType.MessageComponent, { ...input, channelId: message.channel_id }, data, `select ${input.customId}`, message);
  }

  private registered(name: string, guildId: string | undefined): APIApplicationCommand | undefined {
    const match = (c: APIApplicationCommand) => c.name === name && c.type === ApplicationCommandType.ChatInput;
    return (guildId ? this.state.commands.get(guildId)?.find(match) : undefined) ?? this.state.commands.get('global')?.find(match);
  }

  private commandData(input: CommandInput, focused: string | undefined) {
    const guildId = input.dm ? undefined : (input.guildId ?? this.state.guilds.keys().next().value);
    const cmd = this.registered(input.name, guildId);
    let defs = cmd ? (cmd.options ?? []) : undefined;
    const path = [input.subcommandGroup, input.subcommand].filter((p): p is string => Boolean(p));
    for (const part of path) {
      const def = defs?.find((d) => d.name === part && (d.type === O.SubcommandGroup || d.type === O.Subcommand));
      if (defs && !def) fail(`/${input.name} has no subcommand (group) "${part}"`);
      defs = def && 'options' in def ? ((def.options ?? []) as APIApplicationCommandOption[]) : undefined;
    }
    const values = { ...input.options };
    if (focused !== undefined && !(focused in values)) values[focused] = '';
    const resolved: APIInteractionDataResolved = {};
    let options: RawOption[] = Object.entries(values).map(([name, value]) => {
      const def = defs?.find((d) => d.name === name);
      if (defs && !def) fail(`/${[input.name, ...path].join(' ')} has no option "${name}"`);
      const type = def?.type ?? (typeof value === 'boolean' ? O.Boolean : typeof value === 'number' ? (Number.isInteger(value) ? O.Integer : O.Number) : O.String);
      if (name !== focused) this.checkValue(type, name, value, resolved, guildId);
      return { name, type, value, ...(name === focused ? { focused: true } : {}) };
    });
    if (defs && focused === undefined) {
      for (const d of defs) if ('required' in d && d.required && !(d.name in values)) fail(`/${input.name}: required option "${d.name}" missing`);
    }
    if (input.subcommand) options = [{ name: input.subcommand, type: O.Subcommand, options }];
    if (input.subcommandGroup) options = [{ name: input.subcommandGroup, type: O.SubcommandGroup, options }];
    const data = {
      id: cmd?.id ?? this.state.snowflake(), name: input.name, type: ApplicationCommandType.ChatInput,
      ...(options.length ? { options } : {}), ...(cmd?.guild_id ? { guild_id: cmd.guild_id } : {}),
      ...(Object.keys(resolved).length ? { resolved } : {}),
    };
    return { data, label: `/${[input.name, ...path].join(' ')}` };
  }

  private checkValue(type: number, name: string, value: OptionValue, resolved: APIInteractionDataResolved, guildId: string | undefined): void {
    const bad = (want: string) => fail(`option "${name}" must be ${want}, got ${JSON.stringify(value)}`);
    if (type === O.String && typeof value !== 'string') bad('a string');
    if (type === O.Integer && !Number.isInteger(value)) bad('an integer');
    if (type === O.Number && typeof value !== 'number') bad('a number');
    if (type === O.Boolean && typeof value !== 'boolean') bad('a boolean');
    const id = String(value);
    if (type === O.User || type === O.Mentionable) {
      const user = this.state.users.get(id) ?? { id, username: `user${id.slice(-4)}`, discriminator: '0', global_name: null, avatar: null };
      resolved.users = { ...resolved.users, [id]: user };
    }
    const guild = guildId ? this.state.guilds.get(guildId) : undefined;
    const role = guild?.roles.find((r) => r.id === id);
    if ((type === O.Role || type === O.Mentionable) && role) resolved.roles = { ...resolved.roles, [id]: rolePayload(role) };
    const ch = this.state.channels.get(id);
    if (type === O.Channel) {
      if (!ch) bad('a known channel id');
      else resolved.channels = { ...resolved.channels, [id]: { id, name: ch.name, type: ch.type, permissions: String(DM_PERMISSIONS) } as never };
    }
  }

  private componentMessage(input: ComponentInput, type: ComponentType, values?: string[]): APIMessage {
    let message: APIMessage;
    if (typeof input.message === 'string') {
      const stored = this.state.messages.get(input.message);
      if (!stored || stored.deleted) return fail(`no message ${input.message} to click on`);
      message = stored.message;
    } else if (input.message) {
      message = input.message;
      if (!this.state.messages.has(message.id)) {
        this.state.addMessage({ message, channelId: message.channel_id, ephemeral: Boolean((message.flags ?? 0) & 64), deleted: false });
      }
    } else {
      const channelId = this.context(input).channel.id;
      const component = type === ComponentType.Button
        ? { type, style: ButtonStyle.Primary, label: input.customId, custom_id: input.customId }
        : { type, custom_id: input.customId, options: (values ?? []).map((v) => ({ label: v, value: v })), min_values: 1, max_values: Math.max(1, values?.length ?? 1) };
      message = {
        id: this.state.snowflake(), channel_id: channelId, author: this.state.config.botUser, content: 'component host', timestamp: new Date(this.state.now()).toISOString(),
        edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [], embeds: [], pinned: false,
        type: 0, flags: 0 as MessageFlags, components: [{ type: ComponentType.ActionRow, components: [component] }] as APIMessage['components'],
      };
      this.state.addMessage({ message, channelId, ephemeral: false, deleted: false });
      return message;
    }
    const component = findComponent(message.components, input.customId);
    if (!component) return fail(`message ${message.id} has no component with custom_id "${input.customId}"`);
    if (component.type !== type) fail(`component "${input.customId}" is type ${String(component.type)}, not ${type}`);
    if (values && Array.isArray(component.options)) {
      const allowed = new Set((component.options as { value: string }[]).map((o) => o.value));
      for (const v of values) if (!allowed.has(v)) fail(`select "${input.customId}" has no option "${v}"`);
    }
    return message;
  }

  private context(input: InteractionContextInput): { channel: ChannelState; user: APIUser; fields: Record<string, unknown> } {
    const { state } = this;
    const user: APIUser = { ...state.config.defaultUser, ...input.user };
    state.users.set(user.id, user);
    const channelArg = input.channelId ? state.channels.get(input.channelId) : undefined;
    if (input.channelId && !channelArg) fail(`unknown channel ${input.channelId}`);
    if (input.dm || channelArg?.type === ChannelType.DM) {
      const channel = channelArg ?? state.dmChannel(user);
      return {
        channel, user,
        fields: { user, context: 1, authorizing_integration_owners: { '0': '0' }, app_permissions: String(DM_PERMISSIONS) },
      };
    }
    const guild = state.guilds.get(input.guildId ?? channelArg?.guildId ?? state.guilds.keys().next().value ?? '') ?? fail(`unknown guild ${input.guildId}`);
    const channel = channelArg ?? guild.channelIds.map((id) => state.channels.get(id) as ChannelState).find((c) => isTextBased(c.type)) ?? fail(`guild ${guild.id} has no text channel`);
    if (channel.guildId !== guild.id) fail(`channel ${channel.id} is not in guild ${guild.id}`);
    const roles = input.member?.roles ?? [];
    const permissions = input.member?.permissions === undefined ? memberPermissions(guild, roles) : BigInt(input.member.permissions);
    const member: APIInteractionGuildMember = { ...memberPayload(user, roles, guild.joinedAt), nick: input.member?.nick ?? null, permissions: String(permissions), user };
    return {
      channel, user,
      fields: {
        guild_id: guild.id, guild: { id: guild.id, locale: guild.locale, features: [] }, guild_locale: guild.locale, member, context: 0,
        authorizing_integration_owners: { '0': guild.id }, app_permissions: String(botChannelPermissions(guild, channel)),
      },
    };
  }

  private create(type: InteractionType, input: InteractionContextInput, data: unknown, label: string, message?: APIMessage): InteractionHandle {
    const { state } = this;
    const { channel, user, fields } = this.context(input);
    const id = state.snowflake();
    const token = Buffer.from(`interaction:${id}:${randomBytes(32).toString('hex')}`).toString('base64url');
    const payload = {
      id, application_id: state.config.applicationId, type, data, token, version: 1, channel: channelPayload(state, channel), channel_id: channel.id,
      locale: input.locale ?? 'en-US', entitlements: [], attachment_size_limit: 10_485_760, ...fields, ...(message ? { message } : {}),
    } as unknown as APIInteraction;
    const i: InteractionState = {
      id, token, type, payload, channelId: channel.id, guildId: channel.guildId, user, createdAt: state.now(), loading: false, ephemeralDefer: false,
      followUpIds: [], events: [], ...(message ? { componentMessageId: message.id } : {}),
    };
    state.interactions.set(id, i);
    state.interactionsByToken.set(token, i);
    try {
      this.dispatch('INTERACTION_CREATE', payload);
    } catch (err) {
      state.interactions.delete(id);
      state.interactionsByToken.delete(token);
      throw err;
    }
    state.notify();
    return new InteractionHandle(state, i, label);
  }
}
