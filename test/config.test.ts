import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GAbcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';
const APP = '123456789012345678';

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env, '/srv/paperboy');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration from the environment', () => {
  it('needs nothing at all: no token means console mode with sensible defaults', () => {
    const c = loadConfig({}, '/srv/paperboy');
    expect(c.discordToken).toBeUndefined();
    expect(c.logLevel).toBe('info');
    expect(c.dataDir).toBe('/srv/paperboy/data');
    expect(c.corpusDir).toBe('/srv/paperboy/corpus');
    expect(c.daily).toEqual({ channelId: undefined, time: '09:00', timezone: 'UTC', count: 3 });
  });

  it('treats blank variables (a copied .env.example) as unset', () => {
    const c = loadConfig({ DISCORD_TOKEN: '', DISCORD_CLIENT_ID: ' ', DAILY_TIME: '', LOG_LEVEL: '' }, '/x');
    expect(c.discordToken).toBeUndefined();
    expect(c.daily.time).toBe('09:00');
  });

  it('reads SEMANTIC_RETRAIN as a paper count, a share, or off (default 5%), and names a bad value', () => {
    expect(loadConfig({}, '/x').semanticRetrain).toEqual({ percent: 5 });
    expect(loadConfig({ SEMANTIC_RETRAIN: '300' }, '/x').semanticRetrain).toEqual({ papers: 300 });
    expect(loadConfig({ SEMANTIC_RETRAIN: ' 2.5% ' }, '/x').semanticRetrain).toEqual({ percent: 2.5 });
    expect(loadConfig({ SEMANTIC_RETRAIN: 'off' }, '/x').semanticRetrain).toBeNull();
    for (const bad of ['0', 'weekly', '5 %', '-1']) expect(errorOf({ SEMANTIC_RETRAIN: bad })).toMatch(/SEMANTIC_RETRAIN must be a number of new papers/);
  });

  it('accepts a complete bot configuration', () => {
    const c = loadConfig(
      { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: APP, DISCORD_GUILD_ID: '987654321098765432', DISCORD_API_BASE: 'http://127.0.0.1:9999/api/', DAILY_TIMEZONE: 'Europe/Berlin', DAILY_COUNT: '5', DAILY_TIME: '07:30' },
      '/x',
    );
    expect(c.discordApiBase).toBe('http://127.0.0.1:9999/api');
    expect(c.daily).toMatchObject({ timezone: 'Europe/Berlin', count: 5, time: '07:30' });
  });

  it('names a malformed token without echoing it', () => {
    const msg = errorOf({ DISCORD_TOKEN: 'not-a-token', DISCORD_CLIENT_ID: APP });
    expect(msg).toMatch(/DISCORD_TOKEN looks malformed/);
    expect(msg).not.toContain('not-a-token');
  });

  it('requires the client id once a token is set', () => {
    expect(errorOf({ DISCORD_TOKEN: TOKEN })).toMatch(/DISCORD_CLIENT_ID is required/);
  });

  it('takes SEMANTIC_SEARCH as on or off (any case) and names any other value', () => {
    expect(() => loadConfig({ SEMANTIC_SEARCH: 'OFF' }, '/x')).not.toThrow();
    expect(() => loadConfig({ SEMANTIC_SEARCH: 'on' }, '/x')).not.toThrow();
    expect(errorOf({ SEMANTIC_SEARCH: 'no' })).toMatch(/SEMANTIC_SEARCH must be on \(the default\) or off/);
  });

  it('lists every bad variable in one message', () => {
    const msg = errorOf({ DAILY_TIME: '25:00', DAILY_TIMEZONE: 'Mars/Olympus', DAILY_COUNT: '11', LOG_LEVEL: 'loud', DISCORD_CLIENT_ID: 'abc' });
    expect(msg).toMatch(/DAILY_TIME must be a 24-hour time HH:MM/);
    expect(msg).toMatch(/DAILY_TIMEZONE must be an IANA time zone name, e.g. Europe\/Berlin/);
    expect(msg).toMatch(/DAILY_COUNT must be at most 10/);
    expect(msg).toMatch(/LOG_LEVEL must be one of/);
    expect(msg).toMatch(/DISCORD_CLIENT_ID must be a Discord application id/);
  });

  it('rejects a non-http API base', () => {
    expect(errorOf({ DISCORD_API_BASE: 'ftp://example.com' })).toMatch(/DISCORD_API_BASE must be an http\(s\) URL/);
  });
});
