// The shape of a command module (one file per slash command under commands/).
// Handlers are transport-neutral: the gateway bot, the console and tests all call them the same way.
import type { APIEmbed, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { z } from 'zod';
import type { Context } from './context.js';
import type { ComponentAction } from './custom-id.js';
import type { ActionRow, Choice, Reply } from './reply.js';
import { UserError } from './errors.js';

export type OptionValue = string | number | boolean;

/** Who is asking, and where. */
export interface Invocation {
  user: { id: string; name: string };
  guildId: string | null;
  channelId: string | null;
  /** The member's permission bitfield in this channel; null outside a server (DMs, console). */
  permissions: bigint | null;
}

export interface CommandRequest extends Invocation {
  subcommand: string | null;
  /** Option values by name, as sent (already typed by Discord: strings, numbers, booleans, ids). */
  options: Record<string, OptionValue>;
}

export interface AutocompleteRequest extends CommandRequest {
  focused: { name: string; value: string };
}

/** The message a button was pressed on, as Discord holds it (a vote press rewrites its ▲ labels). */
export interface MessageSnapshot {
  id: string;
  content?: string;
  embeds: APIEmbed[];
  components: ActionRow[];
}

export interface ComponentRequest extends Invocation {
  action: ComponentAction;
  /** Selected values, for select menus. */
  values: string[];
  /** The message the component sits on, when the transport knows it (Discord and the console do). */
  message?: MessageSnapshot;
}

export type { Choice } from './reply.js';
export type ComponentHandler = (ctx: Context, req: ComponentRequest) => Reply | Promise<Reply>;

export interface Command {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(ctx: Context, req: CommandRequest): Reply | Promise<Reply>;
  autocomplete?(ctx: Context, req: AutocompleteRequest): Choice[];
  /** Button and menu handlers this command owns, by action. */
  components?: Partial<Record<ComponentAction['action'], ComponentHandler>>;
  /** Defer before running (the work may exceed Discord's 3 s window). `ephemeral` decides the deferral's visibility. */
  defer?: { ephemeral: boolean } | ((req: CommandRequest) => { ephemeral: boolean });
}

/** Validates raw options with a command's zod schema; the first problem becomes a friendly UserError. */
export function parseOptions<S extends z.ZodType>(schema: S, options: Record<string, OptionValue>): z.infer<S> {
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'input';
  throw new UserError(`Option \`${field}\`: ${issue?.message ?? 'invalid value'}`);
}
