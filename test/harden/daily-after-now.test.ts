// Defect 6: after /daily now, the next post is tomorrow. Status, preview and the /daily set confirmation
// must not name today's scheduled time once today's picks are out.
import { describe, expect, it } from 'vitest';
import { CHANNEL, Clock, GUILD, useHarnesses } from '../daily/helpers.js';

const processes = useHarnesses();

describe('the next post after /daily now', () => {
  it('is tomorrow in status, preview and the /daily set confirmation when today’s picks are already out', async () => {
    const clock = new Clock(new Date('2026-11-22T05:00:00Z')); // before the 06:27 schedule
    const h = processes.boot({ clock });
    const before = await h.service.configure(GUILD, { channelId: CHANNEL, time: '06:27', timezone: 'UTC' });
    expect(before.nextRunAt?.toISOString()).toBe('2026-11-22T06:27:00.000Z');
    expect(h.service.preview(GUILD).localDate).toBe('2026-11-22');

    expect(await h.service.postNow(GUILD)).toMatchObject({ kind: 'posted', localDate: '2026-11-22' });
    expect(h.service.status(GUILD)!.nextRunAt?.toISOString()).toBe('2026-11-23T06:27:00.000Z');
    expect(h.service.preview(GUILD).localDate).toBe('2026-11-23');
    const confirmed = await h.service.configure(GUILD, { channelId: CHANNEL, count: 2 });
    expect(confirmed.nextRunAt?.toISOString()).toBe('2026-11-23T06:27:00.000Z');
    // A later time today is still skipped: one post a day.
    const moved = await h.service.configure(GUILD, { channelId: CHANNEL, time: '23:00' });
    expect(moved.nextRunAt?.toISOString()).toBe('2026-11-23T23:00:00.000Z');
  });

  it('still names today when today’s post is not out yet', async () => {
    const clock = new Clock(new Date('2026-11-22T05:00:00Z'));
    const h = processes.boot({ clock });
    const s = await h.service.configure(GUILD, { channelId: CHANNEL, time: '06:27', timezone: 'Europe/Berlin' });
    expect(s.nextRunAt?.toISOString()).toBe('2026-11-22T05:27:00.000Z');
  });
});
