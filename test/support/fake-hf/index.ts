// startFakeHf(): a loopback stand-in for https://huggingface.co/api/daily_papers that replays
// recorded items verbatim, with faults a test can inject and a log of every request it received.
//
//   GET /api/daily_papers?date=YYYY-MM-DD[&p=N][&limit=M]   the items HF listed that day (page N, 0-based)
//   GET /api/daily_papers?p=N&limit=M                      every listed item, newest day first
// limit defaults to 50 and is capped at 100, as on the real API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedDays } from './recorded.js';

export { groupByListingDay, loadSharedDays, readSharedDays, requireSharedDays, SHARED_HF_DIR, type RecordedDays } from './recorded.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 100;

/** One injected fault. `times` (default 1) is how many matching requests it affects; `date` limits it to one day. */
export type Fault = (
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Answers correctly, but only after `delayMs` (longer than the client's timeout to test it). */
  | { kind: 'slow'; delayMs: number }
  /** Sends the first `bytes` of the body (default: half) with status 200, then ends the response. */
  | { kind: 'truncate'; bytes?: number }
  /** Closes the socket without an answer (a connection reset). */
  | { kind: 'reset' }
  /** Schema drift: each item is passed through `mutate` (e.g. a renamed or removed field) before sending. */
  | { kind: 'drift'; mutate: (item: Record<string, unknown>) => unknown }
) & { times?: number; date?: string };

export interface RecordedRequest {
  /** ms since the fake started (performance.now based): for rate assertions. */
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  userAgent: string | undefined;
  status: number;
  fault?: Fault['kind'];
}

export interface FakeHfOptions {
  /** Listing day -> raw item JSON texts (e.g. loadSharedDays() or groupByListingDay([fixture])). */
  days?: RecordedDays;
}

export class FakeHf {
  readonly requests: RecordedRequest[] = [];
  private readonly days = new Map<string, string[]>();
  private readonly faults: (Fault & { left: number })[] = [];
  private readonly server: Server;
  private readonly started = performance.now();
  private readonly pending = new Set<ServerResponse>();
  private port = 0;

  constructor(opts: FakeHfOptions = {}) {
    for (const [day, items] of opts.days ?? []) this.days.set(day, [...items]);
    this.server = createServer((req, res) => this.handle(req, res));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listing days held, oldest first. */
  listedDays(): string[] {
    return [...this.days.keys()].sort();
  }

  /** Makes a day appear (as when HF lists new papers); `items` are raw JSON texts or values. */
  addDay(day: string, items: readonly (string | object)[]): void {
    this.days.set(day, items.map((i) => (typeof i === 'string' ? i : JSON.stringify(i))));
  }

  /** Replaces the items of a day that is already listed (upvotes and stars change after listing). */
  updateDay(day: string, mutate: (item: Record<string, unknown>) => unknown): void {
    const items = this.days.get(day);
    if (!items) throw new Error(`no day ${day}`);
    this.days.set(day, items.map((raw) => JSON.stringify(mutate(JSON.parse(raw) as Record<string, unknown>))));
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** @internal startFakeHf() calls this. */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const res of this.pending) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private takeFault(date: string | undefined): Fault | undefined {
    const i = this.faults.findIndex((f) => f.left > 0 && (f.date === undefined || f.date === date));
    if (i < 0) return undefined;
    const fault = this.faults[i] as Fault & { left: number };
    fault.left -= 1;
    if (fault.left === 0) this.faults.splice(i, 1);
    return fault;
  }

  /** The items a request asks for, as raw JSON texts. */
  private select(query: Record<string, string>): string[] | { error: string } {
    const page = query.p === undefined ? 0 : Number(query.p);
    const limit = query.limit === undefined ? DEFAULT_LIMIT : Math.min(Number(query.limit), MAX_LIMIT);
    if (!Number.isInteger(page) || page < 0 || !Number.isInteger(limit) || limit < 1) return { error: 'invalid p or limit' };
    let items: string[];
    if (query.date !== undefined) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(query.date)) return { error: 'invalid date' };
      items = this.days.get(query.date) ?? [];
    } else {
      items = [...this.days.keys()].sort().reverse().flatMap((d) => this.days.get(d) ?? []);
    }
    return items.slice(page * limit, (page + 1) * limit);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const record: RecordedRequest = {
      at: performance.now() - this.started,
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      userAgent: req.headers['user-agent'],
      status: 200,
    };
    this.requests.push(record);
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(body);
    };
    if (req.method !== 'GET' || url.pathname !== '/api/daily_papers') return send(404, JSON.stringify({ error: 'Not Found' }));
    const fault = this.takeFault(query.date);
    if (fault) record.fault = fault.kind;
    if (fault?.kind === 'status') return send(fault.status, JSON.stringify({ error: `injected ${fault.status}` }), fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
    if (fault?.kind === 'reset') {
      record.status = 0;
      req.socket.destroy();
      return;
    }
    const selected = this.select(query);
    if ('error' in selected) return send(400, JSON.stringify({ error: selected.error }));
    let items = selected;
    if (fault?.kind === 'drift') items = items.map((raw) => JSON.stringify(fault.mutate(JSON.parse(raw) as Record<string, unknown>)));
    const body = `[${items.join(',')}]`;
    if (fault?.kind === 'truncate') {
      record.status = 200;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body.slice(0, fault.bytes ?? Math.floor(body.length / 2)));
      return;
    }
    if (fault?.kind === 'slow') {
      this.pending.add(res);
      const timer = setTimeout(() => {
        this.pending.delete(res);
        if (!res.destroyed) send(200, body);
      }, fault.delayMs);
      res.on('close', () => {
        clearTimeout(timer);
        this.pending.delete(res);
      });
      return;
    }
    send(200, body);
  }
}

export async function startFakeHf(opts: FakeHfOptions = {}): Promise<FakeHf> {
  const fake = new FakeHf(opts);
  await fake.listen();
  return fake;
}
