// `npm run deploy-commands`: pushes every command definition with one bulk overwrite (idempotent),
// to DISCORD_GUILD_ID when set (instant, for development) or globally, and prints what changed.
import { REST } from 'discord.js';
import { Routes, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { pathToFileURL } from 'node:url';
import { commands } from '../../commands/index.js';
import { loadEnvFile } from '../env-file.js';
import { ConfigError, loadConfig } from '../config.js';

type Definition = RESTPostAPIChatInputApplicationCommandsJSONBody;

export interface DeployDiff {
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: string[];
}

/** The fields Discord keeps from what we send, with its defaults filled in, so equal means unchanged. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (!value || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  const keep = ['type', 'name', 'description', 'required', 'choices', 'autocomplete', 'options', 'min_value', 'max_value', 'min_length', 'max_length', 'channel_types', 'value', 'default_member_permissions', 'contexts', 'nsfw'];
  const out: Record<string, unknown> = {};
  for (const k of keep) {
    let v = o[k];
    if (k === 'required' || k === 'autocomplete' || k === 'nsfw') v = v ?? false;
    if (k === 'default_member_permissions') v = v ?? null;
    // Discord echoes unset fields as null (contexts) or [] (options); those equal leaving them out.
    if (v === undefined || (v === null && k !== 'default_member_permissions') || (Array.isArray(v) && v.length === 0 && k === 'options')) continue;
    out[k] = normalize(v);
  }
  return out;
}

export function diffCommands(existing: readonly Definition[], next: readonly Definition[]): DeployDiff {
  const before = new Map(existing.map((c) => [c.name, JSON.stringify(normalize({ ...c, type: c.type ?? 1 }))]));
  const diff: DeployDiff = { added: [], updated: [], removed: [], unchanged: [] };
  for (const c of next) {
    const prev = before.get(c.name);
    if (prev === undefined) diff.added.push(c.name);
    else if (prev === JSON.stringify(normalize({ ...c, type: c.type ?? 1 }))) diff.unchanged.push(c.name);
    else diff.updated.push(c.name);
    before.delete(c.name);
  }
  diff.removed.push(...before.keys());
  return diff;
}

export async function deployCommands(opts: { token: string; clientId: string; guildId?: string; apiBase?: string; definitions?: Definition[] }): Promise<DeployDiff> {
  const rest = new REST(opts.apiBase ? { api: opts.apiBase } : {}).setToken(opts.token);
  const route = opts.guildId ? Routes.applicationGuildCommands(opts.clientId, opts.guildId) : Routes.applicationCommands(opts.clientId);
  const definitions = opts.definitions ?? commands.map((c) => c.data);
  const existing = (await rest.get(route)) as Definition[];
  const diff = diffCommands(existing, definitions);
  await rest.put(route, { body: definitions });
  return diff;
}

export function describeDiff(diff: DeployDiff, where: string): string {
  const part = (label: string, names: string[]) => (names.length ? `${label}: ${names.map((n) => `/${n}`).join(', ')}` : `${label}: none`);
  return [`Deployed ${diff.added.length + diff.updated.length + diff.unchanged.length} commands ${where}.`, part('added', diff.added), part('updated', diff.updated), part('removed', diff.removed), `unchanged: ${diff.unchanged.length}`].join('\n');
}

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  if (!config.discordToken || !config.discordClientId) {
    throw new ConfigError('DISCORD_TOKEN and DISCORD_CLIENT_ID must be set to deploy commands (see .env.example).');
  }
  const where = config.discordGuildId ? `to server ${config.discordGuildId}` : 'globally (may take up to an hour to appear everywhere)';
  const diff = await deployCommands({ token: config.discordToken, clientId: config.discordClientId, guildId: config.discordGuildId, apiBase: config.discordApiBase });
  console.log(describeDiff(diff, where));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : `deploy-commands failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
