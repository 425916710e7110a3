// runInSlices: work written as steps runs between interactions. Sliced tasks running at the same time
// (after a swap: the snapshot encode, the warm-up, the similarity pass) take turns, one slice per turn
// of the event loop in all, so an interaction arriving meanwhile waits for one slice, not one per task.
import { afterEach, describe, expect, it } from 'vitest';
import { runInSlices, runSteps, traceSteps } from '../../src/corpus/steps.js';

/** A counter bumped once per turn of the event loop (one setImmediate callback per check phase). */
function turnCounter() {
  let turn = 0;
  let on = true;
  const tick = () => {
    turn++;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  return { now: () => turn, stop: () => void (on = false) };
}

function* counted(n: number, seen: Array<[string, number]>, name: string, turn: () => number): Generator<void, string> {
  for (let i = 0; i < n; i++) {
    seen.push([name, turn()]);
    yield;
  }
  return name;
}

afterEach(() => traceSteps(undefined));

describe('runInSlices', () => {
  it('gives the value runSteps gives', async () => {
    const turns = turnCounter();
    expect(await runInSlices(counted(10, [], 'a', turns.now), { sliceMs: 0 })).toBe(runSteps(counted(10, [], 'a', turns.now)));
    turns.stop();
  });

  it('runs one slice per turn of the event loop across tasks running at the same time', async () => {
    const turns = turnCounter();
    const seen: Array<[string, number]> = [];
    const done = await Promise.all(['a', 'b', 'c'].map((name) => runInSlices(counted(20, seen, name, turns.now), { sliceMs: 0 })));
    turns.stop();
    expect(done).toEqual(['a', 'b', 'c']);
    expect(seen).toHaveLength(60);
    // sliceMs 0: one step per slice, so no two steps share a turn, and the tasks alternate.
    expect(new Set(seen.map(([, turn]) => turn)).size).toBe(60);
    expect(seen.slice(0, 6).map(([name]) => name)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('passes the turn on when a step throws, so the other tasks finish', async () => {
    const turns = turnCounter();
    function* failing(): Generator<void, never> {
      yield;
      throw new Error('step failed');
    }
    const other = runInSlices(counted(5, [], 'other', turns.now), { sliceMs: 0 });
    await expect(runInSlices(failing(), { sliceMs: 0 })).rejects.toThrow('step failed');
    expect(await other).toBe('other');
    expect(await runInSlices(counted(3, [], 'after', turns.now), { sliceMs: 0 })).toBe('after');
    turns.stop();
  });

  it('tells the trace of every step with its task\'s label', async () => {
    const turns = turnCounter();
    const labels: string[] = [];
    traceSteps((_start, ms, label) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      labels.push(label);
    });
    await Promise.all([runInSlices(counted(3, [], 'x', turns.now), { label: 'encode' }), runInSlices(counted(2, [], 'y', turns.now), { label: 'warm-up' })]);
    turns.stop();
    // Three steps each and two: each task's steps and the final `done` call.
    expect(labels.filter((l) => l === 'encode')).toHaveLength(4);
    expect(labels.filter((l) => l === 'warm-up')).toHaveLength(3);
  });
});
