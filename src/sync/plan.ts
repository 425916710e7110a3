// Which listing days a sync fetches. Pure: the same cursor, window and today give the same plan.
//
//   - every day in the window that the cursor has not recorded (first run: the last 30 days, or --from);
//   - plus the last 7 days again, because upvotes, the GitHub repo and its stars keep changing after
//     a paper is listed (and today's list grows during the day);
//   - oldest first, so an interrupted run leaves a cursor the next run simply continues.

export const DEFAULT_BACKFILL_DAYS = 30;
export const DEFAULT_REFRESH_DAYS = 7;
/** One sync never plans more than this many days (about a year): a typo in --from must not mean 10,000 requests. */
export const MAX_SYNC_DAYS = 400;

const DAY_MS = 86_400_000;

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

export function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && addDays(value, 0) === value;
}

export interface PlanInput {
  /** Today in UTC (HF's listing days are UTC dates). */
  today: string;
  /** Days the cursor has recorded as synced. */
  synced: ReadonlySet<string>;
  from?: string;
  to?: string;
  backfillDays?: number;
  refreshDays?: number;
}

export interface PlannedDay {
  day: string;
  /** Already synced once; fetched again for changed upvotes, repos and stars. */
  refresh: boolean;
}

/** Throws an Error with one line for impossible ranges (the CLI shows it as is). */
export function planSyncDays(input: PlanInput): PlannedDay[] {
  const backfill = input.backfillDays ?? DEFAULT_BACKFILL_DAYS;
  const refreshDays = input.refreshDays ?? DEFAULT_REFRESH_DAYS;
  for (const [flag, value] of [['--from', input.from], ['--to', input.to]] as const) {
    if (value !== undefined && !isDay(value)) throw new Error(`${flag} "${value}" is not a date: use YYYY-MM-DD`);
  }
  const to = input.to === undefined || input.to > input.today ? input.today : input.to;
  const from = input.from ?? addDays(input.today, -(backfill - 1));
  if (from > to) throw new Error(`--from ${from} is after ${input.to === undefined ? 'today' : `--to ${to}`}`);
  const refreshFrom = addDays(input.today, -(refreshDays - 1));
  const days: PlannedDay[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const synced = input.synced.has(day);
    if (!synced || day >= refreshFrom) days.push({ day, refresh: synced });
    if (days.length > MAX_SYNC_DAYS) throw new Error(`that is more than ${MAX_SYNC_DAYS} days to fetch; sync a shorter range with --from and --to`);
  }
  return days;
}
