// A burst of interactions (say, after a stall) must not open a connection per request: the bot's HTTP
// pool to Discord is bounded, so sockets, file descriptors and memory stay bounded under any backlog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST_CONNECTIONS } from '../../src/discord/client.js';
import { startHarness, type Harness } from './bot-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

const tcpSockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

describe('REST connections', () => {
  it(`stay at most ${REST_CONNECTIONS} for a burst of 300 interactions`, async () => {
    const before = tcpSockets();
    let peak = 0;
    const sample = setInterval(() => (peak = Math.max(peak, tcpSockets() - before)), 1);
    const burst = Array.from({ length: 300 }, () => h.fake.interact.command({ name: 'help' }));
    for (const i of burst) expect((await i.callback(30_000)).type).toBe(4);
    clearInterval(sample);
    peak = Math.max(peak, tcpSockets() - before);
    // Both ends of each connection live in this process (the fake serves it).
    expect(peak / 2).toBeLessThanOrEqual(REST_CONNECTIONS);
  });
});
