// ReplyPayload (Discord JSON) -> discord.js option objects. The only place that knows both shapes.
import type { InteractionReplyOptions, InteractionUpdateOptions } from 'discord.js';
import { MessageFlags } from 'discord.js';
import type { ReplyPayload } from '../reply.js';

const NO_PINGS = { parse: [] } as const;

export function toReplyOptions(p: ReplyPayload): InteractionReplyOptions {
  return {
    content: p.content,
    embeds: p.embeds ?? [],
    components: p.components ?? [],
    allowedMentions: { ...NO_PINGS },
    ...(p.flags ? { flags: p.flags & (MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds) } : {}),
  } as InteractionReplyOptions;
}

/** Edits cannot change visibility, so flags are dropped. */
export function toUpdateOptions(p: ReplyPayload): InteractionUpdateOptions {
  return {
    content: p.content ?? null,
    embeds: p.embeds ?? [],
    components: p.components ?? [],
    allowedMentions: { ...NO_PINGS },
  } as InteractionUpdateOptions;
}
