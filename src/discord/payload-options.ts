// ReplyPayload (Discord JSON) -> discord.js option objects. The only place that knows both shapes.
import type { InteractionReplyOptions, InteractionUpdateOptions } from 'discord.js';
import { MessageFlags } from 'discord.js';
import type { ReplyFile, ReplyPayload } from '../reply.js';

const NO_PINGS = { parse: [] } as const;

/** discord.js uploads these as multipart `files[n]` with matching `attachments` entries. */
export function toAttachments(files: readonly ReplyFile[] | undefined) {
  return files?.length ? { files: files.map((f) => ({ attachment: Buffer.from(f.data), name: f.name, ...(f.description ? { description: f.description } : {}) })) } : {};
}

export function toReplyOptions(p: ReplyPayload): InteractionReplyOptions {
  return {
    content: p.content,
    embeds: p.embeds ?? [],
    components: p.components ?? [],
    allowedMentions: { ...NO_PINGS },
    ...toAttachments(p.files),
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
    ...toAttachments(p.files),
  } as InteractionUpdateOptions;
}
