// Fresh daily picks: papers the feed listed since a server's last post come first (best by upvotes,
// with a bonus for code, within the server's topic), then the back-catalogue rotation; no server is
// sent a paper twice while its pool holds one it has not been sent; the header counts the new papers.
import { describe, expect, it } from 'vitest';
import { makeCorpus, type Corpus } from '../../src/corpus/corpus.js';
import type { Paper } from '../../src/corpus/schema.js';
import { CODE_BONUS_UPVOTES, freshPapers, pickDaily } from '../../src/daily/picker.js';
import { CHANNEL, Clock, corpus, GUILD, paper, useHarnesses } from './helpers.js';

const ids = (ps: readonly { id: string }[]) => ps.map((p) => p.id);
const code = [{ url: 'https://github.com/o/r', kind: 'github' as const }];

describe('freshPapers', () => {
  const pool = [
    paper('old', { listedAt: '2026-11-01', upvotes: 999 }),
    paper('seed'), // no listing day: never "new"
    paper('a', { listedAt: '2026-11-20', upvotes: 30 }),
    paper('b', { listedAt: '2026-11-21', upvotes: 25, codeLinks: code }),
    paper('c', { listedAt: '2026-11-21', upvotes: 5 }),
    paper('sent', { listedAt: '2026-11-21', upvotes: 100 }),
  ];

  it('keeps papers listed on or after the last post day that the server was never sent, best first', () => {
    // b: 25 + code bonus beats a's 30.
    expect(CODE_BONUS_UPVOTES).toBeGreaterThan(5);
    expect(ids(freshPapers(pool, '2026-11-20', new Set(['sent'])))).toEqual(['b', 'a', 'c']);
    expect(ids(freshPapers(pool, '2026-11-21', new Set()))).toEqual(['sent', 'b', 'c']);
  });
});

describe('pickDaily', () => {
  const back = Array.from({ length: 6 }, (_, i) => paper(`back${i}`));
  const fresh = [paper('n1', { listedAt: '2026-11-21', upvotes: 3 }), paper('n2', { listedAt: '2026-11-21', upvotes: 9 })];
  const pool = [...back, ...fresh];

  it('puts new papers first, then fills from the rotation, and reports how many new papers there were', () => {
    const { picks, newCount } = pickDaily({ pool, seed: 1, rotation: { cycle: 0, seen: new Set() }, count: 4, since: '2026-11-21', posted: new Set() });
    expect(newCount).toBe(2);
    expect(ids(picks.map((p) => p.paper)).slice(0, 2)).toEqual(['n2', 'n1']);
    expect(picks.slice(2).every((p) => p.paper.id.startsWith('back'))).toBe(true);
    expect(new Set(picks.map((p) => p.paper.id)).size).toBe(4);
  });

  it('never repeats a paper sent in an earlier cycle while one the server was never sent is left', () => {
    // The rotation's state says cycle 1 has started with nothing seen, but back0..back4 went out in cycle 0.
    const posted = new Set(['back0', 'back1', 'back2', 'back3', 'back4', 'n1', 'n2']);
    const { picks } = pickDaily({ pool, seed: 1, rotation: { cycle: 1, seen: new Set() }, count: 3, since: '2026-11-22', posted });
    expect(picks[0]?.paper.id).toBe('back5');
    // Only after every paper went out does anything come again (the next cycle).
    expect(picks.slice(1).every((p) => p.cycle === 2)).toBe(true);
  });
});

describe('the daily service with a feed that grows', () => {
  const processes = useHarnesses();

  it('posts the papers listed since the last post first, says how many arrived, and never sends a paper twice', async () => {
    const clock = new Clock(new Date('2026-11-20T12:00:00Z'));
    let live: Corpus = corpus();
    const h = processes.boot({ clock, corpus: () => live });
    await h.service.configure(GUILD, { channelId: CHANNEL, count: 3 });
    await h.service.postNow(GUILD);
    const day1 = h.discord.messages.length;

    // A sync lists four new papers on the 21st (one in another topic, one with code).
    const listed = (id: string, over: Partial<Paper>) => paper(id, { arxivId: id, listedAt: '2026-11-21', ...over });
    const added = [
      listed('2611.00001', { upvotes: 40 }),
      listed('2611.00002', { upvotes: 35, codeLinks: code }),
      listed('2611.00003', { upvotes: 2 }),
      listed('2611.00004', { upvotes: 1 }),
    ];
    live = makeCorpus([...live.papers, ...added], live.topics.filter((t) => t.slug !== 'other'), 'hash2');
    clock.set('2026-11-21T12:00:00Z');
    await h.service.postNow(GUILD);
    const day2 = h.discord.messages.slice(day1);
    expect(day2[0]?.body.content).toBe('📰 Daily picks: Saturday 21 Nov · 4 new papers since the last post');
    const footerIds = day2.map((m) => /Paper id: (\S+)/.exec(m.body.embeds?.[0]?.footer?.text ?? '')?.[1]);
    expect(footerIds).toEqual(['2611.00002', '2611.00001', '2611.00003']);

    // The next days: the one new paper left, then the back catalogue; nothing twice until all 16 went out.
    for (const day of ['22', '23', '24', '25']) {
      clock.set(`2026-11-${day}T12:00:00Z`);
      await h.service.postNow(GUILD);
    }
    const all = h.discord.messages.map((m) => /Paper id: (\S+)/.exec(m.body.embeds?.[0]?.footer?.text ?? '')?.[1]).filter(Boolean);
    expect(all.slice(0, 16)).toHaveLength(16);
    expect(new Set(all.slice(0, 16)).size).toBe(16);
    expect(h.discord.messages.find((m) => m.body.content?.includes('22 Nov'))?.body.content).toBe('📰 Daily picks: Sunday 22 Nov · 1 new paper since the last post');
  });
});
