// The watch delivery message: cards with, per card, a numbered Cite and (in a server channel) its ▲
// with the server's count; a DM delivery carries Cite only (votes are per server).
import { ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { makeCorpus } from '../../src/corpus/corpus.js';
import { decodeCustomId } from '../../src/custom-id.js';
import { payloadLimitViolations } from '../../src/cards/limits.js';
import { watchMessage } from '../../src/watch/message.js';
import { BASE } from './helpers.js';

const corpus = makeCorpus(BASE, [], 'test');
const papers = BASE.slice(0, 5);
const buttons = (m: ReturnType<typeof watchMessage>) =>
  (m.components ?? []).flatMap((r) => r.components).filter((c) => c.type === ComponentType.Button && 'custom_id' in c) as { label: string; custom_id: string }[];

describe('a watch delivery message', () => {
  it('gives each card in a channel its numbered Cite and its ▲ with the server count, within the limits', () => {
    const counts = new Map([[papers[1]!.id, 4]]);
    const m = watchMessage({ id: 7, kind: 'channel', query: 'diffusion' }, 3, papers, corpus, (p) => counts.get(p.id) ?? 0);
    expect(payloadLimitViolations(m)).toEqual([]);
    const shown = m.embeds?.length ?? 0;
    expect(shown).toBeGreaterThan(0);
    const votes = buttons(m).filter((b) => decodeCustomId(b.custom_id)?.action === 'vote');
    const cites = buttons(m).filter((b) => decodeCustomId(b.custom_id)?.action === 'cite');
    expect(votes.map((b) => b.label)).toEqual(papers.slice(0, shown).map((p) => `▲ ${counts.get(p.id) ?? 0}`));
    expect(votes.map((b) => decodeCustomId(b.custom_id))).toEqual(papers.slice(0, shown).map((p) => ({ action: 'vote', paperId: p.id })));
    expect(cites.map((b) => b.label)).toEqual(papers.slice(0, shown).map((_, i) => `Cite ${i + 1}`));
    expect(m.components!.length).toBeLessThanOrEqual(5);
  });

  it('carries no ▲ in a DM delivery', () => {
    const m = watchMessage({ id: 8, kind: 'dm', query: 'diffusion' }, 3, papers, corpus);
    expect(buttons(m).some((b) => decodeCustomId(b.custom_id)?.action === 'vote')).toBe(false);
    expect(buttons(m).some((b) => decodeCustomId(b.custom_id)?.action === 'cite')).toBe(true);
  });
});
