// Slow handlers and graceful shutdown (SIGINT/SIGTERM call App.stop): a handler still running after
// 1.2 s is deferred so its token stays valid; on shutdown, replies in flight are finished, newcomers
// are politely refused, then the client disconnects.
import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src/command.js';
import { message, type Reply } from '../../src/reply.js';
import { SHUTTING_DOWN } from '../../src/discord/router.js';
import { commands } from '../../commands/index.js';
import { DeferredChannelMessageWithSource, EPHEMERAL, messageData, startHarness, type Harness } from './bot-harness.js';

let release: (reply: Reply) => void = () => undefined;
/** Holds its reply until the test releases it, like a slow handler would. */
const slow: Command = {
  data: { name: 'slow', description: 'Answers when released (test only)' },
  execute: () => new Promise((resolve) => (release = resolve)),
};

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop(); // idempotent after a test's own stop: closes the fake, removes the data dir
  h = undefined;
});

describe('a slow handler', () => {
  it('is deferred privately, then its private reply replaces the placeholder', async () => {
    h = await startHarness({ bot: { commands: [...commands, slow] } });
    const i = h.fake.interact.command({ name: 'slow' });
    const cb = await i.callback();
    expect(cb.type).toBe(DeferredChannelMessageWithSource);
    expect((cb.data as { flags: number }).flags & EPHEMERAL).toBe(EPHEMERAL);
    release(message({ content: 'private answer' }, { ephemeral: true }));
    expect((await i.waitForEvent('original.edit')).body).toMatchObject({ content: 'private answer', allowed_mentions: { parse: [] } });
  });

  it('that turns out public gets its placeholder deleted and the reply posted for everyone', async () => {
    h = await startHarness({ bot: { commands: [...commands, slow] } });
    const i = h.fake.interact.command({ name: 'slow' });
    await i.callback();
    release(message({ content: 'public answer' }));
    await i.waitForEvent('followup.create');
    expect(i.events.map((e) => e.kind)).toEqual(['callback', 'original.delete', 'followup.create']);
    const posted = i.followUps()[0]!;
    expect(posted.content).toBe('public answer');
    expect(posted.flags ?? 0).toBe(0);
  });
});

describe('graceful shutdown', () => {
  it('finishes the reply in flight, refuses newcomers, then disconnects', async () => {
    h = await startHarness({ bot: { commands: [...commands, slow] } });
    const inFlight = h.fake.interact.command({ name: 'slow' });
    expect((await inFlight.callback()).type).toBe(DeferredChannelMessageWithSource);

    const stopping = h.app.stop();
    const late = messageData(await h.fake.interact.command({ name: 'help' }).callback());
    expect(late.content).toContain(SHUTTING_DOWN);
    expect(late.flags! & EPHEMERAL).toBe(EPHEMERAL);

    release(message({ content: 'finally' }, { ephemeral: true }));
    await stopping;
    const edit = await inFlight.waitForEvent('original.edit');
    expect((edit.body as { content: string }).content).toBe('finally');
    expect(h.app.bot!.client.isReady()).toBe(false);
  });
});
