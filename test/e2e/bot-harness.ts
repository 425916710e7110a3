// Starts the real bot (src/main.ts startBotApp, the path `npm start` takes with a token) against the
// fake Discord, with commands deployed the way `npm run deploy-commands` does it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InteractionResponseType } from 'discord-api-types/v10';
import { expect } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { openCorpusStore } from '../../src/corpus/store.js';
import { addDays } from '../../src/sync/plan.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { createLogger } from '../../src/logger.js';
import { startBotApp, type App, type BotAppOptions } from '../../src/main.js';
import { payloadLimitViolations } from '../../src/cards/limits.js';
import type { ReplyPayload } from '../../src/reply.js';
import { startFakeDiscord, type CallbackRecord, type FakeDiscord, type FakeDiscordOptions, type InteractionHandle } from '../support/fake-discord.js';

/** Shaped like a real bot token (three base64url parts) so config validation accepts it. */
export const BOT_TOKEN = 'MTE5ODc2NTQzMjEwOTg3NjU0Mw.GFakeX.fake-token-for-tests-0123456789abcdefghij';

export interface Harness {
  fake: FakeDiscord;
  app: App;
  config: Config;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * A data directory whose corpus store holds the seed corpus and records the 29 days before `today` as
 * synced earlier (and empty): a sync run in it fetches `today` and refreshes a week.
 */
export function syncedDataDir(prefix: string, today: string): string {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const store = openCorpusStore(join(dataDir, 'corpus.sqlite'), { seedDir: join(process.cwd(), 'corpus') });
  for (let i = 1; i < 30; i++) store.markSyncDay(addDays(today, -i), 0);
  store.close();
  return dataDir;
}

export async function startHarness(opts: { fake?: FakeDiscordOptions; bot?: BotAppOptions; env?: Record<string, string>; dataDir?: string } = {}): Promise<Harness> {
  const fake = await startFakeDiscord({ token: BOT_TOKEN, heartbeatIntervalMs: 500, callbackDeadlineMs: 15_000, log: () => undefined, ...opts.fake });
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'paperboy-e2e-'));
  const config = loadConfig({
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_CLIENT_ID: fake.applicationId,
    DISCORD_GUILD_ID: fake.guildId,
    DISCORD_API_BASE: fake.apiBase,
    DATA_DIR: dataDir,
    // Tests never reach Hugging Face: the sync runs only where a test points HF_API_BASE at the fake.
    SYNC_SCHEDULE: 'off',
    ...opts.env,
  });
  await deployCommands({ token: BOT_TOKEN, clientId: fake.applicationId, guildId: fake.guildId, apiBase: fake.apiBase });
  const app = await startBotApp(config, createLogger('silent'), opts.bot);
  return {
    fake,
    app,
    config,
    dataDir,
    async stop() {
      await app.stop();
      await fake.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * What the person ends up seeing: the reply itself, or, when the bot deferred because it was slow (it may
 * be on a loaded machine), the edit that replaced the placeholder. `kind` says whether a new message was
 * posted or the clicked message was updated.
 */
export async function finalReply(handle: InteractionHandle): Promise<{ kind: 'message' | 'update'; payload: CallbackRecord }> {
  const cb = await handle.callback();
  const deferred = cb.type === DeferredChannelMessageWithSource || cb.type === DeferredMessageUpdate;
  const kind = cb.type === ChannelMessageWithSource || cb.type === DeferredChannelMessageWithSource ? 'message' : 'update';
  if (!deferred) return { kind, payload: cb };
  const edit = await handle.waitForEvent('original.edit');
  const flags = (cb.data as { flags?: number } | undefined)?.flags;
  return { kind, payload: { ...cb, data: { ...(edit.body as Record<string, unknown>), ...(flags ? { flags } : {}) } } };
}

/** The message data of a callback, checked against Discord's limits and the no-ping rule. */
export function messageData(cb: CallbackRecord): ReplyPayload {
  const data = cb.data as unknown as ReplyPayload;
  expect(data, `callback type ${cb.type} has no data`).toBeDefined();
  expect(data.allowed_mentions).toEqual({ parse: [] });
  expect(payloadLimitViolations(data)).toEqual([]);
  return data;
}

export const EPHEMERAL = 64;
export const { ChannelMessageWithSource, DeferredChannelMessageWithSource, UpdateMessage, ApplicationCommandAutocompleteResult, DeferredMessageUpdate } =
  InteractionResponseType;

/** Every custom_id on a message's buttons and menus, by label (buttons) or "menu". */
export function customIds(p: ReplyPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of p.components ?? []) {
    for (const c of row.components) {
      const any = c as { custom_id?: string; label?: string; type: number };
      if (any.custom_id) out[any.type === 2 ? (any.label ?? '?') : 'menu'] = any.custom_id;
    }
  }
  return out;
}
