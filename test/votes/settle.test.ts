// When presses race, Discord may apply their updates out of order; the settle step leaves the message
// showing the final count all the same, and costs no extra edit when the order was right.
import { describe, expect, it } from 'vitest';
import { payload } from '../../src/reply.js';
import { createSettleTracker, type Shown } from '../../src/votes/settle.js';

const shown = (n: number): Shown => ({ key: `p=${n}`, payload: payload({ content: `▲ ${n}` }) });

describe('settling a message after concurrent vote presses', () => {
  it('re-edits once when an older count was delivered last', async () => {
    const tracker = createSettleTracker();
    const count = 2; // both presses have landed in the database
    const message: string[] = [];
    const edit = async (p: { content?: string }) => {
      message.push(p.content!);
    };
    // Press B (count 2) is delivered first, then press A's stale update (count 1) overtakes it.
    const settleB = tracker.settle('m1', 'p=2', () => shown(count));
    const settleA = tracker.settle('m1', 'p=1', () => shown(count));
    message.push('▲ 2');
    await settleB(edit);
    message.push('▲ 1');
    await settleA(edit);
    expect(message).toEqual(['▲ 2', '▲ 1', '▲ 2']);
    expect(tracker.active).toBe(0);
  });

  it('makes no extra edit when the last delivered update already shows the final count', async () => {
    const tracker = createSettleTracker();
    const edits: string[] = [];
    const edit = async (p: { content?: string }) => {
      edits.push(p.content!);
    };
    await tracker.settle('m1', 'p=1', () => shown(2))(edit);
    expect(edits).toEqual(['▲ 2']); // one stale: corrected
    await tracker.settle('m1', 'p=2', () => shown(2))(edit);
    expect(edits).toEqual(['▲ 2']);
  });

  it('runs one message\'s corrections one at a time, and different messages independently', async () => {
    const tracker = createSettleTracker();
    let running = 0;
    let maxRunning = 0;
    const slowEdit = async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
    };
    let n = 0;
    const latest = () => shown(++n); // every read sees a newer count, so every settle edits
    await Promise.all(Array.from({ length: 5 }, (_, i) => tracker.settle('m1', `p=${-i}`, latest)(slowEdit)));
    expect(maxRunning).toBe(1);
    expect(tracker.active).toBe(0);
    expect(tracker.unsettled).toBe(0);
  });

  it('a failed correction does not block the next one', async () => {
    const tracker = createSettleTracker();
    const edits: string[] = [];
    await expect(tracker.settle('m1', 'p=0', () => shown(1))(async () => Promise.reject(new Error('gone')))).rejects.toThrow('gone');
    await tracker.settle('m1', 'p=0', () => shown(1))(async (p) => {
      edits.push(p.content!);
    });
    expect(edits).toEqual(['▲ 1']);
    expect(tracker.active).toBe(0);
  });
});
