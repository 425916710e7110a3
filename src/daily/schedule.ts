// When a server's picks are due. Times are wall-clock in the server's IANA timezone; croner does the
// timezone and DST arithmetic, and the pure helpers here ask croner too, so "when does the job fire"
// and "is today's post due" can never disagree (e.g. 02:30 on a spring-forward day fires at 03:30).
import { Cron } from 'croner';

export interface ScheduleSettings {
  /** HH:MM, 24-hour. */
  time: string;
  timezone: string;
  /** Weekly schedules (the digest): 0 = Sunday ... 6 = Saturday. Absent: every day. */
  weekday?: number;
}

const TIME_RE = /^(\d{1,2}):(\d{2})$/;

/** "9:05" or "09:05" -> "09:05"; null for anything that is not a real 24-hour time. */
export function normalizeTime(text: string): string | null {
  const m = TIME_RE.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}

export function cronPattern(time: string, weekday?: number): string {
  const [h, m] = time.split(':');
  return `0 ${Number(m)} ${Number(h)} * * ${weekday === undefined ? '*' : weekday}`;
}

/** A paused job used only for arithmetic: it never fires. */
function calculator(s: ScheduleSettings): Cron {
  return new Cron(cronPattern(s.time, s.weekday), { timezone: s.timezone, paused: true });
}

/** The latest run at or before `now` (within the last 8 days), or null if the schedule has not fired yet in that span. */
export function latestRunAt(s: ScheduleSettings, now: Date): Date | null {
  let latest: Date | null = null;
  for (const run of calculator(s).nextRuns(3, new Date(now.getTime() - 8 * 86_400_000))) {
    if (run.getTime() <= now.getTime()) latest = run;
  }
  return latest;
}

/** YYYY-MM-DD of an instant in a timezone. */
export function localDate(at: Date, timezone: string): string {
  // en-CA formats dates as YYYY-MM-DD; the parts API keeps it independent of that convention anyway.
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The next time the job fires strictly after `now`. */
export function nextRunAt(s: ScheduleSettings, now: Date): Date {
  const next = calculator(s).nextRun(now);
  if (!next) throw new Error(`no next run for ${s.time} ${s.timezone}`);
  return next;
}

/** The instant of today's run (today in the server's timezone), whether past or still ahead. */
export function todaysRunAt(s: ScheduleSettings, now: Date): Date {
  const today = localDate(now, s.timezone);
  // A day is at most 25 h long, so the runs after (now - 26 h) include today's.
  for (const run of calculator(s).nextRuns(3, new Date(now.getTime() - 26 * 3600_000))) {
    if (localDate(run, s.timezone) === today) return run;
  }
  // Unreachable for daily patterns; fall back to the next run rather than crash scheduling.
  return nextRunAt(s, now);
}

/**
 * Whether today's post should go out now: today's run time has passed, nothing was posted today, and
 * the settings already existed at that time (a schedule set at 10:00 for 09:00 starts tomorrow).
 */
export function isDueToday(s: ScheduleSettings, now: Date, lastPostedDate: string | null, activeSince?: Date): boolean {
  const run = todaysRunAt(s, now);
  if (run.getTime() > now.getTime()) return false;
  if (lastPostedDate === localDate(now, s.timezone)) return false;
  return !activeSince || activeSince.getTime() <= run.getTime();
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11-22" -> "Sunday 22 Nov": the calendar date itself, with no timezone left to get wrong. */
export function dayLabel(localDateText: string): string {
  const [y, m, d] = localDateText.split('-').map(Number) as [number, number, number];
  return `${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]} ${d} ${MONTHS[m - 1]}`;
}

/** "Sunday 22 Nov, 09:00 (Europe/Berlin)". */
export function formatLocal(at: Date, timezone: string): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return `${dayLabel(localDate(at, timezone))}, ${time} (${timezone})`;
}

/** One croner job per server; replacing a server's job stops the old one first. */
export interface Scheduler {
  schedule(guildId: string, s: ScheduleSettings, run: () => Promise<void>): void;
  cancel(guildId: string): void;
  cancelAll(): void;
  has(guildId: string): boolean;
}

export function createCronScheduler(onError: (guildId: string, err: unknown) => void): Scheduler {
  const jobs = new Map<string, Cron>();
  const cancel = (guildId: string) => {
    jobs.get(guildId)?.stop();
    jobs.delete(guildId);
  };
  return {
    schedule(guildId, s, run) {
      cancel(guildId);
      const job = new Cron(
        cronPattern(s.time, s.weekday),
        {
          timezone: s.timezone,
          // protect: a slow post (retries) never overlaps the next tick; unref: timers alone don't keep the process up.
          protect: true,
          unref: true,
          catch: (err) => onError(guildId, err),
        },
        run,
      );
      jobs.set(guildId, job);
    },
    cancel,
    cancelAll() {
      for (const id of [...jobs.keys()]) cancel(id);
    },
    has: (guildId) => jobs.has(guildId),
  };
}
