// What the rest of the app (the Context, /daily) sees of daily picks: the service's interface and its
// results, apart from the implementation, so naming the service does not pull in cards, croner or SQLite.
import type { Paper } from '../corpus/schema.js';
import type { PostState } from '../store/daily-history.js';
import type { GuildSettings } from '../store/guild-settings.js';
import type { ChannelPoster } from './post.js';
import type { PostOutcome } from './runner.js';
import type { DailySettingsInput } from './settings-input.js';

export interface DailyStatus {
  settings: GuildSettings;
  /** Null while the schedule is off. */
  nextRunAt: Date | null;
  lastPost: { localDate: string; channelId: string; sentAt: Date; messageIds: string[] } | null;
  /** Today's journal entry (in the server's timezone), if any: shows an attempt that failed or is under way. */
  today: { localDate: string; state: PostState; error: string | null } | null;
  poolSize: number;
  papersLeftBeforeRepeat: number;
}

export interface DailyPreview {
  /** The local date the picks are for. */
  localDate: string;
  header: string;
  papers: Paper[];
}

export interface DailyService {
  /** True once start() has finished. */
  readonly ready: boolean;
  /**
   * Seeds DAILY_* defaults, finishes interrupted posts, schedules every enabled server and catches up
   * today's missed posts. `poster` (if not given to the factory) is the Discord edge, which only exists
   * once the bot has a REST client. Before start() (e.g. the console) settings can be read and changed,
   * but nothing is scheduled or posted.
   */
  start(poster?: ChannelPoster): Promise<void>;
  /**
   * Cancels all jobs and waits (at most `timeoutMs`) for posts in flight. A post cut short stays
   * 'sending' in the journal and is resumed, with the same nonces, at the next start.
   */
  stop(timeoutMs?: number): Promise<void>;
  /**
   * Validates (UserError with the accepted forms), saves, re-enables and reschedules. Omitted options keep
   * current values. With the Discord edge (bot mode) the channel is looked up too: it must be a text or
   * announcement channel of this server that the bot can see. Without it (the console) only its form is checked.
   */
  configure(guildId: string, input: DailySettingsInput): Promise<DailyStatus>;
  /** /daily off. False when the server had nothing configured. */
  disable(guildId: string): boolean;
  status(guildId: string): DailyStatus | null;
  /** What the next post would contain; nothing is recorded. */
  preview(guildId: string): DailyPreview;
  /** Posts today's picks now unless already posted today (then reports the existing post). UserError once stop() was called. */
  postNow(guildId: string): Promise<PostOutcome>;
  /** The cron tick: posts if today's run is due and not yet done; nothing before start() or after stop(). Exposed for tests. */
  runDue(guildId: string): Promise<PostOutcome | null>;
}
