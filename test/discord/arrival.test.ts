// How long an interaction queued before the bot reached it, from its snowflake time and our clock.
import { describe, expect, it } from 'vitest';
import { ArrivalDelay } from '../../src/discord/arrival.js';

describe('ArrivalDelay', () => {
  it('reads an interaction that arrives behind a stall as having waited that long', () => {
    const a = new ArrivalDelay(60_000);
    expect(a.observe(1_000, 1_005)).toBe(0); // the fastest delivery seen is the baseline
    expect(a.observe(2_000, 2_007)).toBe(2);
    expect(a.observe(3_000, 5_505)).toBe(2_500); // queued 2.5 s behind a stall
  });

  it('does not mistake a clock that is seconds off for a backlog', () => {
    const ahead = new ArrivalDelay(60_000);
    const behind = new ArrivalDelay(60_000);
    for (let t = 0; t < 10_000; t += 500) {
      expect(ahead.observe(t, t + 7_000 + (t % 3))).toBeLessThanOrEqual(2); // our clock 7 s ahead of Discord's
      expect(behind.observe(t, t - 7_000 + (t % 3))).toBeLessThanOrEqual(2); // or 7 s behind it
    }
  });

  it('forgets its baseline after two quiet windows, so a slow drift of either clock does not accumulate', () => {
    const a = new ArrivalDelay(1_000);
    a.observe(0, 10); // baseline 10
    expect(a.observe(500, 1_800)).toBe(1_290); // within the windows: measured against the old baseline
    for (let t = 2_000; t < 4_000; t += 100) a.observe(t, t + 900); // delivery now takes 900 ms every time
    expect(a.observe(4_000, 4_900)).toBe(0);
  });
});
