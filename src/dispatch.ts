// Transport-neutral dispatch with the one error boundary. The Discord router and the local console
// both turn their input into these requests and render whatever Reply comes back.
import type { AutocompleteRequest, Choice, Command, CommandRequest, ComponentRequest, Invocation, MessageSnapshot } from './command.js';
import { pinView, type Context } from './context.js';
import { decodeCustomId, type ComponentAction } from './custom-id.js';
import { isUserError } from './errors.js';
import { errorReply, type Reply } from './reply.js';
import { stripControls, stripControlsDeep } from './safe-text.js';

export const GENERIC_ERROR = 'Something went wrong on our side while handling that. It has been logged; please try again.';
export const EXPIRED_COMPONENT = 'This button has expired or is no longer valid. Run the command again.';

export interface Registry {
  commands: ReadonlyMap<string, Command>;
  components: ReadonlyMap<ComponentAction['action'], NonNullable<Command['components']>[ComponentAction['action']]>;
}

export function buildRegistry(list: readonly Command[]): Registry {
  const commands = new Map<string, Command>();
  const components = new Map<ComponentAction['action'], NonNullable<Command['components']>[ComponentAction['action']]>();
  for (const command of list) {
    if (commands.has(command.data.name)) throw new Error(`duplicate command /${command.data.name}`);
    commands.set(command.data.name, command);
    for (const [action, handler] of Object.entries(command.components ?? {})) {
      if (components.has(action as ComponentAction['action'])) throw new Error(`duplicate component action ${action}`);
      components.set(action as ComponentAction['action'], handler);
    }
  }
  return { commands, components };
}

/**
 * Runs a handler; a UserError becomes its friendly message, anything else a logged generic apology.
 * Every reply leaves with control characters removed: an error message may quote what was typed.
 */
async function guarded(ctx: Context, what: Record<string, unknown>, run: () => Reply | Promise<Reply>): Promise<Reply> {
  return stripControlsDeep(await unguarded(ctx, what, run));
}

async function unguarded(ctx: Context, what: Record<string, unknown>, run: () => Reply | Promise<Reply>): Promise<Reply> {
  try {
    return await run();
  } catch (err) {
    if (isUserError(err)) return errorReply(err.message);
    ctx.logger.error({ err, ...what }, 'handler failed');
    return errorReply(GENERIC_ERROR);
  }
}

export function runCommand(live: Context, registry: Registry, name: string, req: CommandRequest): Promise<Reply> {
  const ctx = pinView(live);
  const command = registry.commands.get(name);
  if (!command) return Promise.resolve(errorReply(`Unknown command \`/${name}\`. It may have been removed; try /help.`));
  return guarded(ctx, { command: name, subcommand: req.subcommand }, () => command.execute(ctx, req));
}

export function runComponent(live: Context, registry: Registry, customId: string, values: string[], who: Invocation, message?: MessageSnapshot): Promise<Reply> {
  const ctx = pinView(live);
  const action = decodeCustomId(customId);
  const handler = action && registry.components.get(action.action);
  if (!action || !handler) return Promise.resolve(errorReply(EXPIRED_COMPONENT));
  const req: ComponentRequest = { ...who, action, values, ...(message ? { message } : {}) };
  return guarded(ctx, { component: action.action }, () => handler(ctx, req));
}

/** Longest text autocomplete looks at when the option declares no max_length of its own. */
export const AUTOCOMPLETE_INPUT_MAX = 200;

/** The focused option's declared max_length (Discord enforces it while typing; a forged request may not). */
function focusedMax(command: Command, req: AutocompleteRequest): number {
  type Opt = { name: string; max_length?: number; options?: Opt[] };
  let options = (command.data.options ?? []) as Opt[];
  for (const part of req.subcommand?.split(' ') ?? []) options = options.find((o) => o.name === part)?.options ?? [];
  return options.find((o) => o.name === req.focused.name)?.max_length ?? AUTOCOMPLETE_INPUT_MAX;
}

/** Autocomplete never throws to the caller: a failure logs and yields no choices. */
export function runAutocomplete(live: Context, registry: Registry, name: string, req: AutocompleteRequest): Choice[] {
  const ctx = pinView(live);
  const command = registry.commands.get(name);
  if (!command?.autocomplete) return [];
  // Every input has a size bound: a value longer than the option allows matches nothing (and would cost
  // hundreds of milliseconds of fuzzy matching at 6,000 characters).
  if (req.focused.value.length > Math.min(focusedMax(command, req), AUTOCOMPLETE_INPUT_MAX)) return [];
  try {
    return command.autocomplete(ctx, req)
      .slice(0, 25)
      .map((c) => ({ ...c, name: stripControls(c.name) || c.value }));
  } catch (err) {
    ctx.logger.error({ err, command: name, option: req.focused.name }, 'autocomplete failed');
    return [];
  }
}

/** Whether and how to defer a command before running it. */
export function deferralFor(registry: Registry, name: string, req: CommandRequest): { ephemeral: boolean } | null {
  const d = registry.commands.get(name)?.defer;
  if (!d) return null;
  return typeof d === 'function' ? d(req) : d;
}
