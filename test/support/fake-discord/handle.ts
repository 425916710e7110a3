// What a test holds after injecting an interaction: its payload and everything the bot did with it.
import type { APIInteraction, APIMessage } from 'discord-api-types/v10';
import type { CallbackRecord, FakeState, InteractionEvent, InteractionEventKind, InteractionState, StoredMessage } from './state.js';

export class InteractionHandle {
  constructor(
    private readonly state: FakeState,
    private readonly i: InteractionState,
    /** Human label for error messages, e.g. `/paper search` or `button paper:more`. */
    readonly label: string,
  ) {}

  get id(): string {
    return this.i.id;
  }

  get token(): string {
    return this.i.token;
  }

  /** The INTERACTION_CREATE payload that was dispatched. */
  get payload(): APIInteraction {
    return this.i.payload;
  }

  /** Callback, edits, follow-ups and deletes in the order the fake accepted them. */
  get events(): readonly InteractionEvent[] {
    return this.i.events;
  }

  /** The accepted initial response, if any yet. */
  get response(): CallbackRecord | undefined {
    return this.i.callback;
  }

  /** Resolves with the initial response (type + data) once the bot has sent it. */
  callback(timeoutMs = 10_000): Promise<CallbackRecord> {
    return this.state.waitFor(() => this.i.callback, { timeoutMs, describe: () => this.describe('an initial response') });
  }

  /** Resolves once at least `count` events (callback counts as one) have happened; returns them all. */
  waitFor(count: number, timeoutMs = 10_000): Promise<InteractionEvent[]> {
    return this.state.waitFor(() => (this.i.events.length >= count ? [...this.i.events] : undefined), {
      timeoutMs,
      describe: () => this.describe(`${count} event(s)`),
    });
  }

  /** Resolves with the first event of `kind` (optionally the n-th, 1-based). */
  waitForEvent(kind: InteractionEventKind, nth = 1, timeoutMs = 10_000): Promise<InteractionEvent> {
    return this.state.waitFor(() => this.i.events.filter((e) => e.kind === kind)[nth - 1], {
      timeoutMs,
      describe: () => this.describe(`${kind} #${nth}`),
    });
  }

  /** Current state of the @original message (reply, deferred message, or the updated component message). */
  original(): APIMessage | undefined {
    const stored = this.i.originalId ? this.state.messages.get(this.i.originalId) : undefined;
    return stored && !stored.deleted ? stored.message : undefined;
  }

  /** Current state of follow-up messages that still exist, oldest first. */
  followUps(): APIMessage[] {
    return this.i.followUpIds
      .map((id) => this.state.messages.get(id))
      .filter((m): m is StoredMessage => m !== undefined && !m.deleted)
      .map((m) => m.message);
  }

  private describe(what: string): string {
    const got = this.i.events.map((e) => (e.kind === 'callback' ? `callback(type ${this.i.callback?.type})` : e.kind));
    const failed = this.state.requests
      .filter((r) => r.status >= 400 && (r.path.includes(this.i.id) || r.path.includes(this.i.token)))
      .map((r) => `${r.method} ${r.path.replace(this.i.token, '<token>')} → ${r.status}`);
    const unexpected = this.state.unexpected.map((r) => `${r.method} ${r.path}`);
    return [
      `for ${what} on interaction ${this.i.id} (${this.label}); got [${got.join(', ')}]`,
      failed.length ? `failed requests: ${failed.join('; ')}` : '',
      unexpected.length ? `unexpected requests: ${unexpected.join('; ')}` : '',
    ].filter(Boolean).join('\n  ');
  }
}
