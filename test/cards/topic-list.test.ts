import { describe, expect, it } from 'vitest';
import { payloadLimitViolations } from '../../src/cards/limits.js';
import { topicList } from '../../src/cards/topic-list.js';
import { makeTopic, realCorpus } from '../support/context.js';

describe('topic list', () => {
  it('lists every corpus topic with its slug and paper count', () => {
    const { corpus } = realCorpus();
    const p = topicList(corpus.topics.map((topic) => ({ topic, count: corpus.papersByTopic.get(topic.slug)?.length ?? 0 })));
    const d = p.embeds![0]!.description!;
    for (const t of corpus.topics) expect(d).toContain(`\`${t.slug}\` · ${corpus.papersByTopic.get(t.slug)?.length ?? 0} paper`);
    expect(payloadLimitViolations(p)).toEqual([]);
  });

  it('shortens descriptions rather than break limits when there are many topics', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ topic: makeTopic(`topic-${i}`, { description: 'd'.repeat(300) }), count: i }));
    const p = topicList(many);
    expect(payloadLimitViolations(p)).toEqual([]);
    expect(p.embeds![0]!.description).toContain('`topic-0`');
  });

  it('says so when there are no topics', () => {
    expect(topicList([]).embeds![0]!.description).toMatch(/No topics/);
  });
});
