// Interaction latency as Discord sees it: the real bot (startBotApp, in this process) against the fake
// Discord on 127.0.0.1, timed from injecting INTERACTION_CREATE on the gateway until the fake accepts the
// bot's callback (and, for the deferred /ask, its edit of @original). Bot and fake share one event loop,
// so the figures include the fake's HTTP and gateway work; they are an upper bound on the bot's share.
// Reports medians, p95s and maxima; nothing here passes or fails.
import { pathToFileURL } from 'node:url';
import type { APIMessage } from 'discord-api-types/v10';
import { loadCorpus } from '../src/corpus/load.js';
import { GENERIC_ERROR } from '../src/dispatch.js';
import type { ReplyPayload } from '../src/reply.js';
import type { InteractionHandle } from '../test/support/fake-discord.js';
import {
  ApplicationCommandAutocompleteResult,
  ChannelMessageWithSource,
  DeferredChannelMessageWithSource,
  UpdateMessage,
  customIds,
  startHarness,
  type Harness,
} from '../test/e2e/bot-harness.js';
import { loadJudgedQueries } from './relevance.js';
import { ms } from './search-speed.js';

const ITERATIONS = 200;
const WARMUP = 20;
const CONCURRENT = 50;
/** Per-interaction bound: far above any expected latency, well below the harness's 15 s callback deadline. */
const WAIT_MS = 10_000;

export interface Stats {
  n: number;
  min: number;
  median: number;
  p95: number;
  max: number;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { n: sorted.length, min: sorted[0] ?? 0, median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] ?? 0 };
}

export interface KindReport extends Stats {
  kind: string;
  /** Replies that were not what the kind should produce (error text, wrong callback type). */
  odd: number;
}

export interface E2eReport {
  kinds: KindReport[];
  concurrent: Stats & { totalMs: number };
  /** Times discord.js's own REST queue held a request back (its 50/s global limit or a bucket), by route. */
  clientWaits: Map<string, { count: number; totalMs: number }>;
}

interface Sample {
  callbackMs: number;
  editMs?: number;
  odd: boolean;
}

/** Injects one interaction and waits for its callback (and, with `edit`, its first edit of @original). */
async function timeInteraction(inject: () => InteractionHandle, expectedType: number, edit = false): Promise<Sample> {
  const start = performance.now();
  const handle = inject();
  const editDone = edit ? handle.waitForEvent('original.edit', 1, WAIT_MS).then(() => performance.now()) : undefined;
  const cb = await handle.callback(WAIT_MS);
  const callbackMs = performance.now() - start;
  const editMs = editDone ? (await editDone) - start : undefined;
  const data = cb.data as Partial<ReplyPayload> | undefined;
  const odd = cb.type !== expectedType || Boolean(data?.content?.includes(GENERIC_ERROR));
  return { callbackMs, ...(editMs !== undefined ? { editMs } : {}), odd };
}

interface Kind {
  name: string;
  run: (i: number) => Promise<Sample>;
  /** Also report the time to the first edit of @original under this name. */
  editName?: string;
}

function kinds(h: Harness, pages: { customId: string; message: APIMessage }[]): Kind[] {
  const corpus = loadCorpus(h.config.corpusDir);
  const queries = loadJudgedQueries().map((q) => q.query);
  const ids = corpus.papers.map((p) => p.id);
  const prefixes = corpus.papers.map((p, i) => p.title.toLowerCase().slice(0, 1 + (i % 6)));
  const pick = <T>(xs: readonly T[], i: number): T => xs[(i * 7) % xs.length] as T;
  const { interact } = h.fake;
  return [
    { name: '/search', run: (i) => timeInteraction(() => interact.command({ name: 'search', options: { query: pick(queries, i) } }), ChannelMessageWithSource) },
    { name: '/paper', run: (i) => timeInteraction(() => interact.command({ name: 'paper', options: { paper: pick(ids, i) } }), ChannelMessageWithSource) },
    { name: '/similar', run: (i) => timeInteraction(() => interact.command({ name: 'similar', options: { paper: pick(ids, i + 3) } }), ChannelMessageWithSource) },
    {
      name: '/ask defer',
      editName: '/ask edit',
      run: (i) => timeInteraction(() => interact.command({ name: 'ask', options: { question: pick(queries, i + 5) } }), DeferredChannelMessageWithSource, true),
    },
    {
      name: 'autocomplete /paper',
      run: (i) => timeInteraction(() => interact.autocomplete({ name: 'paper', options: { paper: pick(prefixes, i) }, focused: 'paper' }), ApplicationCommandAutocompleteResult),
    },
    {
      name: 'button Next',
      run: (i) => {
        const page = pick(pages, i);
        return timeInteraction(() => interact.button({ customId: page.customId, message: page.message }), UpdateMessage);
      },
    },
  ];
}

/** Result lists with a Next button to click: one /search per judged query, kept when it has a page 2. */
async function nextPages(h: Harness): Promise<{ customId: string; message: APIMessage }[]> {
  const pages: { customId: string; message: APIMessage }[] = [];
  for (const { query } of loadJudgedQueries()) {
    const search = h.fake.interact.command({ name: 'search', options: { query } });
    const cb = await search.callback(WAIT_MS);
    const next = customIds(cb.data as unknown as ReplyPayload)['Next ▶'];
    const message = search.original();
    // A frozen copy of page 1: the fake updates its own copy when a click turns the page.
    if (next && message) pages.push({ customId: next, message: structuredClone(message) });
  }
  if (pages.length === 0) throw new Error('no /search result list had a Next button');
  return pages;
}

export function formatE2e(r: E2eReport): string {
  const lines = [
    `Interaction latency, inject -> fake receives the reply (${ITERATIONS} sequential each after ${WARMUP} warm-up, kinds interleaved)`,
    '',
    `  ${'kind'.padEnd(20)} ${'median'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}  odd`,
  ];
  for (const k of r.kinds) lines.push(`  ${k.kind.padEnd(20)} ${ms(k.median).padStart(9)} ${ms(k.p95).padStart(9)} ${ms(k.max).padStart(9)}  ${k.odd}`);
  const c = r.concurrent;
  lines.push(
    '',
    `${c.n} concurrent /search: all answered in ${ms(c.totalMs)}; per interaction median ${ms(c.median)}, p95 ${ms(c.p95)}, max ${ms(c.max)}`,
  );
  lines.push('', 'discord.js REST queue waits (client side; the fake itself was not limiting):');
  if (r.clientWaits.size === 0) lines.push('  none');
  for (const [route, w] of r.clientWaits) lines.push(`  ${route}: ${w.count}x, ${ms(w.totalMs)} in all`);
  return lines.join('\n');
}

export async function measureE2e(): Promise<E2eReport> {
  const h = await startHarness({ fake: { rateLimit: { limit: 100_000, windowMs: 1_000 } } });
  const clientWaits = new Map<string, { count: number; totalMs: number }>();
  h.app.bot?.client.rest.on('rateLimited', (d) => {
    const key = `${d.global ? 'global' : 'bucket'} ${d.method.toUpperCase()} ${d.route}`;
    const w = clientWaits.get(key) ?? { count: 0, totalMs: 0 };
    clientWaits.set(key, { count: w.count + 1, totalMs: w.totalMs + Math.max(0, d.timeToReset) });
  });
  try {
    const all = kinds(h, await nextPages(h));
    const samples = new Map<string, number[]>();
    const odd = new Map<string, number>();
    const add = (name: string, x: number) => {
      const xs = samples.get(name);
      if (xs) xs.push(x);
      else samples.set(name, [x]);
    };
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      for (const kind of all) {
        const s = await kind.run(i);
        if (i < WARMUP) continue;
        add(kind.name, s.callbackMs);
        if (kind.editName && s.editMs !== undefined) add(kind.editName, s.editMs);
        if (s.odd) odd.set(kind.name, (odd.get(kind.name) ?? 0) + 1);
      }
    }
    const names = all.flatMap((k) => (k.editName ? [k.name, k.editName] : [k.name]));
    const kindReports = names.map((name) => ({ kind: name, ...stats(samples.get(name) ?? []), odd: odd.get(name) ?? 0 }));

    const queries = loadJudgedQueries().map((q) => q.query);
    const start = performance.now();
    const burst = await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        timeInteraction(() => h.fake.interact.command({ name: 'search', options: { query: queries[i % queries.length] as string } }), ChannelMessageWithSource),
      ),
    );
    const totalMs = performance.now() - start;
    h.fake.assertNoUnexpectedRequests();
    return { kinds: kindReports, concurrent: { ...stats(burst.map((b) => b.callbackMs)), totalMs }, clientWaits };
  } finally {
    await h.stop();
  }
}

export async function runE2eLatency(): Promise<string[]> {
  const r = await measureE2e();
  console.log(formatE2e(r));
  const c = r.concurrent;
  const odd = r.kinds.reduce((a, k) => a + k.odd, 0);
  return [
    ...r.kinds.map((k) => `${k.kind}: median ${ms(k.median)} p95 ${ms(k.p95)} max ${ms(k.max)} (n=${k.n})`),
    `${c.n} concurrent /search: total ${ms(c.totalMs)}, median ${ms(c.median)}, p95 ${ms(c.p95)}${odd ? `; ${odd} odd replies` : ''}`,
    ...[...r.clientWaits].map(([route, w]) => `discord.js REST waits ${route}: ${w.count}x, ${ms(w.totalMs)} in all`),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runE2eLatency();
