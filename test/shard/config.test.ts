// SHARD_COUNT: how many shards `npm run start:sharded` runs.
import { describe, expect, it } from 'vitest';
import { loadConfig, MAX_SHARDS } from '../../src/config.js';

describe('SHARD_COUNT', () => {
  it('defaults to auto (Discord\'s recommendation); blank is unset', () => {
    expect(loadConfig({}).shardCount).toBe('auto');
    expect(loadConfig({ SHARD_COUNT: ' ' }).shardCount).toBe('auto');
    expect(loadConfig({ SHARD_COUNT: 'auto' }).shardCount).toBe('auto');
  });

  it('takes a whole number of shards', () => {
    expect(loadConfig({ SHARD_COUNT: '2' }).shardCount).toBe(2);
    expect(loadConfig({ SHARD_COUNT: String(MAX_SHARDS) }).shardCount).toBe(MAX_SHARDS);
  });

  it.each(['0', '-1', '1.5', 'two', String(MAX_SHARDS + 1)])('refuses %j with one line naming the variable', (value) => {
    expect(() => loadConfig({ SHARD_COUNT: value })).toThrow(`SHARD_COUNT must be auto or a whole number from 1 to ${MAX_SHARDS}`);
  });
});
