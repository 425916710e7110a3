// Keeps a vote count shown on a message right when presses race. Each press answers with an update of
// the message carrying the counts it read, but Discord may apply two concurrent updates in either order,
// so the message could end on an older count. After its update is delivered, each press re-reads the
// counts and edits the message again if what was last delivered differs; those re-edits run one at a
// time per message, so the last one to run reads the final counts and is the last edit applied.
// In-process only: all of a server's interactions reach one shard (src/shard/ownership.ts).
import type { ReplyPayload, Settle } from '../reply.js';

/** What a message shows: `key` identifies the counts on it (two payloads with equal keys look the same). */
export interface Shown {
  key: string;
  payload: ReplyPayload;
}

interface MessageState {
  /** Key of the update or edit that most recently finished delivering. */
  delivered: string;
  /** Re-edits for this message, one after another. */
  queue: Promise<void>;
  /** Presses whose settle has not finished; the entry is dropped at zero. */
  pending: number;
}

export interface SettleTracker {
  /** The Settle for an update that showed `sent`; `latest` re-reads the counts when it runs. */
  settle(messageId: string, sent: string, latest: () => Shown): Settle;
  /** Messages with presses still settling. */
  readonly active: number;
  /**
   * Settle steps handed out (with an update) that have not finished yet. An update whose delivery failed
   * never settles and stays counted, so this is for tests and diagnostics: zero once every press is done.
   */
  readonly unsettled: number;
}

export function createSettleTracker(): SettleTracker {
  const messages = new Map<string, MessageState>();
  let unsettled = 0;
  return {
    get active() {
      return messages.size;
    },
    get unsettled() {
      return unsettled;
    },
    settle(messageId, sent, latest) {
      unsettled++;
      return async (edit) => {
        // Called once our update reached Discord: it is now the most recent thing the message shows.
        let state = messages.get(messageId);
        if (!state) messages.set(messageId, (state = { delivered: sent, queue: Promise.resolve(), pending: 0 }));
        state.delivered = sent;
        state.pending++;
        const s = state;
        const run = s.queue.then(async () => {
          const now = latest();
          if (now.key === s.delivered) return;
          await edit(now.payload);
          s.delivered = now.key;
        });
        s.queue = run.catch(() => undefined);
        try {
          await run;
        } finally {
          unsettled--;
          if (--s.pending === 0 && messages.get(messageId) === s) messages.delete(messageId);
        }
      };
    },
  };
}
