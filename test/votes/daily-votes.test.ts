// Daily picks are public cards in a server, so each carries Cite and ▲ starting at the server's count.
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCorpus } from '../../src/corpus/corpus.js';
import { createVoteService } from '../../src/votes/service.js';
import { CHANNEL, Clock, corpus, GUILD, harness, OTHER_GUILD, useTempDatabase } from '../daily/helpers.js';

const database = useTempDatabase();

describe('a daily pick', () => {
  it("shows Cite and ▲ with this server's votes for that paper", async () => {
    // Ten papers for ten picks: which ten of a larger pool get posted depends on the server's random seed.
    const all = corpus();
    const c = makeCorpus(all.papers.slice(0, 10), all.topics.filter((t) => t.slug !== 'other'), all.hash);
    const db = database();
    const votes = createVoteService(db);
    const voted = c.byId.get('2401.00003')!;
    votes.toggle(GUILD, 'ada', voted, c);
    votes.toggle(GUILD, 'bob', voted, c);
    votes.toggle(OTHER_GUILD, 'cy', voted, c); // another server's vote is not this server's
    // The daily service's own connection to the same file, as in the bot.
    const h = harness(dirname(db.name), { clock: new Clock(new Date('2026-11-22T12:00:00Z')), corpus: c, votes, defaults: { count: 10 } });
    try {
      await h.service.configure(GUILD, { channelId: CHANNEL, count: 10 });
      await h.service.postNow(GUILD);
      const labels = new Map(
        h.discord.messages.map((m) => {
          const buttons = (m.body.components ?? []).flatMap((r) => r.components) as { label?: string; custom_id?: string }[];
          const vote = buttons.find((b) => b.custom_id?.startsWith('1|v|'));
          return [vote?.custom_id?.slice(4), buttons.filter((b) => b.custom_id).map((b) => b.label)];
        }),
      );
      expect(labels.size).toBe(10);
      expect(labels.get('2401.00003')).toEqual(['Cite', '▲ 2']);
      expect([...labels].filter(([id]) => id !== '2401.00003').every(([, l]) => JSON.stringify(l) === JSON.stringify(['Cite', '▲ 0']))).toBe(true);
    } finally {
      await h.service.stop();
      h.db.close();
    }
  });
});
