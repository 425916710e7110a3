import { describe, expect, it } from 'vitest';
import {
  createCronScheduler,
  dayLabel,
  formatLocal,
  isDueToday,
  localDate,
  nextRunAt,
  normalizeTime,
  todaysRunAt,
} from '../../src/daily/schedule.js';

const berlin = { time: '09:00', timezone: 'Europe/Berlin' };
const newYork = { time: '09:00', timezone: 'America/New_York' };
const at = (iso: string) => new Date(iso);

describe('daily schedule in the server’s timezone', () => {
  it('keeps 09:00 Berlin at 09:00 local across the March change (UTC+1 -> UTC+2)', () => {
    expect(nextRunAt(berlin, at('2026-03-28T06:00:00Z'))).toEqual(at('2026-03-28T08:00:00Z'));
    expect(nextRunAt(berlin, at('2026-03-28T08:00:00Z'))).toEqual(at('2026-03-29T07:00:00Z'));
    expect(nextRunAt(berlin, at('2026-03-29T07:00:00Z'))).toEqual(at('2026-03-30T07:00:00Z'));
  });

  it('keeps 09:00 Berlin at 09:00 local across the October change (UTC+2 -> UTC+1)', () => {
    expect(nextRunAt(berlin, at('2026-10-24T12:00:00Z'))).toEqual(at('2026-10-25T08:00:00Z'));
    expect(nextRunAt(berlin, at('2026-10-25T08:00:00Z'))).toEqual(at('2026-10-26T08:00:00Z'));
  });

  it('follows New York across its November change', () => {
    expect(nextRunAt(newYork, at('2026-10-31T14:00:00Z'))).toEqual(at('2026-11-01T14:00:00Z'));
    expect(nextRunAt(newYork, at('2026-10-30T12:00:00Z'))).toEqual(at('2026-10-30T13:00:00Z'));
  });

  it('runs a time inside the spring-forward gap once, just after the gap, and calls that day due', () => {
    const gap = { time: '02:30', timezone: 'Europe/Berlin' };
    const run = todaysRunAt(gap, at('2026-03-29T10:00:00Z'));
    expect(run).toEqual(at('2026-03-29T01:30:00Z')); // 03:30 CEST, the instant 02:30 would have been
    expect(isDueToday(gap, at('2026-03-29T01:10:00Z'), null)).toBe(false);
    expect(isDueToday(gap, at('2026-03-29T01:30:00Z'), null)).toBe(true);
  });

  it('runs a time inside the repeated autumn hour only once', () => {
    const dup = { time: '02:30', timezone: 'Europe/Berlin' };
    const runs = [nextRunAt(dup, at('2026-10-24T12:00:00Z'))];
    runs.push(nextRunAt(dup, runs[0]!));
    expect(runs.map((r) => localDate(r, dup.timezone))).toEqual(['2026-10-25', '2026-10-26']);
  });

  it('is due once the time has passed today and nothing was posted today', () => {
    expect(isDueToday(berlin, at('2026-11-22T07:59:00Z'), null)).toBe(false);
    expect(isDueToday(berlin, at('2026-11-22T08:00:00Z'), null)).toBe(true);
    expect(isDueToday(berlin, at('2026-11-22T22:30:00Z'), null)).toBe(true); // 23:30 local, still today
    expect(isDueToday(berlin, at('2026-11-22T23:30:00Z'), null)).toBe(false); // 00:30 tomorrow local
    expect(isDueToday(berlin, at('2026-11-22T12:00:00Z'), '2026-11-22')).toBe(false);
    expect(isDueToday(berlin, at('2026-11-22T12:00:00Z'), '2026-11-21')).toBe(true);
  });

  it('does not count a run that passed before the settings existed', () => {
    expect(isDueToday(berlin, at('2026-11-22T12:00:00Z'), null, at('2026-11-22T09:00:00Z'))).toBe(false);
    expect(isDueToday(berlin, at('2026-11-22T12:00:00Z'), null, at('2026-11-21T20:00:00Z'))).toBe(true);
  });

  it('knows the local date and writes it the way the header shows it', () => {
    expect(localDate(at('2026-11-22T23:30:00Z'), 'UTC')).toBe('2026-11-22');
    expect(localDate(at('2026-11-22T23:30:00Z'), 'Europe/Berlin')).toBe('2026-11-23');
    expect(localDate(at('2026-11-22T03:00:00Z'), 'America/New_York')).toBe('2026-11-21');
    expect(dayLabel('2026-11-22')).toBe('Sunday 22 Nov');
    expect(formatLocal(at('2026-11-22T08:00:00Z'), 'Europe/Berlin')).toBe('Sunday 22 Nov, 09:00 (Europe/Berlin)');
  });

  it('accepts 24-hour HH:MM (and H:MM), nothing else', () => {
    expect(normalizeTime('09:00')).toBe('09:00');
    expect(normalizeTime(' 7:05 ')).toBe('07:05');
    expect(normalizeTime('23:59')).toBe('23:59');
    for (const bad of ['24:00', '9am', '09:60', '0900', '9:5', '']) expect(normalizeTime(bad)).toBeNull();
  });

  it('keeps one croner job per server, replaced on reschedule and gone on cancel', () => {
    const scheduler = createCronScheduler(() => undefined);
    const run = async () => undefined;
    scheduler.schedule('g1', berlin, run);
    scheduler.schedule('g1', { time: '10:00', timezone: 'UTC' }, run);
    scheduler.schedule('g2', newYork, run);
    expect(scheduler.has('g1') && scheduler.has('g2')).toBe(true);
    scheduler.cancel('g1');
    expect(scheduler.has('g1')).toBe(false);
    scheduler.cancelAll();
    expect(scheduler.has('g2')).toBe(false);
  });
});
