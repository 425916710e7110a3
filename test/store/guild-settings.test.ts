import { describe, expect, it } from 'vitest';
import { createGuildSettingsRepo } from '../../src/store/guild-settings.js';
import { useTempDatabase } from '../daily/helpers.js';

const database = useTempDatabase();

const T0 = new Date('2026-11-20T10:00:00Z');
const input = { channelId: '222222222222222222', time: '09:00', timezone: 'Europe/Berlin', count: 3, topic: null };

describe('guild settings', () => {
  it('round-trips a server’s settings as typed values', () => {
    const repo = createGuildSettingsRepo(database());
    const saved = repo.save('g1', input, 'command', T0);
    expect(saved).toMatchObject({ guildId: 'g1', ...input, enabled: true, disabledReason: null, source: 'command' });
    expect(saved.updatedAt).toEqual(T0);
    expect(repo.get('g1')).toEqual(saved);
    expect(repo.get('nope')).toBeNull();
  });

  it('keeps the rotation seed when settings change, so the rotation continues', () => {
    const repo = createGuildSettingsRepo(database());
    const first = repo.save('g1', input, 'command', T0);
    const second = repo.save('g1', { ...input, time: '18:30', topic: 'diffusion' }, 'command', T0);
    expect(second.seed).toBe(first.seed);
    expect(second.time).toBe('18:30');
  });

  it('remembers why a schedule was disabled, and a new save turns it back on', () => {
    const repo = createGuildSettingsRepo(database());
    repo.save('g1', input, 'env', T0);
    repo.disable('g1', 'channel deleted', T0);
    expect(repo.get('g1')).toMatchObject({ enabled: false, disabledReason: 'channel deleted', source: 'env' });
    repo.disable('g1', 'Turned off with /daily off.', T0, 'command');
    expect(repo.get('g1')?.source).toBe('command');
    expect(repo.save('g1', input, 'command', T0)).toMatchObject({ enabled: true, disabledReason: null });
  });

  it('rejects a row that does not parse instead of scheduling nonsense', () => {
    createGuildSettingsRepo(database()).save('g1', input, 'command', T0);
    database().prepare("UPDATE guild_settings SET time = '9h' WHERE guild_id = 'g1'").run();
    expect(() => createGuildSettingsRepo(database()).get('g1')).toThrow();
  });
});
