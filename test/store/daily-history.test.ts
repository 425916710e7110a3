import { describe, expect, it } from 'vitest';
import { createDailyHistoryRepo, type ClaimRequest, type NewPick } from '../../src/store/daily-history.js';
import { useTempDatabase } from '../daily/helpers.js';

const database = useTempDatabase();

const NOW = new Date('2026-11-22T09:00:00Z');
const picks = (...ids: string[]): (() => NewPick[]) => () => ids.map((paperId) => ({ paperId, rotation: '', cycle: 0 }));
const req = (over: Partial<ClaimRequest> = {}): ClaimRequest => ({
  guildId: 'g',
  localDate: '2026-11-22',
  channelId: 'c1',
  nonce: 'n1',
  owner: 'proc-a',
  now: NOW,
  picks: picks('a', 'b'),
  ...over,
});

describe('the posting journal', () => {
  it('lets exactly one run claim a server’s day; the same process asking again is told it is busy', () => {
    const h = createDailyHistoryRepo(database());
    const first = h.claim(req());
    expect(first).toMatchObject({ kind: 'claimed', resumed: false });
    expect(first.post.picks.map((p) => p.paperId)).toEqual(['a', 'b']);
    expect(h.claim(req({ picks: picks('x') })).kind).toBe('busy');
  });

  it('hands an unfinished post from a dead process to the next one with the same picks and nonce', () => {
    const h = createDailyHistoryRepo(database());
    h.claim(req());
    h.recordMessage('g', '2026-11-22', 0, 'm0');
    const resumed = h.claim(req({ owner: 'proc-b', nonce: 'other', picks: picks('x') }));
    expect(resumed).toMatchObject({ kind: 'claimed', resumed: true });
    expect(resumed.post.nonce).toBe('n1');
    expect(resumed.post.picks.map((p) => [p.paperId, p.messageId])).toEqual([
      ['a', 'm0'],
      ['b', null],
    ]);
  });

  it('reports a finished day as sent, to everyone', () => {
    const h = createDailyHistoryRepo(database());
    h.claim(req());
    h.finish('g', '2026-11-22', NOW);
    expect(h.claim(req({ owner: 'proc-b' })).kind).toBe('sent');
    expect(h.lastSent('g')?.sentAt).toEqual(NOW);
    expect(h.unfinished()).toEqual([]);
  });

  it('resumes a failed day in the same channel, but starts afresh in a new channel', () => {
    const h = createDailyHistoryRepo(database());
    h.claim(req());
    h.fail('g', '2026-11-22', 'no permission');
    expect(h.claim(req({ picks: picks('x') }))).toMatchObject({ kind: 'claimed', resumed: true });
    h.fail('g', '2026-11-22', 'channel gone');
    const fresh = h.claim(req({ channelId: 'c2', nonce: 'n2', picks: picks('x', 'y') }));
    expect(fresh).toMatchObject({ kind: 'claimed', resumed: false });
    expect(fresh.post).toMatchObject({ channelId: 'c2', nonce: 'n2', error: null });
    expect(fresh.post.picks.map((p) => p.paperId)).toEqual(['x', 'y']);
  });

  it('tracks the rotation: the latest cycle and what it has used, ignoring failed posts', () => {
    const h = createDailyHistoryRepo(database());
    h.claim(req({ localDate: '2026-11-20', picks: () => [{ paperId: 'a', rotation: '', cycle: 0 }] }));
    h.claim(req({ localDate: '2026-11-21', picks: () => [{ paperId: 'b', rotation: '', cycle: 0 }, { paperId: 'c', rotation: '', cycle: 1 }] }));
    h.claim(req({ localDate: '2026-11-22', picks: () => [{ paperId: 'd', rotation: 'diffusion', cycle: 0 }] }));
    expect(h.rotation('g', '')).toEqual({ cycle: 1, seen: new Set(['c']) });
    h.fail('g', '2026-11-21', 'x');
    expect(h.rotation('g', '')).toEqual({ cycle: 0, seen: new Set(['a']) });
    expect(h.rotation('g', 'diffusion').seen).toEqual(new Set(['d']));
    expect(h.rotation('other', '')).toEqual({ cycle: 0, seen: new Set() });
  });
});
