import { describe, expect, it } from 'vitest';
import { CUSTOM_ID_MAX, decodeCustomId, encodeCustomId, type ComponentAction } from '../src/custom-id.js';

describe('stateless component ids', () => {
  const actions: ComponentAction[] = [
    { action: 'search-page', page: 3, query: 'gradient | clipping', filters: { topic: 'optimizers', hasCode: true, yearFrom: 2020, yearTo: 2024 } },
    { action: 'search-page', page: 0, query: 'rlvr', filters: {} },
    { action: 'open' },
    { action: 'paper', paperId: 'spam-spike-aware-adam-with-momentum-reset-for-stable-llm-training' },
    { action: 'share', paperId: '2501.06842' },
    { action: 'random', hasCode: false },
    { action: 'random', topic: 'diffusion-and-generative-models', hasCode: true },
    { action: 'topic-page', slug: 'optimizers', page: 2 },
    { action: 'vote', paperId: '2501.06842' },
    { action: 'cite', paperId: 'spam-spike-aware-adam-with-momentum-reset-for-stable-llm-training' },
  ];

  it.each(actions)('round-trips $action', (a) => {
    const id = encodeCustomId(a);
    expect(id.length).toBeLessThanOrEqual(CUSTOM_ID_MAX);
    expect(decodeCustomId(id)).toEqual(a);
  });

  it('refuses to encode an id longer than Discord allows', () => {
    expect(() => encodeCustomId({ action: 'search-page', page: 1, query: 'x'.repeat(100), filters: {} })).toThrow(/too long/);
  });

  it.each(['', 'garbage', '0|s|1|||||q', '1|zz|1', '1|s|x|||||q', '1|s|1||2|||q', '1|p', '1|p|a|b', '1|r|t', '1|t|slug|-1', '1|o|extra', '1|v', '1|v|a|b', '1|c|'])(
    'treats %j as expired instead of crashing',
    (id) => {
      expect(decodeCustomId(id)).toBeNull();
    },
  );
});
