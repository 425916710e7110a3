import { describe, expect, it } from 'vitest';
import { cycleOrder, papersLeftBeforeRepeat, pickNext, weight, type RotationState } from '../../src/daily/picker.js';
import { corpus, paper } from './helpers.js';

const ids = (ps: readonly { id: string }[]) => ps.map((p) => p.id);

/** Runs the rotation for `days` days the way the service does, returning each day's ids. */
function simulate(pool: ReturnType<typeof corpus>['papers'], seed: number, count: number, days: number): string[][] {
  let state: RotationState = { cycle: 0, seen: new Set() };
  const out: string[][] = [];
  for (let d = 0; d < days; d++) {
    const picks = pickNext(pool, seed, state, count);
    out.push(picks.map((p) => p.paper.id));
    const cycle = Math.max(...picks.map((p) => p.cycle));
    const carried = cycle === state.cycle ? [...state.seen] : [];
    state = { cycle, seen: new Set([...carried, ...picks.filter((p) => p.cycle === cycle).map((p) => p.paper.id)]) };
  }
  return out;
}

describe('daily picks rotation', () => {
  const pool = corpus().papers;

  it('gives the same order for the same seed, and another order for another seed', () => {
    expect(ids(cycleOrder(pool, 42, 0))).toEqual(ids(cycleOrder([...pool].reverse(), 42, 0)));
    const orders = new Set([1, 2, 3, 4, 5].map((seed) => ids(cycleOrder(pool, seed, 0)).join()));
    expect(orders.size).toBeGreaterThan(1);
  });

  it('shows every paper once before any paper repeats, across cycle boundaries', () => {
    const days = simulate(pool, 7, 5, 10); // 50 picks over a pool of 12: four full cycles and a bit
    const flat = days.flat();
    for (let start = 0; start + pool.length <= 48; start += pool.length) {
      expect(new Set(flat.slice(start, start + pool.length)).size).toBe(pool.length);
    }
    for (const day of days) expect(new Set(day).size).toBe(day.length);
  });

  it('rotates through a topic’s papers only', () => {
    const diffusion = corpus().papersByTopic.get('diffusion') ?? [];
    const days = simulate(diffusion, 3, 3, 4).flat();
    expect(new Set(days.slice(0, 4))).toEqual(new Set(ids(diffusion)));
    expect(days.every((id) => id.startsWith('2401.'))).toBe(true);
  });

  it('uses a new order for each cycle (seed + cycle)', () => {
    expect(ids(cycleOrder(pool, 9, 1))).toEqual(ids(cycleOrder(pool, 10, 0)));
    expect(ids(cycleOrder(pool, 9, 0))).not.toEqual(ids(cycleOrder(pool, 9, 1)));
  });

  it('favours papers with code and upvotes', () => {
    const plain = paper('plain');
    const strong = paper('strong', { codeLinks: [{ url: 'https://github.com/a/b', kind: 'github' }], upvotes: 200 });
    expect(weight(strong)).toBeCloseTo(2 + Math.log1p(200));
    expect(weight(plain)).toBe(1);
    let strongFirst = 0;
    for (let seed = 0; seed < 400; seed++) if (cycleOrder([plain, strong], seed, 0)[0]?.id === 'strong') strongFirst++;
    expect(strongFirst / 400).toBeGreaterThan(0.75);
  });

  it('keeps the others’ relative order when a paper is added to the corpus', () => {
    const before = ids(cycleOrder(pool, 5, 0));
    const after = ids(cycleOrder([...pool, paper('9999.99999')], 5, 0)).filter((id) => id !== '9999.99999');
    expect(after).toEqual(before);
  });

  it('never picks more than the pool holds, nor the same paper twice', () => {
    const small = pool.slice(0, 2);
    expect(ids(pickNext(small, 1, { cycle: 0, seen: new Set([small[0]!.id]) }, 10).map((p) => p.paper))).toHaveLength(2);
    expect(new Set(pickNext(small, 1, { cycle: 0, seen: new Set([small[0]!.id]) }, 10).map((p) => p.paper.id)).size).toBe(2);
  });

  it('says how many papers are left before repeats', () => {
    const seen = new Set(ids(pool.slice(0, 5)));
    expect(papersLeftBeforeRepeat(pool, { cycle: 0, seen })).toBe(7);
    expect(papersLeftBeforeRepeat(pool, { cycle: 0, seen: new Set(ids(pool)) })).toBe(pool.length);
  });
});
