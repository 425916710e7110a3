import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GAbcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('info', stream), text: () => lines.join('') };
}

describe('logs never contain the bot token', () => {
  it('redacts token fields', () => {
    const { logger, text } = capture();
    logger.info({ token: TOKEN, config: { discordToken: TOKEN } }, 'starting');
    expect(text()).toContain('starting');
    expect(text()).not.toContain(TOKEN);
  });

  it('scrubs tokens from messages and error stacks', () => {
    const { logger, text } = capture();
    logger.info(`login with ${TOKEN}`);
    logger.error({ err: new Error(`bad auth ${TOKEN}`) }, 'failed');
    expect(text()).toContain('[redacted-token]');
    expect(text()).toContain('bad auth');
    expect(text()).not.toContain(TOKEN);
  });
});
