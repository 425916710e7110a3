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

describe('logs never contain interaction tokens', () => {
  it('redacts the token in a failed REST call’s URL and drops its request body', () => {
    const { logger, text } = capture();
    const interactionToken = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpzZWNyZXQ';
    const err = Object.assign(new Error('Unknown interaction'), {
      url: `https://discord.com/api/v10/interactions/123456789012345678/${interactionToken}/callback`,
      requestBody: { json: { data: { content: 'user text' } } },
    });
    logger.error({ err }, 'failed to answer interaction');
    logger.warn(`retrying /webhooks/123456789012345678/${interactionToken}/messages/@original`);
    expect(text()).toContain('/interactions/123456789012345678/[redacted-token]/callback');
    expect(text()).not.toContain(interactionToken);
    expect(text()).not.toContain('user text');
  });
});
