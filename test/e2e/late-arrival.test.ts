// Interactions that queue behind a stall (a long GC, a CPU starved by other processes) reach the bot
// already old, and Discord's 3 s deadline runs from their creation. One that still has time left is
// acknowledged before its handler runs, so it is answered; one whose window has closed costs no work
// (nothing can reach its user any more, and working on it would keep the bot behind).
import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src/command.js';
import { message } from '../../src/reply.js';
import { commands } from '../../commands/index.js';
import { DeferredChannelMessageWithSource, startHarness, type Harness } from './bot-harness.js';

/** Blocks the event loop, as a synchronous handler or a long GC pause does. */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* busy */ }
}

let ran: string[] = [];
const spinning = (name: string, ms: number): Command => ({
  data: { name, description: `Blocks ${ms} ms, then answers (test only)` },
  execute: () => {
    ran.push(name);
    spin(ms);
    return message({ content: `${name} done` }, { ephemeral: true });
  },
});
const testCommands = [spinning('stall2000', 2_000), spinning('work1500', 1_500), spinning('quick', 0)];

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
  ran = [];
});

describe('an interaction that reached the bot late', () => {
  it('with time left is deferred before its handler runs, then answered', async () => {
    h = await startHarness({ fake: { callbackDeadlineMs: 3_000 }, bot: { commands: [...commands, ...testCommands] } });
    const stall = h.fake.interact.command({ name: 'stall2000' });
    const late = h.fake.interact.command({ name: 'work1500' }); // queued 2 s behind the stall; its handler needs 1.5 s more
    expect((await stall.callback()).type).toBe(4);
    const edit = await late.waitForEvent('original.edit', 1, 15_000);
    expect(late.response?.type).toBe(DeferredChannelMessageWithSource);
    expect((edit.body as { content: string }).content).toBe('work1500 done');
  });

  it('after the deadline is skipped: no handler work, no refused callback', async () => {
    h = await startHarness({ fake: { callbackDeadlineMs: 3_000 }, bot: { commands: [...commands, ...testCommands] } });
    expect((await h.fake.interact.command({ name: 'quick' }).callback()).type).toBe(4); // delivery as usual
    const expired = h.fake.interact.command({ name: 'quick' });
    spin(3_300); // the whole process stalls (bot and fake share it): the interaction waits in the socket
    const after = h.fake.interact.command({ name: 'quick' }); // the bot is caught up again
    expect((await after.callback()).type).toBe(4);
    expect(ran).toEqual(['quick', 'quick']);
    expect(expired.response).toBeUndefined();
    expect(h.fake.requests.filter((r) => r.path.includes(`/interactions/${expired.id}/`))).toEqual([]);
  });
});
