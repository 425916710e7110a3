// Application command routes: global and guild scope, bulk overwrite (PUT), create (POST), get, delete.
import { ApplicationCommandType, type APIApplicationCommand } from 'discord-api-types/v10';
import { ApiError, Errors, formError } from './errors.js';
import type { RouteContext, RouteDef, RouteResult } from './rest.js';
import type { FakeState } from './state.js';

type Body = Record<string, unknown>;

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function checkName(name: unknown, path: string, lower: boolean): void {
  if (typeof name !== 'string' || !NAME.test(name) || (lower && name !== name.toLowerCase())) {
    throw formError(`${path}.name`, 'APPLICATION_COMMAND_INVALID_NAME', `Command name is invalid: ${JSON.stringify(name)}`);
  }
}

function checkDescription(desc: unknown, path: string): void {
  if (typeof desc !== 'string' || desc.length < 1 || desc.length > 100) {
    throw formError(`${path}.description`, 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
  }
}

function checkOptions(options: unknown, path: string): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) throw formError(`${path}.options`, 'BASE_TYPE_ARRAY', 'Must be an array.');
  if (options.length > 25) throw formError(`${path}.options`, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  let sawOptional = false;
  const names = new Set<string>();
  (options as Body[]).forEach((o, i) => {
    const here = `${path}.options.${i}`;
    checkName(o.name, here, true);
    checkDescription(o.description, here);
    if (names.has(o.name as string)) throw formError(`${here}.name`, 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', 'Option name already exists');
    names.add(o.name as string);
    if (Array.isArray(o.choices) && o.choices.length > 25) throw formError(`${here}.choices`, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    if (o.required && sawOptional) {
      throw formError(`${here}.required`, 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    }
    if (!o.required && o.type !== 1 && o.type !== 2) sawOptional = true;
    if (o.type === 1 || o.type === 2) checkOptions(o.options, here);
  });
}

function validate(cmd: Body, path: string): void {
  const type = (cmd.type as number | undefined) ?? ApplicationCommandType.ChatInput;
  const chatInput = type === ApplicationCommandType.ChatInput;
  checkName(cmd.name, path, chatInput);
  if (chatInput) checkDescription(cmd.description, path);
  else if (cmd.description) throw formError(`${path}.description`, 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have description');
  if (chatInput) checkOptions(cmd.options, path);
  else if (Array.isArray(cmd.options) && cmd.options.length) throw formError(`${path}.options`, 'BASE_TYPE_MAX_LENGTH', 'Must be 0 or fewer in length.');
}

function toCommand(state: FakeState, cmd: Body, guildId: string | undefined, existing: APIApplicationCommand | undefined): APIApplicationCommand {
  const type = (cmd.type as ApplicationCommandType | undefined) ?? ApplicationCommandType.ChatInput;
  const out: Record<string, unknown> = {
    id: existing?.id ?? state.snowflake(),
    application_id: state.config.applicationId,
    version: state.snowflake(),
    type,
    name: cmd.name,
    name_localizations: cmd.name_localizations ?? null,
    description: (cmd.description as string | undefined) ?? '',
    description_localizations: cmd.description_localizations ?? null,
    default_member_permissions: cmd.default_member_permissions ?? null,
    nsfw: Boolean(cmd.nsfw),
    contexts: cmd.contexts ?? null,
    integration_types: cmd.integration_types ?? [0],
  };
  if (Array.isArray(cmd.options) && cmd.options.length) out.options = cmd.options;
  if (guildId) out.guild_id = guildId;
  else out.dm_permission = cmd.dm_permission ?? true;
  return out as unknown as APIApplicationCommand;
}

function scope(ctx: RouteContext): string {
  if (ctx.params.applicationId !== ctx.state.config.applicationId) throw Errors.missingAccess();
  const guildId = ctx.params.guildId;
  if (guildId === undefined) return 'global';
  if (!ctx.state.guilds.has(guildId)) throw Errors.missingAccess();
  return guildId;
}

const list = (ctx: RouteContext, key: string) => ctx.state.commands.get(key) ?? [];

function put(ctx: RouteContext): RouteResult {
  const key = scope(ctx);
  if (!Array.isArray(ctx.body)) throw formError('_errors', 'BASE_TYPE_ARRAY', 'Must be an array.');
  const body = ctx.body as Body[];
  if (body.length > 100) throw new ApiError(400, 30032, 'Maximum number of application commands reached (100)');
  const seen = new Set<string>();
  body.forEach((cmd, i) => {
    validate(cmd, String(i));
    const id = `${String(cmd.type ?? 1)}:${String(cmd.name)}`;
    if (seen.has(id)) throw formError(`${i}.name`, 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
    seen.add(id);
  });
  const old = list(ctx, key);
  const guildId = key === 'global' ? undefined : key;
  const next = body.map((cmd) => toCommand(ctx.state, cmd, guildId, old.find((o) => o.name === cmd.name && o.type === (cmd.type ?? 1))));
  ctx.state.commands.set(key, next);
  ctx.state.notify();
  return { status: 200, body: next };
}

function post(ctx: RouteContext): RouteResult {
  const key = scope(ctx);
  const cmd = ctx.body as Body;
  validate(cmd ?? {}, '_root');
  const old = list(ctx, key);
  const existing = old.find((o) => o.name === cmd.name && o.type === (cmd.type ?? 1));
  const made = toCommand(ctx.state, cmd, key === 'global' ? undefined : key, existing);
  ctx.state.commands.set(key, [...old.filter((o) => o !== existing), made]);
  ctx.state.notify();
  return { status: existing ? 200 : 201, body: made };
}

function findOne(ctx: RouteContext): { key: string; cmd: APIApplicationCommand } {
  const key = scope(ctx);
  const cmd = list(ctx, key).find((c) => c.id === ctx.params.commandId);
  if (!cmd) throw Errors.unknownCommand();
  return { key, cmd };
}

export function commandRoutes(): RouteDef[] {
  const routes: RouteDef[] = [];
  for (const base of ['/applications/:applicationId/commands', '/applications/:applicationId/guilds/:guildId/commands']) {
    routes.push(
      { method: 'GET', template: base, auth: true, handler: (ctx) => ({ status: 200, body: list(ctx, scope(ctx)) }) },
      { method: 'PUT', template: base, auth: true, handler: put },
      { method: 'POST', template: base, auth: true, handler: post },
      { method: 'GET', template: `${base}/:commandId`, auth: true, handler: (ctx) => ({ status: 200, body: findOne(ctx).cmd }) },
      {
        method: 'DELETE', template: `${base}/:commandId`, auth: true, handler: (ctx) => {
          const { key, cmd } = findOne(ctx);
          ctx.state.commands.set(key, list(ctx, key).filter((c) => c !== cmd));
          ctx.state.notify();
          return { status: 204 };
        },
      },
    );
  }
  return routes;
}
