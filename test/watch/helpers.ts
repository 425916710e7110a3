// Shared pieces for the watch specs: revisions of a small corpus (each with its real search engine), a
// live view that a spec moves from one revision to the next, and the in-memory Discord edge of the
// daily specs plus DM channels.
import { makeCorpus } from '../../src/corpus/corpus.js';
import type { Paper, Topic } from '../../src/corpus/schema.js';
import { createLogger } from '../../src/logger.js';
import { createSearchEngine } from '../../src/search/engine.js';
import type { MatchView } from '../../src/watch/match.js';
import type { WatchPoster } from '../../src/watch/discord-poster.js';
import { createWatchService, type WatchRuntime, type WatchServiceDeps } from '../../src/watch/service.js';
import type { Db } from '../../src/store/db.js';
import { FakeChannels, paper } from '../daily/helpers.js';

export { CHANNEL, GUILD, OTHER_CHANNEL, OTHER_GUILD, FOREIGN_CHANNEL, tempDir } from '../daily/helpers.js';
export { paper };

export const USER_ID = '444444444444444444';
export const OTHER_USER = '555555555555555555';

const TOPICS: Topic[] = [
  { slug: 'diffusion', name: 'Diffusion Models', description: 'About diffusion.', patterns: ['diffusion'], exclude: [] },
  { slug: 'vision', name: 'Computer Vision', description: 'About vision.', patterns: ['vision'], exclude: [] },
];

/** Ten papers the corpus starts with: five about diffusion sampling, five about image segmentation. */
export const BASE: Paper[] = [
  ...Array.from({ length: 5 }, (_, i) =>
    paper(`2401.1000${i}`, {
      title: `Faster diffusion sampling ${i}`,
      abstract: 'We speed up diffusion model sampling with fewer denoising steps.',
      topics: ['diffusion'],
      authors: ['Ada Lovelace'],
    }),
  ),
  ...Array.from({ length: 5 }, (_, i) =>
    paper(`2401.2000${i}`, { title: `Image segmentation study ${i}`, abstract: 'We segment images with a vision transformer.', topics: ['vision'] }),
  ),
];

export function view(papers: readonly Paper[], revision: number): MatchView {
  const corpus = makeCorpus(papers, TOPICS, `rev-${revision}`, [], { revision });
  return { corpus, search: createSearchEngine(corpus) };
}

/** The live view a spec moves forward, like the bot's ViewRef. */
export class LiveView {
  constructor(public current: MatchView) {}
  get = () => this.current;
  moveTo(papers: readonly Paper[], revision: number): void {
    this.current = view(papers, revision);
  }
}

/** FakeChannels plus DM channels: opening a DM with a user gives (and keeps) a channel of no server. */
export class FakeDiscordEdge extends FakeChannels implements WatchPoster {
  dms = new Map<string, string>();
  refuseDms = new Set<string>();
  private dmSeq = 900000000000000000n;
  async openDm(userId: string): Promise<string> {
    let id = this.dms.get(userId);
    if (!id) {
      id = String(this.dmSeq++);
      this.dms.set(userId, id);
      this.channels.set(id, { id, guildId: null, type: 1 });
      if (this.refuseDms.has(userId)) this.hidden.add(id);
    }
    return id;
  }
}

export function watchService(db: Db, live: LiveView, over: Partial<WatchServiceDeps> = {}): WatchRuntime {
  return createWatchService({
    db,
    view: live.get,
    logger: createLogger('silent'),
    now: () => new Date('2026-11-30T12:00:00Z'),
    sleep: async () => undefined,
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    ...over,
  });
}
