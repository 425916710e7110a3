// The console's state machine: one typed line in, the text to show out. It runs commands and
// button presses through the same dispatch (and error boundary) the Discord router uses, and keeps
// the numbered actions of the most recent message that has any, as Discord keeps old buttons live.
import { userInfo } from 'node:os';
import { MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import type { Invocation, MessageSnapshot } from '../command.js';
import type { Context } from '../context.js';
import { runAutocomplete, runCommand, runComponent, type Registry } from '../dispatch.js';
import { isEphemeral, type Reply } from '../reply.js';
import { type Autocomplete, type Completion, completeLine } from './complete.js';
import type { CommandDefinition } from './grammar.js';
import { consoleHelp } from './help.js';
import { parseLine } from './parse-line.js';
import { type Action, renderPayload } from './render.js';
import { dim } from './styled.js';

export const PUBLIC_POST_HEADER = 'would be posted publicly in the channel:';

export interface SessionOptions {
  /** Read on every render, so a resized terminal gets a fitting layout. */
  width: () => number;
  color: boolean;
  who?: Invocation;
}

export interface Session {
  /** Handles one typed line. `text` is empty when there is nothing to show. */
  handle(line: string): Promise<{ text: string; quit: boolean }>;
  complete(line: string): Completion;
  readonly actions: readonly Action[];
  readonly who: Invocation;
  readonly definitions: readonly CommandDefinition[];
}

function osUserName(): string {
  try {
    return userInfo().username || 'you';
  } catch {
    return 'you'; // no passwd entry (some containers)
  }
}

/**
 * Who the console acts as. The person at the terminal owns this local instance, so they get every
 * permission (Administrator | Manage Server) and a pretend server and channel named "console":
 * /daily then reads and writes the local database's settings for that server id, as a server admin would.
 */
export function consoleInvocation(name = osUserName()): Invocation {
  return {
    user: { id: 'console', name },
    guildId: 'console',
    channelId: 'console',
    permissions: PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageGuild,
  };
}

export function createSession(ctx: Context, registry: Registry, opts: SessionOptions): Session {
  const who = opts.who ?? consoleInvocation();
  const definitions = [...registry.commands.values()].map((c) => c.data);
  let actions: Action[] = [];
  // Whether the message owning those actions is ephemeral: an update keeps its visibility, as in Discord.
  let ephemeral = false;
  // That message itself, for handlers that rewrite the message they were pressed on (a ▲ vote count).
  let owner: MessageSnapshot | undefined;
  let messages = 0;
  const warn = (message: string) => ({ text: `⚠️ ${message}`, quit: false });

  function show(reply: Reply, fromComponent: boolean): string {
    let shown = reply.payload;
    if (reply.kind === 'update' && ephemeral) shown = { ...shown, flags: (shown.flags ?? 0) | MessageFlags.Ephemeral };
    const rendered = renderPayload(shown, { width: opts.width(), color: opts.color });
    // An update replaces the message whose actions were on screen; a new message takes over only
    // if it brings actions of its own (an error or a public post leaves the previous ones usable).
    if (reply.kind === 'update' || rendered.actions.length) {
      actions = rendered.actions;
      ephemeral = isEphemeral(shown);
      // An update edits the same message (same id); a new message gets a new one.
      const id = reply.kind === 'update' && owner ? owner.id : `console-${++messages}`;
      owner = { id, ...(shown.content ? { content: shown.content } : {}), embeds: shown.embeds ?? [], components: shown.components ?? [] };
    }
    if (fromComponent && reply.kind === 'message' && !isEphemeral(shown)) {
      return `${dim(PUBLIC_POST_HEADER, opts.color)}\n${rendered.text}`;
    }
    return rendered.text;
  }

  async function press(n: number): Promise<string> {
    const action = actions.find((a) => a.n === n);
    if (!action) {
      if (!actions.length) return `⚠️ There is nothing to press: no message on screen has buttons.`;
      return `⚠️ There is no [${n}]; choose a number from 1 to ${actions.length}.`;
    }
    const echo = dim(`» ${action.kind === 'select' ? `${action.verb}: ${action.label}` : action.label}`, opts.color);
    if (action.kind === 'link') return `${echo}\nOpen in your browser: ${action.url}`;
    const values = action.kind === 'select' ? [action.value] : [];
    // One person at one terminal: presses never race, so an update's settle step has nothing to correct.
    const reply = await runComponent(ctx, registry, action.customId, values, who, owner);
    return `${echo}\n${show(reply, true)}`;
  }

  const autocomplete: Autocomplete = (command, req) => runAutocomplete(ctx, registry, command, { ...who, ...req });

  return {
    who,
    definitions,
    get actions() {
      return actions;
    },
    complete: (line) => completeLine(line, definitions, autocomplete),
    async handle(line) {
      const parsed = parseLine(line, definitions);
      switch (parsed.kind) {
        case 'empty':
          return { text: '', quit: false };
        case 'quit':
          return { text: '', quit: true };
        case 'help':
          return { text: consoleHelp(definitions, opts.color), quit: false };
        case 'error':
          return warn(parsed.message);
        case 'press':
          return { text: await press(parsed.n), quit: false };
        case 'command': {
          const reply = await runCommand(ctx, registry, parsed.name, { ...who, subcommand: parsed.subcommand, options: parsed.options });
          return { text: show(reply, false), quit: false };
        }
      }
    },
  };
}
