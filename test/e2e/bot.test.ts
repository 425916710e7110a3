// The real bot, end to end: discord.js Client <-> fake Discord (REST + gateway on 127.0.0.1).
// Assertions are on what Discord itself would receive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/command.js';
import { GENERIC_ERROR, EXPIRED_COMPONENT } from '../../src/dispatch.js';
import { commands } from '../../commands/index.js';
import {
  ApplicationCommandAutocompleteResult,
  DeferredChannelMessageWithSource,
  EPHEMERAL,
  customIds,
  finalReply,
  messageData,
  startHarness,
  type Harness,
} from './bot-harness.js';

/** A command that fails on purpose, to prove the error boundary answers anyway. */
const explode: Command = {
  data: { name: 'explode', description: 'Always throws (test only)' },
  execute() {
    throw new Error('kaboom');
  },
};

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ bot: { commands: [...commands, explode] } });
});

afterAll(async () => {
  await h?.stop();
});

describe('the bot through a fake Discord', () => {
  it('registers every command to the development server with one bulk overwrite', () => {
    const names = h.fake.commands(h.fake.guildId).map((c) => c.name).sort();
    expect(names).toEqual(commands.map((c) => c.data.name).sort());
    expect(h.fake.requests.filter((r) => r.method === 'PUT' && r.path.includes('/commands'))).toHaveLength(1);
  });

  it('/search answers privately with a result list, pages with Next, and opens a result as a card', async () => {
    const search = h.fake.interact.command({ name: 'search', options: { query: 'gradient clipping' } });
    const first = await finalReply(search);
    expect(first.kind).toBe('message');
    const list = messageData(first.payload);
    expect(list.flags! & EPHEMERAL).toBe(EPHEMERAL);
    expect(list.embeds![0]!.description).toMatch(/Component-Wise Gradient Norm Clipping/);
    expect(list.embeds![0]!.footer?.text).toMatch(/^Page 1\/\d+/);

    const ids = customIds(list);
    const next = h.fake.interact.button({ customId: ids['Next ▶']!, message: search.original()! });
    const page2 = await finalReply(next);
    expect(page2.kind).toBe('update');
    expect(messageData(page2.payload).embeds![0]!.footer?.text).toMatch(/^Page 2\//);

    const menu = h.fake.interact.select({ customId: ids.menu!, values: ['spam-spike-aware-adam-with-momentum-reset-for-stable-llm'], message: search.original()! });
    const card = messageData((await finalReply(menu)).payload);
    expect(card.embeds![0]!.title).toMatch(/^SPAM: Spike-Aware Adam/);
    expect(card.flags! & EPHEMERAL).toBe(EPHEMERAL);
    const links = (card.components ?? []).flatMap((r) => r.components).filter((c) => 'url' in c) as { label: string; url: string }[];
    expect(links.find((b) => /Code/.test(b.label))?.url).toBe('https://github.com/TianjinYellow/SPAM-Optimizer');
  });

  it('Share posts the card publicly, naming the sharer without pinging anyone', async () => {
    const paper = h.fake.interact.command({ name: 'paper', options: { paper: 'peri-ln' }, user: { id: '222222222222222222', global_name: '@everyone' } });
    const card = messageData((await finalReply(paper)).payload);
    const share = h.fake.interact.button({ customId: customIds(card).Share!, message: paper.original()!, user: { id: '222222222222222222', global_name: '@everyone' } });
    const shared = messageData((await finalReply(share)).payload);
    expect(shared.flags ?? 0).toBe(0);
    expect(shared.content).toMatch(/Shared by <@222222222222222222>/);
    expect(shared.content).not.toMatch(/(^|[^`\u200b])@everyone/);
    expect(shared.embeds![0]!.title).toMatch(/^Peri-LN/);
    expect(customIds(shared).Share).toBeUndefined();
  });

  it('autocomplete on /paper offers at most 25 titles that fit Discord', async () => {
    const ac = h.fake.interact.autocomplete({ name: 'paper', options: { paper: 'stab' }, focused: 'paper' });
    const cb = await ac.callback();
    expect(cb.type).toBe(ApplicationCommandAutocompleteResult);
    const choices = (cb.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
    expect(choices.some((c) => /Stabiliz|Stabl|Stability/i.test(c.name))).toBe(true);
  });

  it('autocomplete inside the /search query completes org: and topic: values, keeping what was typed', async () => {
    const ask = async (query: string) => {
      const cb = await h.fake.interact.autocomplete({ name: 'search', options: { query }, focused: 'query' }).callback();
      expect(cb.type).toBe(ApplicationCommandAutocompleteResult);
      return (cb.data as { choices: { name: string; value: string }[] }).choices;
    };
    expect(await ask('persuasion org:"NewM')).toEqual([{ name: 'persuasion org:"NewMind AI" · 1 paper', value: 'persuasion org:"NewMind AI"' }]);
    const topics = await ask('training topic:deep');
    expect(topics.map((c) => c.value)).toEqual(['training topic:deep-rl-control']);
    expect(await ask('gradient clipping')).toEqual([]); // plain words: nothing to pick, nothing replaced
  });

  it('/random has an "Another one" button that replaces the card', async () => {
    const random = h.fake.interact.command({ name: 'random', options: { has_code: true } });
    const card = messageData((await finalReply(random)).payload);
    const again = h.fake.interact.button({ customId: customIds(card)['Another one']!, message: random.original()! });
    const next = await finalReply(again);
    expect(next.kind).toBe('update');
    expect(messageData(next.payload).embeds).toHaveLength(1);
  });

  it('/topics, /topic, /similar, /help and /about all answer within the limits', async () => {
    for (const [name, options] of [
      ['topics', {}],
      ['topic', { topic: 'optimizers' }],
      ['similar', { paper: 'spam-spike-aware-adam-with-momentum-reset-for-stable-llm' }],
      ['help', {}],
      ['about', {}],
    ] as const) {
      const r = await finalReply(h.fake.interact.command({ name, options }));
      expect(r.kind, name).toBe('message');
      expect(messageData(r.payload).embeds!.length, name).toBeGreaterThan(0);
    }
  });

  it('/ask defers, then edits in an answer citing papers, with buttons to open them', async () => {
    const ask = h.fake.interact.command({ name: 'ask', options: { question: 'why do LLMs hallucinate?' } });
    expect((await ask.callback()).type).toBe(DeferredChannelMessageWithSource);
    const edit = await ask.waitForEvent('original.edit');
    const body = edit.body as { embeds: { description: string }[]; allowed_mentions: unknown; components: unknown[] };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]!.description).toMatch(/\[1\]/);
    expect(body.components.length).toBeGreaterThan(0);
  });

  it('bad input, stale buttons and crashing handlers all get a friendly private reply', async () => {
    const badTopic = messageData((await finalReply(h.fake.interact.command({ name: 'search', options: { query: 'adam', topic: 'no-such-topic' } }))).payload);
    expect(badTopic.flags! & EPHEMERAL).toBe(EPHEMERAL);
    expect(badTopic.content).toMatch(/no topic "no-such-topic"/);

    const stale = messageData((await finalReply(h.fake.interact.button({ customId: '0|s|2|||||old' }))).payload);
    expect(stale.content).toContain(EXPIRED_COMPONENT);
    expect(stale.flags! & EPHEMERAL).toBe(EPHEMERAL);

    const crash = messageData((await finalReply(h.fake.interact.command({ name: 'explode' }))).payload);
    expect(crash.content).toContain(GENERIC_ERROR);
    expect(crash.flags! & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('a 429 on the interaction callback is waited out and the reply arrives exactly once', async () => {
    const fault = h.fake.failNext({ method: 'POST', path: /\/interactions\/\d+\/[^/]+\/callback/, status: 429, retryAfter: 0.2 });
    const topics = h.fake.interact.command({ name: 'topics' });
    expect((await finalReply(topics)).kind).toBe('message');
    expect(fault.hits).toBe(1);
    expect(topics.events.filter((e) => e.kind === 'callback')).toHaveLength(1);
  });

  it('a 500 on the callback is retried and the reply still arrives exactly once', async () => {
    const fault = h.fake.failNext({ method: 'POST', path: /\/interactions\/\d+\/[^/]+\/callback/, status: 500 });
    const help = h.fake.interact.command({ name: 'help' });
    expect((await finalReply(help)).kind).toBe('message');
    expect(fault.hits).toBe(1);
    expect(help.events.filter((e) => e.kind === 'callback')).toHaveLength(1);
  });

  it('after a dropped gateway the client resumes and an interaction sent meanwhile is answered', async () => {
    await h.fake.dropGateway({ code: 4000, resumable: true });
    const about = h.fake.interact.command({ name: 'about' });
    expect((await about.callback(20_000)).type).toBeGreaterThan(0);
    expect((await finalReply(about)).kind).toBe('message');
    expect(h.fake.identifies).toHaveLength(1);
  });

  it('made no request the fake does not know, and every message it got carried allowed_mentions parse: []', () => {
    h.fake.assertNoUnexpectedRequests();
    for (const cb of h.fake.callbacks) {
      if (cb.data && ('content' in cb.data || 'embeds' in cb.data)) expect(cb.data.allowed_mentions).toEqual({ parse: [] });
    }
  });
});
