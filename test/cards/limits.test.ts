import { AllowedMentionsTypes, ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { assertPayloadWithinLimits, choiceViolations, LIMITS, payloadLimitViolations, truncate } from '../../src/cards/limits.js';
import { payload } from '../../src/reply.js';

describe('truncate', () => {
  it('leaves text that fits untouched', () => {
    expect(truncate('short enough', 12)).toBe('short enough');
  });

  it('cuts at a word boundary and marks the cut with an ellipsis', () => {
    const out = truncate('the quick brown fox jumps over the lazy dog', 20);
    expect(out).toBe('the quick brown fox…');
    expect(out.length).toBeLessThanOrEqual(20);
  });

  it('prefers a sentence end when asked and one is near the limit', () => {
    const text = 'First sentence is here. Second sentence is a little longer. Third one never fits at all.';
    const out = truncate(text, 70, { sentence: true });
    expect(out).toBe('First sentence is here. Second sentence is a little longer. …');
    expect(out.length).toBeLessThanOrEqual(70);
  });

  it('falls back to a hard cut when there is no late word boundary', () => {
    const out = truncate('a'.repeat(50), 10);
    expect(out).toBe(`${'a'.repeat(9)}…`);
  });

  it('never leaves a dangling escape backslash or half an emoji', () => {
    expect(truncate(`${'x'.repeat(8)}\\*tail`, 10)).toBe(`${'x'.repeat(8)}…`);
    const emoji = truncate(`${'y'.repeat(8)}😀😀😀`, 10);
    expect(emoji).toBe(`${'y'.repeat(8)}…`);
  });

  it('always respects the maximum', () => {
    for (const max of [1, 2, 5, 33, 100]) expect(truncate('word '.repeat(60), max).length).toBeLessThanOrEqual(max);
  });
});

describe('payloadLimitViolations', () => {
  it('accepts a small, well-formed payload', () => {
    expect(payloadLimitViolations(payload({ content: 'hello' }))).toEqual([]);
  });

  it('reports every exceeded embed limit, including the 6000-char total', () => {
    const big = { title: 't'.repeat(300), description: 'd'.repeat(4000), fields: [{ name: 'n', value: 'v'.repeat(1100) }] };
    const v = payloadLimitViolations(payload({ embeds: [big, { description: 'd'.repeat(2000) }] }));
    expect(v.some((s) => s.includes('title'))).toBe(true);
    expect(v.some((s) => s.includes('fields[0].value'))).toBe(true);
    expect(v.some((s) => s.includes('total text'))).toBe(true);
  });

  it('reports too many buttons, long labels, long or repeated custom_ids and link buttons with ids', () => {
    const button = (id: string) => ({ type: ComponentType.Button as const, style: ButtonStyle.Secondary as const, label: 'l'.repeat(81), custom_id: id });
    const p = payload({
      content: 'x',
      components: [
        { type: ComponentType.ActionRow, components: [button('a'), button('a'), button('b'), button('c'), button('d'), button('e'.repeat(101))] },
        { type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Link, url: 'https://example.org', custom_id: 'x' } as never] },
      ],
    });
    const v = payloadLimitViolations(p);
    expect(v.some((s) => s.includes('6 components'))).toBe(true);
    expect(v.some((s) => s.includes('label'))).toBe(true);
    expect(v.some((s) => s.includes('not unique'))).toBe(true);
    expect(v.some((s) => s.includes('custom_id is 101'))).toBe(true);
    expect(v.some((s) => s.includes('link button with a custom_id'))).toBe(true);
  });

  it('insists that nothing can ping', () => {
    const pinging = { content: 'hi', allowed_mentions: { parse: [AllowedMentionsTypes.Everyone] } };
    expect(payloadLimitViolations(pinging)).toContain('allowed_mentions must be {parse: []}');
  });

  it('assertPayloadWithinLimits throws with the list of problems', () => {
    expect(() => assertPayloadWithinLimits(payload({ content: 'c'.repeat(LIMITS.content + 1) }))).toThrow(/content is 2001 chars/);
  });
});

describe('choiceViolations', () => {
  it('flags more than 25 choices and names or values over 100 chars', () => {
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: i === 0 ? 'n'.repeat(101) : `c${i}`, value: `v${i}` }));
    const v = choiceViolations(choices);
    expect(v).toContain('26 choices (max 25)');
    expect(v).toContain('choice 0 name is 101 chars');
  });
});
