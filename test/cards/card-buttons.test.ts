// The buttons other posters put on public cards (daily picks, watch digests): Cite everywhere, ▲ with the
// server's count where there is a server; and the relabelling a vote press does on any such message.
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { publicCardButtons, votedPapers, withVoteCounts } from '../../src/cards/card-buttons.js';
import { paperCard, row } from '../../src/cards/paper-card.js';
import type { ActionRow } from '../../src/reply.js';
import { fixtureCorpus, makePaper } from '../support/context.js';

const a = makePaper({ id: '2501.00001' });
const b = makePaper({ id: '2501.00002' });
const corpus = fixtureCorpus([a, b]);

describe('publicCardButtons', () => {
  it('gives Cite, and ▲ with the count when the message is in a server', () => {
    expect(publicCardButtons(a, 3)).toEqual([
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cite', custom_id: '1|c|2501.00001' },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: '▲ 3', custom_id: '1|v|2501.00001' },
    ]);
    expect(publicCardButtons(a).map((x) => (x as { label: string }).label)).toEqual(['Cite']);
  });

  it('drops a button whose paper id could not fit a custom_id rather than breaking the card', () => {
    expect(publicCardButtons(makePaper({ id: `x${'y'.repeat(120)}` }), 0)).toEqual([]);
  });
});

describe('the paper card', () => {
  const labels = (p: ReturnType<typeof paperCard>) => (p.components?.[1]?.components ?? []).map((c) => (c as { label?: string }).label);
  it('private: Share and Cite; public in a server: Cite and ▲; shared: Cite and ▲ beside "Shared by"', () => {
    expect(labels(paperCard(a, corpus, { ephemeral: true }))).toEqual(['Share', 'Cite']);
    expect(labels(paperCard(a, corpus, { votes: 2 }))).toEqual(['Cite', '▲ 2']);
    expect(labels(paperCard(a, corpus, { sharedBy: { id: '1', name: 'Ada' }, votes: 0 }))).toEqual(['Cite', '▲ 0']);
    // A private card never shows a vote count, even if one is passed.
    expect(labels(paperCard(a, corpus, { ephemeral: true, votes: 5 }))).toEqual(['Share', 'Cite']);
  });
});

describe('relabelling a message after a vote', () => {
  // A digest-like message: two papers' buttons, plus a link button and an unrelated action.
  const rows: ActionRow[] = [
    row([...publicCardButtons(a, 1), { type: ComponentType.Button, style: ButtonStyle.Link, label: 'Paper', url: 'https://arxiv.org/abs/2501.00001' }]),
    row([...publicCardButtons(b, 7), { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next', custom_id: '1|t|optimizers|2' }]),
  ];

  it('finds every ▲ on the message', () => {
    expect(votedPapers(rows)).toEqual(['2501.00001', '2501.00002']);
  });

  it('sets each ▲ to its paper\'s count and leaves every other component exactly as it was', () => {
    const counts = new Map([
      ['2501.00001', 4],
      ['2501.00002', 0],
    ]);
    const next = withVoteCounts(rows, (id) => counts.get(id)!);
    expect(votedPapers(next)).toEqual(votedPapers(rows));
    expect(next[0]!.components.map((c) => (c as { label: string }).label)).toEqual(['Cite', '▲ 4', 'Paper']);
    expect(next[1]!.components.map((c) => (c as { label: string }).label)).toEqual(['Cite', '▲ 0', 'Next']);
    expect(next[0]!.components[2]).toBe(rows[0]!.components[2]);
    expect(rows[0]!.components[1]).toMatchObject({ label: '▲ 1' }); // the input is not mutated
  });
});
