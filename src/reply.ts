// Reply payloads: Discord's own message JSON. Every front door (gateway bot, console, CLI) renders these.
import type {
  APIApplicationCommandOptionChoice,
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIAllowedMentions,
} from 'discord-api-types/v10';
import { MessageFlags } from 'discord-api-types/v10';

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** One autocomplete answer. Here, beside the other reply shapes, so card code can check it without the command layer. */
export type Choice = APIApplicationCommandOptionChoice<string>;

export interface ReplyPayload {
  content?: string;
  embeds?: APIEmbed[];
  components?: ActionRow[];
  flags?: number;
  /** Always present and empty: nothing the bot sends may ping anyone. */
  allowed_mentions: APIAllowedMentions;
}

/**
 * What a handler asks the transport to do.
 * - message: a new reply (slash command, or a button that posts, like Share)
 * - update: edit the message the button sits on (pagination, "another one", a vote count); `settle`, when
 *   present, runs once the update is delivered
 */
export type Reply = { kind: 'message'; payload: ReplyPayload } | { kind: 'update'; payload: ReplyPayload; settle?: Settle };

/**
 * Run by the transport after an update reached Discord, with a way to edit that same message again:
 * a vote press uses it to correct a count that a concurrent press's update overtook (src/votes/settle.ts).
 */
export type Settle = (edit: (payload: ReplyPayload) => Promise<void>) => Promise<void>;

export const NO_MENTIONS: APIAllowedMentions = Object.freeze({ parse: [] }) as APIAllowedMentions;

export function payload(parts: Omit<ReplyPayload, 'allowed_mentions'>, opts: { ephemeral?: boolean } = {}): ReplyPayload {
  const flags = (parts.flags ?? 0) | (opts.ephemeral ? MessageFlags.Ephemeral : 0);
  return { ...parts, ...(flags ? { flags } : {}), allowed_mentions: { parse: [] } };
}

export function message(parts: Omit<ReplyPayload, 'allowed_mentions'>, opts: { ephemeral?: boolean } = {}): Reply {
  return { kind: 'message', payload: payload(parts, opts) };
}

export function update(parts: Omit<ReplyPayload, 'allowed_mentions'>): Reply {
  return { kind: 'update', payload: payload(parts) };
}

/** A friendly, ephemeral error. Used for bad input and by the router's error boundary. */
export function errorReply(text: string): Reply {
  return message({ content: `⚠️ ${text}` }, { ephemeral: true });
}

export function isEphemeral(p: ReplyPayload): boolean {
  return ((p.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
}
