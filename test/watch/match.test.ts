// The relevance bar and the "and k more" button id, as pure functions.
import { describe, expect, it } from 'vitest';
import { decodeCustomId, encodeCustomId } from '../../src/custom-id.js';
import { aboveBar, matchNewPapers, RELATIVE_MIN } from '../../src/watch/match.js';
import { BASE, paper, view } from './helpers.js';

const hit = (id: string, score: number) => ({ paper: paper(id), score });

describe('the relevance bar', () => {
  it('keeps ranked hits scoring at least RELATIVE_MIN of the corpus best, and every hit of a filter-only listing', () => {
    const hits = [hit('a', 10), hit('b', 10 * RELATIVE_MIN), hit('c', 10 * RELATIVE_MIN - 0.01)];
    expect(aboveBar(hits, 10, false).map((h) => h.paper.id)).toEqual(['a', 'b']);
    expect(aboveBar(hits, 10, true).map((h) => h.paper.id)).toEqual(['a', 'b', 'c']);
    expect(aboveBar(hits, 0, false)).toEqual([]);
  });

  it('a new paper that only brushes the query is left out; one about it is kept', () => {
    const about = paper('2412.1', { title: 'Diffusion sampling in one step', abstract: 'Diffusion model sampling with one denoising step.', topics: ['diffusion'] });
    const brushes = paper('2412.2', { title: 'Segmenting street scenes', abstract: 'We segment images; sampling is uniform.', topics: ['vision'] });
    const v = view([...BASE, about, brushes], 2);
    const fresh = new Set(['2412.1', '2412.2']);
    expect(matchNewPapers(v, 'diffusion sampling', fresh, 10).map((h) => h.paper.id)).toEqual(['2412.1']);
    // With no bar at all, the same search would have delivered both.
    expect(matchNewPapers(v, 'diffusion sampling', fresh, 10, 0).map((h) => h.paper.id).sort()).toEqual(['2412.1', '2412.2']);
    expect(matchNewPapers(v, 'diffusion sampling', new Set(), 10)).toEqual([]);
  });
});

describe('the "and k more" custom_id', () => {
  it('round-trips and refuses forged values', () => {
    const action = { action: 'watch-more' as const, watchId: 123456, revision: 98765, page: 0 };
    const id = encodeCustomId(action);
    expect(id).toBe('1|w|123456|98765|0');
    expect(decodeCustomId(id)).toEqual(action);
    expect(decodeCustomId('1|w|12|x|0')).toBeNull();
    expect(decodeCustomId('1|w|12|3')).toBeNull();
    expect(decodeCustomId('1|w|12|3|4|5')).toBeNull();
    expect(decodeCustomId('1|w|1234567890123|3|0')).toBeNull();
  });
});
