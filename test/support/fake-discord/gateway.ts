// Gateway WebSocket: Hello/Identify/Ready, heartbeats, Resume with replay of missed dispatches,
// Invalid Session, close codes, and optional zlib-stream transport compression.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayOpcodes } from 'discord-api-types/v10';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { PRIVILEGED_INTENTS, shardOfGuild } from './config.js';
import { guildCreatePayload } from './payloads.js';
import type { FakeState } from './state.js';

export interface GatewayFrame {
  dir: 'send' | 'recv';
  op: number;
  t?: string | null;
  s?: number | null;
  at: number;
}

export interface IdentifyRecord {
  intents: number;
  properties: unknown;
  shard: unknown;
  compress: boolean;
  largeThreshold?: number;
  presence?: unknown;
}

interface Dispatch {
  op: 0;
  t: string;
  s: number;
  d: unknown;
}

interface Session {
  id: string;
  /** [shard_id, num_shards] from Identify ([0, 1] when the client sent none). */
  shard: [number, number];
  seq: number;
  buffer: Dispatch[];
  conn: Connection | null;
  /** READY or RESUMED has gone out on `conn`: dispatches flow live. */
  live: boolean;
  invalid: boolean;
}

class Connection {
  session: Session | null = null;
  identifyCompress = false;
  /** zlib-stream transport: null = off; false = header not sent yet. */
  private zlibStarted: boolean | null;

  constructor(readonly ws: WebSocket, zlibStream: boolean, private readonly log: GatewayFrame[]) {
    this.zlibStarted = zlibStream ? false : null;
  }

  send(payload: { op: number; d: unknown; s?: number | null; t?: string | null }): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    const full = { op: payload.op, d: payload.d, s: payload.s ?? null, t: payload.t ?? null };
    this.log.push({ dir: 'send', op: full.op, t: full.t, s: full.s, at: Date.now() });
    const json = Buffer.from(JSON.stringify(full));
    if (this.zlibStarted !== null) {
      // One zlib stream per connection; every message ends with a Z_SYNC_FLUSH (00 00 ff ff) as Discord's do.
      // Each message is its own non-final deflate block run (no back-references), which is valid inside one stream
      // and keeps this synchronous; the first frame carries the zlib header.
      const body = zlib.deflateRawSync(json, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      this.ws.send(this.zlibStarted ? body : Buffer.concat([Buffer.from([0x78, 0x9c]), body]), { binary: true });
      this.zlibStarted = true;
    } else if (this.identifyCompress) {
      this.ws.send(zlib.deflateSync(json), { binary: true });
    } else {
      this.ws.send(json.toString('utf8'));
    }
  }

  close(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.close(code, reason);
  }
}

export class GatewayServer {
  readonly frames: GatewayFrame[] = [];
  readonly identifies: IdentifyRecord[] = [];
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly sessions = new Map<string, Session>();
  private readonly connections = new Set<Connection>();
  /** The most recently identified or resumed session: the default target of drop(), requestHeartbeat(), … */
  private active: Session | null = null;
  /** The current session of each shard id, for the shard count of the latest Identify. */
  private readonly byShard = new Map<number, Session>();
  private shardCount = 1;
  private heartbeats = 0;

  constructor(private readonly state: FakeState, private readonly url: () => string) {}

  /** Every shard of the current shard count has a live connection with a READY/RESUMED session. */
  get connected(): boolean {
    if (!this.active?.live) return false;
    for (let id = 0; id < this.shardCount; id++) if (!this.byShard.get(id)?.live) return false;
    return true;
  }

  /** num_shards of the latest Identify (1 until a client identifies). */
  get currentShardCount(): number {
    return this.shardCount;
  }

  /** Shard ids with a live session right now. */
  get liveShards(): number[] {
    return [...this.byShard.values()].filter((s) => s.live).map((s) => s.shard[0]).sort((a, b) => a - b);
  }

  /** The shard that receives a dispatch: its guild's shard, or shard 0 for everything else (DMs, user events). */
  shardFor(t: string, d: unknown): number {
    const data = (d ?? {}) as { guild_id?: unknown; id?: unknown };
    const guildId = typeof data.guild_id === 'string' ? data.guild_id : t.startsWith('GUILD_') && typeof data.id === 'string' ? data.id : null;
    return guildId && /^\d+$/.test(guildId) ? shardOfGuild(guildId, this.shardCount) : 0;
  }

  get heartbeatCount(): number {
    return this.heartbeats;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
  }

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const params = new URL(req.url ?? '/', 'ws://fake').searchParams;
    const conn = new Connection(ws, params.get('compress') === 'zlib-stream', this.frames);
    this.connections.add(conn);
    ws.on('close', (code) => this.onClose(conn, code));
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    const v = params.get('v');
    if (v !== null && v !== '10') return conn.close(GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
    const encoding = params.get('encoding');
    if (encoding !== null && encoding !== 'json') return conn.close(GatewayCloseCodes.DecodeError, 'fake-discord only speaks encoding=json');
    const compress = params.get('compress');
    if (compress !== null && compress !== 'zlib-stream') return conn.close(GatewayCloseCodes.DecodeError, `unsupported compress=${compress}`);
    conn.send({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.state.config.heartbeatIntervalMs, _trace: ['["fake-discord",{}]'] } });
  }

  private onClose(conn: Connection, code: number): void {
    this.connections.delete(conn);
    const s = conn.session;
    if (!s || s.conn !== conn) return;
    s.conn = null;
    s.live = false;
    // Discord invalidates a session the client closes with 1000/1001.
    if (code === 1000 || code === 1001) s.invalid = true;
    this.state.notify();
  }

  private onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      payload = JSON.parse(String(data)) as { op?: unknown; d?: unknown };
    } catch {
      return conn.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
    }
    const op = payload.op as number;
    this.frames.push({ dir: 'recv', op, at: Date.now() });
    switch (op) {
      case GatewayOpcodes.Heartbeat:
        this.heartbeats++;
        conn.send({ op: GatewayOpcodes.HeartbeatAck, d: null });
        this.state.notify();
        return;
      case GatewayOpcodes.Identify:
        return this.onIdentify(conn, (payload.d ?? {}) as Record<string, unknown>);
      case GatewayOpcodes.Resume:
        return this.onResume(conn, (payload.d ?? {}) as Record<string, unknown>);
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (!conn.session) conn.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        return;
      default:
        this.state.config.log(`gateway: unknown opcode ${String(payload.op)}`);
        return conn.close(GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  private tokenOk(token: unknown): boolean {
    return typeof token === 'string' && token.replace(/^Bot\s+/i, '') === this.state.config.token;
  }

  private onIdentify(conn: Connection, d: Record<string, unknown>): void {
    if (conn.session) return conn.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    if (!this.tokenOk(d.token)) return conn.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    const intents = d.intents;
    if (typeof intents !== 'number' || intents < 0) return conn.close(GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
    if (intents & PRIVILEGED_INTENTS & ~this.state.config.privilegedIntents) {
      return conn.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
    }
    const shard = d.shard as [number, number] | undefined;
    if (shard !== undefined && (!Array.isArray(shard) || !Number.isInteger(shard[0]) || !Number.isInteger(shard[1]) || shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1])) {
      return conn.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
    }
    const [shardId, numShards] = shard ?? [0, 1];
    this.identifies.push({
      intents, properties: d.properties, shard, compress: d.compress === true,
      ...(typeof d.large_threshold === 'number' ? { largeThreshold: d.large_threshold } : {}),
      ...(d.presence ? { presence: d.presence } : {}),
    });
    conn.identifyCompress = d.compress === true;
    const session: Session = { id: randomBytes(16).toString('hex'), shard: [shardId, numShards], seq: 0, buffer: [], conn, live: false, invalid: false };
    this.sessions.set(session.id, session);
    this.active = session;
    if (numShards !== this.shardCount) {
      // Resharded: sessions of the old layout no longer receive anything.
      this.byShard.clear();
      this.shardCount = numShards;
    }
    this.byShard.set(shardId, session);
    conn.session = session;
    const owned = [...this.state.guilds.values()].filter((g) => shardOfGuild(g.id, numShards) === shardId);
    const { config } = this.state;
    this.emit(session, GatewayDispatchEvents.Ready, {
      v: 10, user_settings: {}, user: { ...config.botUser, verified: true, mfa_enabled: false, flags: 0, email: null },
      guilds: owned.map((g) => ({ id: g.id, unavailable: true })), session_id: session.id,
      resume_gateway_url: this.url(), shard: [shardId, numShards], application: { id: config.applicationId, flags: config.applicationFlags },
      private_channels: [], relationships: [], presences: [], guild_join_requests: [], geo_ordered_rtc_regions: ['fake'], auth: {},
      session_type: 'normal', _trace: ['["fake-discord",{}]'],
    }, true);
    for (const g of owned) this.emit(session, GatewayDispatchEvents.GuildCreate, guildCreatePayload(this.state, g), true);
    session.live = true;
    this.state.notify();
  }

  private onResume(conn: Connection, d: Record<string, unknown>): void {
    if (conn.session) return conn.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    if (!this.tokenOk(d.token)) return conn.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    const session = this.sessions.get(String(d.session_id));
    if (!session || session.invalid) return conn.send({ op: GatewayOpcodes.InvalidSession, d: false });
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    if (seq > session.seq) return conn.close(GatewayCloseCodes.InvalidSeq, 'Invalid seq.');
    const oldest = session.buffer[0]?.s ?? session.seq + 1;
    if (oldest > seq + 1) return conn.send({ op: GatewayOpcodes.InvalidSession, d: false }); // replay window lost
    const old = session.conn;
    if (old && old !== conn) {
      old.session = null;
      old.ws.terminate();
    }
    session.conn = conn;
    conn.session = session;
    for (const missed of session.buffer) if (missed.s > seq) conn.send(missed);
    this.emit(session, GatewayDispatchEvents.Resumed, { _trace: ['["fake-discord",{}]'] }, true);
    session.live = true;
    this.active = session;
    if (session.shard[1] === this.shardCount) this.byShard.set(session.shard[0], session);
    this.state.notify();
  }

  private emit(session: Session, t: string, d: unknown, force = false): number {
    const payload: Dispatch = { op: 0, t, s: ++session.seq, d };
    session.buffer.push(payload);
    if (session.buffer.length > 5_000) session.buffer.shift();
    if (session.conn && (session.live || force)) session.conn.send(payload);
    return payload.s;
  }

  /**
   * Send a dispatch on the session of the shard that owns it (see shardFor; with one shard, the current
   * session); buffered for replay if that shard is disconnected. Returns its `s`.
   */
  dispatch(t: string, d: unknown): number {
    const shard = this.shardFor(t, d);
    const session = this.byShard.get(shard);
    if (!session || session.invalid) {
      throw new Error(`fake-discord: no resumable gateway session on shard ${shard} for ${t}; await the client's ready (fake.waitForGateway()) first`);
    }
    return this.emit(session, t, d);
  }

  /** The session drop()/requestHeartbeat()/… act on: that shard's, or the most recently identified one. */
  private target(shard?: number): Session | null {
    return shard === undefined ? this.active : (this.byShard.get(shard) ?? null);
  }

  /**
   * Cut the live connection (of `shard`, default the most recent session). No code: TCP-level terminate
   * (client sees 1006). resumable:false invalidates the session.
   */
  async drop(opts: { code?: number; resumable?: boolean; shard?: number } = {}): Promise<void> {
    // If the client happens to be mid-reconnect (e.g. after a zombie heartbeat), wait for it to come back first.
    await this.state.waitFor(() => this.target(opts.shard)?.live, { timeoutMs: 15_000, describe: () => 'for a live gateway connection to drop' });
    const session = this.target(opts.shard);
    const conn = session?.conn;
    if (!session || !conn) throw new Error('fake-discord: no live gateway connection to drop');
    session.conn = null;
    session.live = false;
    conn.session = null;
    if (opts.resumable === false) session.invalid = true;
    const closed = once(conn.ws, 'close');
    if (opts.code === undefined) conn.ws.terminate();
    else conn.ws.close(opts.code, 'fake-discord: dropped');
    await closed;
    this.state.notify();
  }

  /** op 1 from the server; resolves once the client has answered with a heartbeat. */
  async requestHeartbeat(timeoutMs = 10_000, shard?: number): Promise<void> {
    const conn = this.liveConnection(shard);
    const before = this.heartbeats;
    conn.send({ op: GatewayOpcodes.Heartbeat, d: null });
    await this.state.waitFor(() => this.heartbeats > before, { timeoutMs, describe: () => 'for the client to answer op 1 Heartbeat' });
  }

  /** op 7 Reconnect: the client should reconnect and resume. */
  requestReconnect(shard?: number): void {
    this.liveConnection(shard).send({ op: GatewayOpcodes.Reconnect, d: null });
  }

  /** op 9 Invalid Session on the live connection. */
  invalidateSession(resumable: boolean, shard?: number): void {
    const conn = this.liveConnection(shard);
    const session = conn.session;
    if (session) {
      // Detach so the client may Resume (d: true) on this same socket or Identify anew (d: false).
      session.live = false;
      session.conn = null;
      session.invalid = !resumable;
    }
    conn.session = null;
    conn.send({ op: GatewayOpcodes.InvalidSession, d: resumable });
  }

  private liveConnection(shard?: number): Connection {
    const conn = this.target(shard)?.conn;
    if (!conn) throw new Error('fake-discord: no live gateway connection');
    return conn;
  }

  async close(): Promise<void> {
    for (const conn of this.connections) conn.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
