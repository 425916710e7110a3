// Shared pieces for the daily specs: a real SQLite file in a temp dir, a small corpus, a movable clock,
// and an in-memory Discord channel edge that deduplicates nonces the way Discord does.
import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeCorpus, type Corpus } from '../../src/corpus/corpus.js';
import type { Paper, Topic } from '../../src/corpus/schema.js';
import { PostError, type ChannelInfo, type ChannelPoster, type SendBody } from '../../src/daily/post.js';
import type { Scheduler, ScheduleSettings } from '../../src/daily/schedule.js';
import { createDailyService, type DailyService, type DailyServiceDeps } from '../../src/daily/service.js';
import { createLogger } from '../../src/logger.js';
import { databasePath, openDatabase, type Db } from '../../src/store/db.js';

export const GUILD = '111111111111111111';
export const CHANNEL = '222222222222222222';
export const OTHER_CHANNEL = '333333333333333333';
/** Another server the bot is in, and its text channel. */
export const OTHER_GUILD = '666666666666666666';
export const FOREIGN_CHANNEL = '777777777777777777';
/** A voice channel of GUILD. */
export const VOICE_CHANNEL = '888888888888888888';

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-daily-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function paper(id: string, over: Partial<Paper> = {}): Paper {
  const title = over.title ?? `Paper ${id}`;
  return {
    id,
    title,
    rawTitle: title,
    abstract: `Abstract of ${id}.`,
    authors: ['A. Author'],
    codeLinks: [],
    keywords: [],
    topics: ['vision'],
    sources: [{ file: 'fixture.txt', line: 1 }],
    ...over,
  };
}

const topic = (slug: string, name: string): Topic => ({ slug, name, description: `About ${name}.`, patterns: [slug], exclude: [] });

/** 12 papers: 4 about diffusion (with code), 8 about vision; some upvoted. */
export function corpus(): Corpus {
  const papers = [
    ...Array.from({ length: 4 }, (_, i) =>
      paper(`2401.0000${i}`, { arxivId: `2401.0000${i}`, topics: ['diffusion'], codeLinks: [{ url: `https://github.com/o/r${i}`, kind: 'github' }], upvotes: 10 * i }),
    ),
    ...Array.from({ length: 8 }, (_, i) => paper(`2402.0000${i}`, { arxivId: `2402.0000${i}`, upvotes: i % 2 ? 50 : undefined })),
  ];
  return makeCorpus(papers, [topic('diffusion', 'Diffusion Models'), topic('vision', 'Computer Vision')], 'hash');
}

export class Clock {
  constructor(public t: Date) {}
  now = () => this.t;
  set(iso: string) {
    this.t = new Date(iso);
  }
}

interface SentMessage {
  id: string;
  channelId: string;
  body: SendBody;
}

/**
 * The Discord edge in memory. Like Discord, a repeated nonce with enforce_nonce returns the message
 * already created instead of a new one. `failNext` queues errors; `afterCreate` runs once a message
 * exists server-side, before the response reaches the bot (where a crash is simulated).
 */
export class FakeChannels implements ChannelPoster {
  messages: SentMessage[] = [];
  calls: { channelId: string; nonce: string }[] = [];
  channels = new Map<string, ChannelInfo>([
    [CHANNEL, { id: CHANNEL, guildId: GUILD, type: 0 }],
    [OTHER_CHANNEL, { id: OTHER_CHANNEL, guildId: GUILD, type: 0 }],
    [FOREIGN_CHANNEL, { id: FOREIGN_CHANNEL, guildId: OTHER_GUILD, type: 0 }],
    [VOICE_CHANNEL, { id: VOICE_CHANNEL, guildId: GUILD, type: 2 }],
  ]);
  /** Channels that exist but that the bot may not view: Discord answers 403 Missing Access. */
  hidden = new Set<string>();
  /** Errors for the next getChannel calls (e.g. a 503 while starting). */
  failNextLookup: Error[] = [];
  failNext: Error[] = [];
  afterCreate: ((m: SentMessage) => Promise<void>) | null = null;
  private seq = 1000;

  async send(channelId: string, body: SendBody): Promise<{ id: string }> {
    this.calls.push({ channelId, nonce: body.nonce });
    const queued = this.failNext.shift();
    if (queued) throw queued;
    if (!this.channels.has(channelId)) throw new PostError('channel-gone', `The channel <#${channelId}> no longer exists.`);
    if (this.hidden.has(channelId)) throw new PostError('no-permission', `Paperboy cannot post in <#${channelId}>.`);
    const existing = this.messages.find((m) => body.enforce_nonce && m.body.nonce === body.nonce);
    if (existing) return { id: existing.id };
    const m = { id: String(this.seq++), channelId, body };
    this.messages.push(m);
    await this.afterCreate?.(m);
    return { id: m.id };
  }

  async getChannel(channelId: string): Promise<ChannelInfo> {
    const queued = this.failNextLookup.shift();
    if (queued) throw queued;
    const ch = this.channels.get(channelId);
    if (!ch) throw new PostError('channel-gone', 'unknown channel');
    if (this.hidden.has(channelId)) throw new PostError('no-permission', 'missing access');
    return ch;
  }
}

/** Records jobs instead of arming timers: specs drive time through the clock and runDue. */
export class FakeScheduler implements Scheduler {
  jobs = new Map<string, { s: ScheduleSettings; run: () => Promise<void> }>();
  schedule(guildId: string, s: ScheduleSettings, run: () => Promise<void>) {
    this.jobs.set(guildId, { s, run });
  }
  cancel(guildId: string) {
    this.jobs.delete(guildId);
  }
  cancelAll() {
    this.jobs.clear();
  }
  has(guildId: string) {
    return this.jobs.has(guildId);
  }
}

export interface Harness {
  db: Db;
  file: string;
  service: DailyService;
  discord: FakeChannels;
  scheduler: FakeScheduler;
  clock: Clock;
  sleeps: number[];
}

/** A service over a real database file; call again with the same dir/discord to "restart the process". */
export function harness(
  dir: string,
  opts: { clock: Clock; discord?: FakeChannels; defaults?: Partial<DailyServiceDeps['defaults']>; corpus?: DailyServiceDeps['corpus'] } & Omit<Partial<DailyServiceDeps>, 'defaults' | 'corpus'>,
): Harness {
  const file = databasePath(dir);
  const db = openDatabase(file);
  const discord = opts.discord ?? new FakeChannels();
  const scheduler = new FakeScheduler();
  const sleeps: number[] = [];
  const service = createDailyService({
    db,
    corpus: opts.corpus ?? corpus(),
    poster: discord,
    logger: createLogger('silent'),
    now: opts.clock.now,
    scheduler,
    sleep: async (ms) => void sleeps.push(ms),
    ...opts,
    defaults: { time: '09:00', timezone: 'UTC', count: 3, ...opts.defaults },
  });
  return { db, file, service, discord, scheduler, clock: opts.clock, sleeps };
}

/** A fresh state database per test, closed and deleted afterwards. */
export function useTempDatabase(): () => Db {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  beforeEach(() => {
    tmp = tempDir();
    db = openDatabase(databasePath(tmp.dir));
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });
  return () => db;
}

type HarnessOptions = Parameters<typeof harness>[1];

/**
 * Services over one database file per test. `boot` starts a "process" (again, to restart it),
 * `crash` makes one die without any cleanup; everything still running is stopped after the test.
 */
export function useHarnesses(): { boot(opts: HarnessOptions): Harness; crash(h: Harness): void } {
  let tmp: ReturnType<typeof tempDir>;
  const open: Harness[] = [];
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(async () => {
    for (const h of open.splice(0)) {
      await h.service.stop();
      if (h.db.open) h.db.close();
    }
    tmp.cleanup();
  });
  return {
    boot(opts) {
      const h = harness(tmp.dir, opts);
      open.push(h);
      return h;
    },
    crash(h) {
      open.splice(open.indexOf(h), 1);
      h.db.close();
    },
  };
}
