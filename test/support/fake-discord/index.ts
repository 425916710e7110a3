// startFakeDiscord(): one HTTP server on 127.0.0.1 serving REST under /api/v10 and the gateway WebSocket on /.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIApplicationCommand, APIMessage, APIUser } from 'discord-api-types/v10';
import { commandRoutes } from './commands.js';
import { shardOfGuild, type ChannelState, type FakeDiscordOptions, type GuildState, type PermissionInput } from './config.js';
import { GatewayServer, type GatewayFrame, type IdentifyRecord } from './gateway.js';
import { InteractionFactory } from './interactions.js';
import { interactionRoutes } from './interaction-routes.js';
import { RestServer, type FaultHandle, type FaultRule } from './rest.js';
import { coreRoutes } from './routes.js';
import { FakeState, type CallbackRecord, type RecordedRequest, type WaitOptions } from './state.js';

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscord(opts);
  await fake.listen();
  return fake;
}

export interface RequestMatch {
  method?: string;
  /** RegExp tested against the path after /api/v10, or a substring of it. */
  path: RegExp | string;
  status?: number;
}

const matches = (r: RecordedRequest, m: RequestMatch) =>
  (!m.method || m.method.toUpperCase() === r.method) && (m.status === undefined || m.status === r.status) &&
  (typeof m.path === 'string' ? r.path.includes(m.path) : m.path.test(r.path));

export class FakeDiscord {
  /** Gateway controls and logs: frames, identifies, requestHeartbeat(), requestReconnect(), invalidateSession(). */
  readonly gateway: GatewayServer;
  /** Inject interactions: command(), autocomplete(), button(), select(); each returns an InteractionHandle. */
  readonly interact: InteractionFactory;
  /** Fake time used for interaction deadlines/token expiry and nonce windows (not for rate limits). */
  readonly clock: { now(): number; advance(ms: number): void };
  private readonly state: FakeState;
  private readonly server: Server;
  private readonly rest: RestServer;
  private port = 0;
  private closing: Promise<void> | null = null;

  constructor(opts: FakeDiscordOptions = {}) {
    this.state = new FakeState(opts);
    this.rest = new RestServer(this.state, [...coreRoutes(() => this.gatewayUrl), ...commandRoutes(), ...interactionRoutes()]);
    this.gateway = new GatewayServer(this.state, () => this.gatewayUrl);
    this.interact = new InteractionFactory(this.state, (t, d) => this.gateway.dispatch(t, d));
    this.clock = { now: () => this.state.now(), advance: (ms) => this.state.advanceClock(ms) };
    this.server = createServer((req, res) => void this.rest.handle(req, res));
    this.server.on('upgrade', (req, socket, head: Buffer) => {
      if (req.url?.startsWith('/api')) socket.destroy();
      else this.gateway.handleUpgrade(req, socket, head);
    });
  }

  /** @internal startFakeDiscord() calls this. */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Pass as `rest: { api }`; discord.js appends /v10. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get token(): string {
    return this.state.config.token;
  }

  get applicationId(): string {
    return this.state.config.applicationId;
  }

  get botUser(): APIUser {
    return this.state.config.botUser;
  }

  /** Default invoking user of injected interactions. */
  get user(): APIUser {
    return this.state.config.defaultUser;
  }

  get guilds(): readonly GuildState[] {
    return [...this.state.guilds.values()];
  }

  /** Shard count GET /gateway/bot recommends (the `shards` option). */
  get recommendedShards(): number {
    return this.state.config.shards;
  }

  /** num_shards of the latest Identify: the layout dispatches are routed by. */
  get shardCount(): number {
    return this.gateway.currentShardCount;
  }

  /** The shard that owns a guild, (guild_id >> 22) % num_shards; `shardCount` defaults to the recommended count. */
  shardOf(guildId: string, shardCount = this.state.config.shards): number {
    return shardOfGuild(guildId, shardCount);
  }

  /** First configured guild's id. */
  get guildId(): string {
    return this.guilds[0]?.id ?? '';
  }

  /** A channel id by name (default: the first guild's first channel). */
  channelId(name?: string, guildId = this.guildId): string {
    const guild = this.state.guilds.get(guildId);
    const ids = guild?.channelIds ?? [];
    const id = name === undefined ? ids[0] : ids.find((c) => this.state.channels.get(c)?.name === name);
    if (!id) throw new Error(`fake-discord: no channel ${name ?? '(first)'} in guild ${guildId}`);
    return id;
  }

  channel(id: string): Readonly<ChannelState> | undefined {
    return this.state.channels.get(id);
  }

  /** Change the bot's effective permissions in a channel (null: back to the guild default). */
  setChannelPermissions(channelId: string, permissions: PermissionInput | null): void {
    const ch = this.state.channels.get(channelId);
    if (!ch) throw new Error(`fake-discord: unknown channel ${channelId}`);
    ch.botPermissions = permissions === null ? null : BigInt(permissions);
  }

  /** Every HTTP request, in arrival order (auth header stripped). */
  get requests(): readonly RecordedRequest[] {
    return this.state.requests;
  }

  /** Requests to routes the fake doesn't know (404) or with the wrong method (405). */
  get unexpectedRequests(): readonly RecordedRequest[] {
    return this.state.unexpected;
  }

  /** Accepted initial interaction responses, all interactions, in order. */
  get callbacks(): readonly CallbackRecord[] {
    return this.state.callbacks;
  }

  get identifies(): readonly IdentifyRecord[] {
    return this.gateway.identifies;
  }

  get frames(): readonly GatewayFrame[] {
    return this.gateway.frames;
  }

  /** Visible messages in a channel, oldest first (interaction replies included, ephemeral/deleted excluded by default). */
  messages(channelId = this.channelId(), opts: { includeEphemeral?: boolean; includeDeleted?: boolean } = {}): APIMessage[] {
    return this.state.channelMessages(channelId, opts);
  }

  /** The bytes Discord received for an attachment (from a multipart `files[n]` upload). */
  attachmentData(attachmentId: string): Buffer | undefined {
    return this.state.uploads.get(attachmentId)?.data;
  }

  message(id: string): APIMessage | undefined {
    return this.state.messages.get(id)?.message;
  }

  /** Registered commands: global without an argument, else that guild's. */
  commands(guildId?: string): APIApplicationCommand[] {
    return this.state.commands.get(guildId ?? 'global') ?? [];
  }

  /** Make the next matching request(s) fail with 429 (proper rate-limit headers) or 5xx. */
  failNext(rule: FaultRule): FaultHandle {
    return this.rest.failNext(rule);
  }

  /**
   * Cut the gateway connection (of `shard`; default the most recently identified session) by terminating
   * it, or closing with `code`; dispatches meanwhile are replayed on Resume.
   */
  dropGateway(opts: { code?: number; resumable?: boolean; shard?: number } = {}): Promise<void> {
    return this.gateway.drop(opts);
  }

  /** Send any dispatch event (e.g. GUILD_DELETE) on the session of the shard that owns it (DMs: shard 0); returns its sequence number. */
  dispatch(t: string, d: unknown): number {
    return this.gateway.dispatch(t, d);
  }

  /** Re-evaluates `check` after every state change until it returns something truthy. */
  waitFor<T>(check: () => T | undefined | null | false, opts?: WaitOptions): Promise<T> {
    return this.state.waitFor(check, opts);
  }

  /** Resolves once every shard has a live session (READY + its GUILD_CREATEs sent, or RESUMED). */
  waitForGateway(timeoutMs = 15_000): Promise<true> {
    return this.state.waitFor(() => this.gateway.connected || undefined, { timeoutMs, describe: () => 'for a live gateway session' });
  }

  /** Resolves with the `nth` (1-based) request matching. */
  waitForRequest(match: RequestMatch, nth = 1, timeoutMs = 10_000): Promise<RecordedRequest> {
    return this.state.waitFor(() => this.state.requests.filter((r) => r.status !== 0 && matches(r, match))[nth - 1], {
      timeoutMs, describe: () => `for request #${nth} matching ${match.method ?? '*'} ${String(match.path)}`,
    });
  }

  /** Resolves with the first visible message in the channel satisfying `predicate`. */
  waitForMessage(channelId: string, predicate: (m: APIMessage) => boolean = () => true, timeoutMs = 10_000): Promise<APIMessage> {
    return this.state.waitFor(() => this.messages(channelId).find(predicate), {
      timeoutMs, describe: () => `for a message in channel ${channelId}; have ${JSON.stringify(this.messages(channelId).map((m) => m.content))}`,
    });
  }

  /**
   * For long load runs: forget interactions (and their messages) created more than `olderThanMs` ago, and
   * the request, callback and gateway-frame records from before then. Read what you need first.
   */
  pruneHistory(olderThanMs: number): void {
    this.state.pruneBefore(this.state.now() - olderThanMs, this.gateway.frames, Date.now() - olderThanMs);
  }

  /** Throws listing every request that hit an unknown route or method. */
  assertNoUnexpectedRequests(): void {
    if (this.state.unexpected.length) {
      throw new Error(`fake-discord: unexpected requests:\n${this.state.unexpected.map((r) => `  ${r.method} ${r.path}`).join('\n')}`);
    }
  }

  /** Stop everything: pending waits reject, sockets are destroyed, the port is released. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.state.close();
      await this.gateway.close();
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
    })();
    return this.closing;
  }
}

export type { FakeDiscordOptions, FakeGuildConfig, FakeChannelConfig, FakeRoleConfig, PermissionInput } from './config.js';
export type { FaultRule, FaultHandle } from './rest.js';
export type { GatewayFrame, IdentifyRecord } from './gateway.js';
export type { CallbackRecord, InteractionEvent, InteractionEventKind, RecordedRequest, WaitOptions } from './state.js';
export type { AutocompleteInput, CommandInput, ComponentInput, InteractionContextInput, OptionValue, SelectInput } from './interactions.js';
export { InteractionHandle } from './handle.js';
