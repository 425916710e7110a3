// Defect 8: DISCORD_API_BASE pointing at a server that accepts connections and never answers used to
// fail after 62 s with "This operation was aborted". Now: within the connect timeout (10 s), naming the URL.
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { buildRegistry } from '../../src/dispatch.js';
import { LoginError, startBot } from '../../src/discord/client.js';
import { testContext } from '../support/context.js';

const TOKEN = 'MTE5ODc2NTQzMjEwOTg3NjU0Mw.GFakeX.fake-token-for-tests-0123456789abcdefghij';
let server: Server;
const sockets: Socket[] = [];
let base: string;

beforeAll(async () => {
  // Accepts every connection and never writes a byte.
  server = createServer((s) => void sockets.push(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  base = `http://127.0.0.1:${port}/api`;
});
afterAll(() => {
  for (const s of sockets) s.destroy();
  server.close();
});

describe('a DISCORD_API_BASE that never answers', () => {
  it('fails with the URL and "timed out" after the connect timeout, not a minute later', async () => {
    const started = Date.now();
    const err = await startBot(testContext(), buildRegistry(commands), { token: TOKEN, apiBase: base }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LoginError);
    expect((err as Error).message).toContain(base);
    expect((err as Error).message).toMatch(/timed out/);
    expect((err as Error).message).not.toMatch(/operation was aborted/);
    // The default is 10 s; discord.js alone took 62 s. (A bound on behaviour, not a benchmark.)
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 40_000);

  it('a refused connection says it cannot reach the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await startBot(testContext(), buildRegistry(commands), { token: TOKEN, apiBase: `http://127.0.0.1:${port}/api` }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/Cannot reach the Discord API at http:\/\/127\.0\.0\.1:\d+\/api \(ECONNREFUSED\)/);
  });
});
