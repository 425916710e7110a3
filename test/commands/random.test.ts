import { describe, expect, it } from 'vitest';
import { createRandomCommand } from '../../commands/random.js';
import { payloadLimitViolations } from '../../src/cards/limits.js';
import { decodeCustomId, type ComponentAction } from '../../src/custom-id.js';
import { UserError } from '../../src/errors.js';
import { isEphemeral, type Reply } from '../../src/reply.js';
import { commandRequest, componentRequest, fixtureCorpus, makePaper, testContext } from '../support/context.js';
import { button } from './helpers.js';

const ctx = testContext();
/** Cycles through the given values: a predictable stand-in for Math.random. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};
const paperId = (r: Reply) => /Paper id: (\S+)/.exec(r.payload.embeds?.[0]?.footer?.text ?? '')?.[1];

describe('/random', () => {
  it('picks with the injected RNG: a private card with Share and Another one', async () => {
    const reply = await createRandomCommand(() => 0).execute(ctx, commandRequest());
    expect(paperId(reply)).toBe(ctx.corpus.papers[0]!.id);
    expect(isEphemeral(reply.payload)).toBe(true);
    expect(button(reply.payload, 'Share')).toBeDefined();
    expect(decodeCustomId(button(reply.payload, 'Another one').custom_id)).toEqual({ action: 'random', hasCode: false });
    expect(payloadLimitViolations(reply.payload)).toEqual([]);
  });

  it('respects topic and has_code, and Another one keeps them while replacing the card in place', async () => {
    const topic = ctx.corpus.topics.find((t) => (ctx.corpus.papersByTopic.get(t.slug) ?? []).filter((p) => p.codeLinks.length).length >= 2)!;
    const random = createRandomCommand(sequence(0, 0.999));
    const first = await random.execute(ctx, commandRequest({ topic: topic.slug, has_code: true }));
    const action = decodeCustomId(button(first.payload, 'Another one').custom_id) as ComponentAction;
    expect(action).toEqual({ action: 'random', topic: topic.slug, hasCode: true });
    const second = await random.components!.random!(ctx, componentRequest(action));
    expect(second.kind).toBe('update');
    expect(paperId(second)).not.toBe(paperId(first));
    for (const r of [first, second]) {
      const paper = ctx.corpus.byId.get(paperId(r)!)!;
      expect(paper.topics).toContain(topic.slug);
      expect(paper.codeLinks.length).toBeGreaterThan(0);
    }
  });

  it('an unknown topic, or filters nothing matches, is a friendly error', () => {
    const random = createRandomCommand(() => 0.5);
    expect(() => random.execute(ctx, commandRequest({ topic: 'astrology' }))).toThrow(/`topic`: there is no topic "astrology"/);
    const noCode = testContext({ corpus: fixtureCorpus([makePaper({ id: 'plain-a' }), makePaper({ id: 'plain-b' })]) });
    expect(() => random.execute(noCode, commandRequest({ has_code: true }))).toThrow(UserError);
    expect(() => random.execute(noCode, commandRequest({ has_code: true }))).toThrow(/No paper matches those filters/);
  });
});
