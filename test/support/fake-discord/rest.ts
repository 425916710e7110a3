// HTTP side of the fake: body parsing, request log, auth, X-RateLimit-* buckets, injected faults, routing.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, Errors } from './errors.js';
import type { FakeState, RecordedRequest } from './state.js';
import type { UploadedFile } from './uploads.js';

export const API_PREFIX = '/api/v10';

export interface RouteContext {
  state: FakeState;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
}

export interface RouteResult {
  status: number;
  body?: unknown;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** e.g. `/channels/:channelId/messages`. */
  template: string;
  /** Needs `Authorization: Bot <token>` (interaction callbacks and webhook-token routes don't). */
  auth: boolean;
  handler: (ctx: RouteContext) => RouteResult;
}

export interface FaultRule {
  method?: string;
  /** RegExp tested against the path after /api/v10, or a substring of it. */
  path: RegExp | string;
  status: 429 | 500 | 502 | 503 | 504;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** 429 only: seconds, sent as `retry_after` and `Retry-After` (fractions allowed to keep tests fast). Default 0.1. */
  retryAfter?: number;
  /** 429 only: a global rate limit (`X-RateLimit-Global`, scope global). */
  global?: boolean;
  /**
   * When the fault strikes. 'fail' (default): instead of handling the request. 'commit-then-fail': the
   * request takes effect (e.g. the message is created) but the response is replaced by the error, as
   * when a response is lost. 'commit-then-hang': it takes effect and no response is ever sent, so a
   * test can kill the client between Discord's side effect and the client learning of it.
   */
  mode?: 'fail' | 'commit-then-fail' | 'commit-then-hang';
}

export interface FaultHandle {
  /** Requests this rule has failed so far. */
  readonly hits: number;
  readonly remaining: number;
  cancel(): void;
}

interface CompiledRoute extends RouteDef {
  regex: RegExp;
  names: string[];
  bucket: string;
}

interface ActiveFault extends FaultHandle {
  rule: FaultRule;
  hits: number;
  remaining: number;
}

const MAJOR_PARAMS = ['channelId', 'guildId', 'interactionToken'];

export class RestServer {
  private readonly routes: CompiledRoute[];
  private readonly faults: ActiveFault[] = [];
  private readonly buckets = new Map<string, { count: number; resetAt: number }>();
  private sinceSweep = 0;

  constructor(private readonly state: FakeState, routes: RouteDef[]) {
    this.routes = routes.map((r) => {
      const names: string[] = [];
      const source = r.template.replace(/:(\w+)/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      const bucket = createHash('md5').update(`${r.method} ${r.template}`).digest('hex');
      return { ...r, regex: new RegExp(`^${source}$`), names, bucket };
    });
  }

  failNext(rule: FaultRule): FaultHandle {
    const fault: ActiveFault = {
      rule, hits: 0, remaining: rule.times ?? 1,
      cancel: () => {
        fault.remaining = 0;
      },
    };
    this.faults.push(fault);
    return fault;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (k !== 'authorization' && v !== undefined) headers[k] = String(v);
    const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) || '/' : url.pathname;
    const record: RecordedRequest = {
      seq: this.state.requests.length + 1, method, path, route: null, query: Object.fromEntries(url.searchParams),
      headers, body: undefined, files: [], status: 0, injected: false, at: Date.now(),
    };
    this.state.requests.push(record);

    let status: number;
    let body: unknown;
    let extraHeaders: Record<string, string> = {};
    try {
      const parsed = await parseBody(raw, req.headers['content-type']);
      record.body = parsed.body;
      record.files = parsed.files;
      const fault = this.takeFault(method, path);
      const match = url.pathname.startsWith(`${API_PREFIX}/`) ? this.match(method, path) : null;
      if (match && 'route' in match) record.route = match.route.template;
      if (fault && (fault.rule.mode ?? 'fail') === 'fail') {
        record.injected = true;
        ({ status, body, headers: extraHeaders } = this.faultResponse(fault.rule, match && 'route' in match ? match.route.bucket : 'fault'));
      } else if (!match || !('route' in match)) {
        this.unexpected(record, match ? '405 method not allowed' : '404 unknown route');
        throw match ? Errors.methodNotAllowed() : Errors.notFound();
      } else {
        const { route, params } = match;
        if (route.auth && req.headers.authorization !== `Bot ${this.state.config.token}`) throw Errors.unauthorized();
        const limited = this.rateLimit(route, params);
        extraHeaders = limited.headers;
        if (limited.exceeded) {
          status = 429;
          body = { message: 'You are being rate limited.', retry_after: limited.retryAfter, global: false };
        } else {
          if (parsed.invalidJson) throw Errors.invalidJson();
          ({ status, body } = route.handler({ state: this.state, params, query: url.searchParams, body: parsed.body, files: parsed.files }));
          if (fault) {
            record.injected = true;
            if (fault.rule.mode === 'commit-then-hang') {
              record.status = status;
              this.state.notify();
              return; // the socket stays open with no answer until the client gives up or close()
            }
            ({ status, body, headers: extraHeaders } = this.faultResponse(fault.rule, route.bucket));
          }
        }
      }
    } catch (err) {
      if (err instanceof ApiError) {
        status = err.status;
        body = err.body;
      } else {
        this.state.config.log(`internal error on ${method} ${path}: ${(err as Error).stack ?? String(err)}`);
        status = 500;
        body = { message: '500: Internal Server Error', code: 0 };
      }
    }
    record.status = status;
    this.state.notify();
    if (status === 204 || body === undefined) {
      res.writeHead(status, extraHeaders).end();
    } else {
      res.writeHead(status, { 'content-type': 'application/json', ...extraHeaders }).end(JSON.stringify(body));
    }
  }

  private match(method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | { methodMismatch: true } | null {
    let mismatch = false;
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        mismatch = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] as string);
      });
      return { route, params };
    }
    return mismatch ? { methodMismatch: true } : null;
  }

  private unexpected(record: RecordedRequest, why: string): void {
    this.state.unexpected.push(record);
    this.state.config.log(`unexpected request ${record.method} ${record.path} → ${why}`);
  }

  private takeFault(method: string, path: string): ActiveFault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (!f.rule.method || f.rule.method.toUpperCase() === method) &&
      (typeof f.rule.path === 'string' ? path.includes(f.rule.path) : f.rule.path.test(path)));
    if (fault) {
      fault.remaining--;
      fault.hits++;
    }
    return fault;
  }

  private faultResponse(rule: FaultRule, bucket: string): { status: number; body: unknown; headers: Record<string, string> } {
    if (rule.status !== 429) {
      const text = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' }[rule.status];
      return { status: rule.status, body: { message: `${rule.status}: ${text}`, code: 0 }, headers: {} };
    }
    const retryAfter = rule.retryAfter ?? 0.1;
    const headers: Record<string, string> = {
      'retry-after': String(retryAfter),
      'x-ratelimit-limit': String(this.state.config.rateLimit.limit),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': ((Date.now() + retryAfter * 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': retryAfter.toFixed(3),
      'x-ratelimit-bucket': bucket,
      'x-ratelimit-scope': rule.global ? 'global' : 'user',
    };
    if (rule.global) {
      headers['x-ratelimit-global'] = 'true';
      for (const k of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-ratelimit-reset-after', 'x-ratelimit-bucket']) delete headers[k];
    }
    return { status: 429, body: { message: 'You are being rate limited.', retry_after: retryAfter, global: Boolean(rule.global) }, headers };
  }

  private rateLimit(route: CompiledRoute, params: Record<string, string>) {
    const { limit, windowMs } = this.state.config.rateLimit;
    const key = [route.bucket, ...MAJOR_PARAMS.map((p) => params[p] ?? '')].join(':');
    const now = Date.now();
    // Buckets are per interaction token among others: sweep expired ones now and then so they cannot pile up.
    if (++this.sinceSweep >= 1_000) {
      this.sinceSweep = 0;
      for (const [k, old] of this.buckets) if (old.resetAt <= now) this.buckets.delete(k);
    }
    let b = this.buckets.get(key);
    if (!b || b.resetAt <= now) {
      b = { count: 0, resetAt: now + windowMs };
      this.buckets.set(key, b);
    }
    b.count++;
    const resetAfter = (b.resetAt - now) / 1000;
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(0, limit - b.count)),
      'x-ratelimit-reset': (b.resetAt / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': route.bucket,
    };
    const exceeded = b.count > limit;
    if (exceeded) Object.assign(headers, { 'retry-after': resetAfter.toFixed(3), 'x-ratelimit-scope': 'user' });
    return { headers, exceeded, retryAfter: resetAfter };
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** JSON, or multipart/form-data whose `payload_json` part is the JSON body and whose file parts are kept whole. */
async function parseBody(raw: Buffer, contentType: string | undefined): Promise<{ body: unknown; files: UploadedFile[]; invalidJson: boolean }> {
  if (raw.length === 0) return { body: undefined, files: [], invalidJson: false };
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'multipart/form-data') {
    try {
      const form = await new Response(raw, { headers: { 'content-type': contentType as string } }).formData();
      const files: UploadedFile[] = [];
      let body: unknown;
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') {
          if (name === 'payload_json') body = JSON.parse(value);
        } else {
          files.push({ field: name, filename: value.name || name, contentType: value.type || 'application/octet-stream', data: Buffer.from(await value.arrayBuffer()) });
        }
      }
      return { body, files, invalidJson: false };
    } catch {
      return { body: undefined, files: [], invalidJson: true };
    }
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), files: [], invalidJson: false };
  } catch {
    return { body: text, files: [], invalidJson: true };
  }
}
