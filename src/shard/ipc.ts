// Messages between the ShardingManager process and its shards (Node's IPC channel, which the manager
// opens when it forks a shard). Work that must happen once, such as the corpus sync, runs in the
// manager; when it has written a new corpus revision it announces it, and every shard swaps to it.
// A shard that is (re)spawned later loads the current revision at start-up, so missing an
// announcement while down loses nothing.
import { z } from 'zod';

const CorpusRevisionMessage = z.object({ type: z.literal('paperboy:corpus-revision'), revision: z.number().int().nonnegative() });
export type CorpusRevisionMessage = z.infer<typeof CorpusRevisionMessage>;

/** Anything that can broadcast to every shard: discord.js's ShardingManager. */
export interface ShardBroadcaster {
  broadcast(message: unknown): Promise<unknown>;
}

/** Manager side: tell every running shard that the corpus store now holds `revision`. */
export async function announceCorpusRevision(manager: ShardBroadcaster, revision: number): Promise<void> {
  const message: CorpusRevisionMessage = { type: 'paperboy:corpus-revision', revision };
  await manager.broadcast(message);
}

/** Where a shard receives the manager's messages: its own process (or a stand-in in tests). */
export interface MessageSource {
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/**
 * Shard side: calls `onRevision` for each announced revision. Other messages on the channel (discord.js
 * uses it for its own eval/fetch requests) are ignored. Returns a function that stops listening.
 */
export function listenForCorpusRevisions(onRevision: (revision: number) => void, source: MessageSource = process): () => void {
  const listener = (message: unknown) => {
    const parsed = CorpusRevisionMessage.safeParse(message);
    if (parsed.success) onRevision(parsed.data.revision);
  };
  source.on('message', listener);
  return () => void source.off('message', listener);
}
