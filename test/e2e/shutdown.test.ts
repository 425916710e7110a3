// Graceful shutdown (SIGINT/SIGTERM call App.stop): replies in flight are finished, new interactions are
// politely refused, then the client disconnects.
import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src/command.js';
import { message } from '../../src/reply.js';
import { SHUTTING_DOWN } from '../../src/discord/router.js';
import { commands } from '../../commands/index.js';
import { DeferredChannelMessageWithSource, EPHEMERAL, messageData, startHarness, type Harness } from './bot-harness.js';

let release: () => void = () => undefined;
/** Holds its reply until the test releases it, like a slow handler would. */
const slow: Command = {
  data: { name: 'slow', description: 'Answers when released (test only)' },
  execute: () => new Promise((resolve) => (release = () => resolve(message({ content: 'finally' })))),
};

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop(); // idempotent after the test's own stop: closes the fake, removes the data dir
  h = undefined;
});

describe('graceful shutdown', () => {
  it('finishes the reply in flight, refuses newcomers, then disconnects', async () => {
    h = await startHarness({ bot: { commands: [...commands, slow] } });
    const inFlight = h.fake.interact.command({ name: 'slow' });
    // The router defers a handler still running after 1.2 s, so the token stays valid while it works.
    expect((await inFlight.callback()).type).toBe(DeferredChannelMessageWithSource);

    const stopping = h.app.stop();
    const late = messageData(await h.fake.interact.command({ name: 'help' }).callback());
    expect(late.content).toContain(SHUTTING_DOWN);
    expect(late.flags! & EPHEMERAL).toBe(EPHEMERAL);

    release();
    await stopping;
    const edit = await inFlight.waitForEvent('original.edit');
    expect((edit.body as { content: string }).content).toBe('finally');
    expect(h.app.bot!.client.isReady()).toBe(false);
  });
});
