// How long an interaction waited before the bot got to it. Discord's 3 s deadline for the first response
// runs from the interaction's creation (the time in its snowflake id), not from when our event loop reaches
// it: after a stall (a long GC, a starved CPU), interactions queue up in the gateway socket and arrive
// already old. The router uses this to acknowledge those at once instead of spending the last of their
// window on the handler, and to skip the work of ones whose window has closed (nothing can reach the user
// any more, and working on them only keeps the bot behind).
//
// The snowflake time is Discord's clock, ours may be off by seconds: the wait is the gap between the two
// minus the smallest gap seen recently (clock offset plus the fastest delivery), so a skewed clock is not
// mistaken for a backlog. Our side must be a monotonic clock (see monotonicNow): a wall clock that NTP
// steps forward would otherwise read as every interaction having waited that long. While the bot is behind for longer than the window the baseline rises, which
// under-estimates the wait: the safe direction (it then behaves as it would without this).

/** The smallest gap is taken over the current and the previous window of this length. */
export const BASELINE_WINDOW_MS = 60_000;

/** Wall-clock milliseconds that never jump: the process's start time plus the monotonic time since. */
export function monotonicNow(): number {
  return performance.timeOrigin + performance.now();
}

export class ArrivalDelay {
  private current = Infinity;
  private previous = Infinity;
  private windowStart = -Infinity;

  constructor(private readonly windowMs = BASELINE_WINDOW_MS) {}

  /**
   * Records an interaction created at `createdAt` (its snowflake time) reaching us at `now` (monotonicNow()
   * in the bot); returns how long it waited beyond the fastest recent delivery (ms, >= 0).
   */
  observe(createdAt: number, now: number): number {
    if (now - this.windowStart >= this.windowMs) {
      // A window with no arrivals leaves no stale minimum behind: both halves then start afresh.
      this.previous = now - this.windowStart >= 2 * this.windowMs ? Infinity : this.current;
      this.current = Infinity;
      this.windowStart = now;
    }
    const gap = now - createdAt;
    if (gap < this.current) this.current = gap;
    return Math.max(0, gap - Math.min(this.current, this.previous));
  }
}
