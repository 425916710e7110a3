// Property-based fuzzing of every front door: commands and their options, autocomplete, button and menu
// custom_ids (forged, truncated, stale, out-of-range pages) and console lines, fed hostile text (empty,
// whitespace, 6,000 characters, control characters, RTL, emoji, lone surrogates, markdown, @everyone,
// role and user mentions, regex metacharacters). Each one must get a valid reply within Discord's limits
// that pings no one, through the one error boundary, without a handler bug (the generic apology) and,
// in the console, without a control character reaching the terminal. The run prints its counts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationCommandOptionType as T } from 'discord-api-types/v10';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { choiceViolations, payloadLimitViolations } from '../../src/cards/limits.js';
import type { Invocation, OptionValue } from '../../src/command.js';
import { PassThrough } from 'node:stream';
import { runConsole } from '../../src/console/repl.js';
import { createSession } from '../../src/console/session.js';
import type { OptionSpec } from '../../src/console/grammar.js';
import type { Context } from '../../src/context.js';
import { encodeCustomId } from '../../src/custom-id.js';
import { createDailyService } from '../../src/daily/service.js';
import { buildRegistry, GENERIC_ERROR, runAutocomplete, runCommand, runComponent } from '../../src/dispatch.js';
import { createLogger } from '../../src/logger.js';
import type { Reply } from '../../src/reply.js';
import { openDatabase } from '../../src/store/db.js';
import { testContext } from '../support/context.js';
import { createVoteService } from '../../src/votes/service.js';
import { createWeeklyService } from '../../src/daily/weekly-service.js';
import { createWatchService } from '../../src/watch/service.js';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-fuzz-'));
const db = openDatabase(join(dir, 'fuzz.sqlite'));
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

// Handler failures are counted from the log: the generic apology alone could hide which input caused it.
const failures: string[] = [];
const logger = createLogger('error', { write: (line: string) => void failures.push(line) });
const base = testContext();
const daily = createDailyService({ db, corpus: base.corpus, logger, defaults: base.config.daily, now: base.now });
// The real state-backed services, so /top, ▲, /watch and /weekly are fuzzed past "not available here".
const votes = createVoteService(db, base.now);
const weekly = createWeeklyService({ db, corpus: () => base.corpus, logger, defaults: base.config.daily, now: base.now, votes: { counts: (guildId) => votes.tally(guildId, base.corpus) } });
const watches = createWatchService({ db, view: () => ({ corpus: base.corpus, search: base.search }), logger, now: base.now });
const ctx: Context = { ...base, logger, daily, votes, weekly, watches };
const registry = buildRegistry(commands);
const defs = commands.map((c) => c.data);
const paperIds = ctx.corpus.papers.map((p) => p.id);
const slugs = ctx.corpus.topics.map((t) => t.slug);

const counts = { commands: 0, autocomplete: 0, components: 0, consoleLines: 0 };

// ---- hostile text -----------------------------------------------------------------------------------

const LONG = 'gradient clipping '.repeat(334).slice(0, 6000);
const NASTY = [
  '',
  ' ',
  '\t\n  \r\n',
  LONG,
  'x'.repeat(6000),
  '\u0000\u0001\u0007\u001b[2J\u001b]0;PWNED\u0007\u009b31m\u007f',
  '\u001b]52;c;ZWNobyBwd25lZA==\u0007',
  'שלום عالم \u202eevil\u202c',
  '🧪👩‍🔬🏳️‍🌈 emoji',
  '\ud800 lone \udfff surrogates \ud83d',
  '**bold** __u__ ~~s~~ `code` ```block``` > quote [link](https://evil.example) ||spoiler||',
  '@everyone @here',
  '<@123456789012345678> <@!123456789012345678> <@&223456789012345678> <#323456789012345678>',
  '.*+?^${}()|[]\\ (?<x>a)\\1 [^a-z]+$',
  'a|b|c||1|s|0',
  '1|s|999999|optimizers|1|2100|2100|x',
  'null undefined NaN -0 1e309 0x1F',
  '"quoted" “curly” \\"escaped\\"',
  'topic:"deep rl" has_code:true year_from:2024',
  'Ｇｒａｄｉｅｎｔ ｃｌｉｐｐｉｎｇ 注意力 μP β-VAE',
];

const word = fc.constantFrom('gradient', 'clipping', 'adam', 'rlvr', 'the', 'of', 'lottery', 'ticket', 'μP', 'LLM', 'spam', ...slugs.slice(0, 5), ...paperIds.slice(0, 5));
const hostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 4, arbitrary: fc.array(word, { maxLength: 6 }).map((w) => w.join(' ')) },
  { weight: 2, arbitrary: fc.string({ maxLength: 120, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: fc.constantFrom('\u0000', '\u001b', '[', ']', '\u0007', '\u009b', '\u202e', '\ud800', '|', ':', '"', '@', '#', '<', '>', ' ') }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...NASTY), fc.constantFrom(...NASTY)).map(([a, b]) => a + b) },
);

const who: fc.Arbitrary<Invocation> = fc.record({
  user: fc.record({ id: fc.constantFrom('123456789012345678', 'console', ''), name: hostile.map((s) => s.slice(0, 40)) }),
  guildId: fc.constantFrom('223456789012345678', 'console', null),
  channelId: fc.constantFrom('323456789012345678', null),
  permissions: fc.constantFrom(null, 0n, 32n, 8n | 32n),
});

/** A value for one option: usually of its declared type, sometimes forged (a wrong type, out of range). */
function valueFor(o: OptionSpec): fc.Arbitrary<OptionValue> {
  const forged = fc.oneof(hostile, fc.integer(), fc.double(), fc.boolean()) as fc.Arbitrary<OptionValue>;
  let typed: fc.Arbitrary<OptionValue>;
  switch (o.type) {
    case T.Integer:
      typed = fc.oneof(fc.integer({ min: -5, max: 3000 }), fc.constantFrom(Number.MAX_SAFE_INTEGER, -0, 1990, 2100, 2025));
      break;
    case T.Number:
      typed = fc.double();
      break;
    case T.Boolean:
      typed = fc.boolean();
      break;
    case T.Channel:
    case T.User:
    case T.Role:
    case T.Mentionable:
      typed = fc.oneof(fc.constantFrom('323456789012345678', '1', '99999999999999999999'), hostile);
      break;
    default:
      typed = o.choices?.length
        ? fc.oneof(fc.constantFrom(...o.choices.map((c) => c.value as OptionValue)), hostile)
        : fc.oneof(hostile, fc.constantFrom(...paperIds.slice(0, 10), ...slugs, 'Europe/Berlin', '08:30', '25:99', 'all'));
  }
  return fc.oneof({ weight: 5, arbitrary: typed }, { weight: 1, arbitrary: forged });
}

interface Target {
  name: string;
  subcommand: string | null;
  options: readonly OptionSpec[];
}

const targets: Target[] = defs.flatMap((d): Target[] => {
  const top = (d.options ?? []) as readonly OptionSpec[];
  const subs = top.filter((o) => o.type === T.Subcommand);
  return subs.length ? subs.map((s) => ({ name: d.name, subcommand: s.name, options: s.options ?? [] })) : [{ name: d.name, subcommand: null, options: top }];
});

const request = fc.constantFrom(...targets).chain((t) =>
  fc.record({
    target: fc.constant(t),
    who,
    options: fc.record(Object.fromEntries(t.options.map((o) => [o.name, valueFor(o)])), { requiredKeys: [] }) as fc.Arbitrary<Record<string, OptionValue>>,
  }),
);

// ---- checks -----------------------------------------------------------------------------------------

function checkReply(reply: Reply, what: string): void {
  expect(payloadLimitViolations(reply.payload), what).toEqual([]);
  expect(reply.payload.allowed_mentions, what).toEqual({ parse: [] });
  expect(reply.payload.content ?? '', what).not.toBe(`⚠️ ${GENERIC_ERROR}`);
  // No NUL or escape reaches Discord, whatever was typed.
  expect(JSON.stringify(reply.payload), what).not.toMatch(/\\u0000|\\u001b|\\u009b|\\u009d/);
}

const describeInput = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}…(${v.length})` : v));

/** custom_ids harvested from real replies, so buttons are fuzzed from valid ones too (then truncated, mutated). */
const harvested = new Set<string>([
  encodeCustomId({ action: 'search-page', page: 2, query: 'gradient clipping', filters: {} }),
  encodeCustomId({ action: 'topic-page', slug: slugs[0]!, page: 1 }),
  encodeCustomId({ action: 'random', hasCode: true }),
  encodeCustomId({ action: 'open' }),
  encodeCustomId({ action: 'paper', paperId: paperIds[0]! }),
  encodeCustomId({ action: 'share', paperId: paperIds[1]! }),
  encodeCustomId({ action: 'vote', paperId: paperIds[2]! }),
  encodeCustomId({ action: 'cite', paperId: paperIds[3]! }),
  encodeCustomId({ action: 'watch-more', watchId: 1, revision: 1, page: 0 }),
]);
function harvest(reply: Reply): void {
  for (const row of reply.payload.components ?? []) for (const c of row.components) if ('custom_id' in c && harvested.size < 500) harvested.add(c.custom_id);
}

const RUNS = { commands: 4000, autocomplete: 2500, components: 2500, console: 2000 };

describe('fuzzing every front door', () => {
  it(`commands: ${RUNS.commands} generated invocations`, async () => {
    await fc.assert(
      fc.asyncProperty(request, async ({ target, who: w, options }) => {
        counts.commands++;
        const reply = await runCommand(ctx, registry, target.name, { ...w, subcommand: target.subcommand, options });
        checkReply(reply, `/${target.name} ${target.subcommand ?? ''} ${describeInput(options)}`);
        harvest(reply);
      }),
      { numRuns: RUNS.commands, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    expect(failures).toEqual([]);
  }, 300_000);

  it(`autocomplete: ${RUNS.autocomplete} generated requests`, async () => {
    const focusable = targets.flatMap((t) => t.options.filter((o) => o.autocomplete).map((o) => ({ t, o })));
    expect(focusable.length).toBeGreaterThan(0);
    await fc.assert(
      fc.property(fc.constantFrom(...focusable), hostile, who, ({ t, o }, typed, w) => {
        counts.autocomplete++;
        const choices = runAutocomplete(ctx, registry, t.name, { ...w, subcommand: t.subcommand, options: { [o.name]: typed }, focused: { name: o.name, value: typed } });
        expect(choiceViolations(choices), `${t.name} ${o.name} ${describeInput(typed)}`).toEqual([]);
        // eslint-disable-next-line no-control-regex
        for (const c of choices) expect(c.name + c.value).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      }),
      { numRuns: RUNS.autocomplete },
    );
    expect(failures).toEqual([]);
  }, 300_000);

  it(`buttons and menus: ${RUNS.components} generated custom_ids (forged, truncated, stale, out of range)`, async () => {
    const real = [...harvested];
    const customId = fc.oneof(
      fc.constantFrom(...real),
      fc.tuple(fc.constantFrom(...real), fc.nat()).map(([id, n]) => id.slice(0, n % (id.length + 1))),
      fc.tuple(fc.constantFrom(...real), fc.nat(), hostile).map(([id, n, s]) => id.slice(0, n % (id.length + 1)) + s.slice(0, 20)),
      fc.tuple(fc.constantFrom('0', '1', '2'), fc.constantFrom('s', 'o', 'p', 'h', 'r', 't', 'x'), fc.array(fc.oneof(hostile, fc.integer().map(String)), { maxLength: 7 })).map(([v, c, parts]) => [v, c, ...parts].join('|')),
      fc.tuple(fc.integer({ min: -1, max: 1_000_000 }), hostile).map(([p, q]) => `1|s|${p}||0|||${q}`.slice(0, 100)),
      fc.tuple(fc.constantFrom(...slugs, 'nope', ''), fc.integer({ min: -1, max: 1_000_000 })).map(([s, p]) => `1|t|${s}|${p}`),
      hostile,
    );
    const values = fc.array(fc.oneof(fc.constantFrom(...paperIds), hostile), { maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(customId, values, who, async (id, vals, w) => {
        counts.components++;
        const reply = await runComponent(ctx, registry, id, vals, w);
        checkReply(reply, `${describeInput(id)} ${describeInput(vals)}`);
      }),
      { numRuns: RUNS.components },
    );
    expect(failures).toEqual([]);
  }, 300_000);

  it(`console lines: ${RUNS.console} generated lines, presses and completions`, async () => {
    const session = createSession(ctx, registry, { width: () => 80, color: false });
    const optionWord = fc.constantFrom(...targets.flatMap((t) => t.options.map((o) => o.name))).chain((name) => hostile.map((v) => `${name}:${/\s/.test(v) ? `"${v}"` : v}`));
    const line = fc.oneof(
      fc.tuple(fc.constantFrom(...defs.map((d) => `/${d.name}`), 'help', 'quit', '/daily set', '/daily status', '/nope'), fc.array(fc.oneof(optionWord, hostile), { maxLength: 4 })).map(([c, rest]) => [c, ...rest].join(' ')),
      fc.integer({ min: 0, max: 30 }).map(String),
      hostile,
    );
    const typed: string[] = [];
    await fc.assert(
      fc.asyncProperty(line, async (l) => {
        typed.push(l);
        counts.consoleLines++;
        const { text } = await session.handle(l);
        expect(text, describeInput(l)).not.toContain(GENERIC_ERROR);
        expect(text).not.toContain('could not show that reply');
        session.complete(l);
      }),
      { numRuns: RUNS.console },
    );
    expect(failures).toEqual([]);
    // The same lines typed into the real console loop: nothing but text (no colours here) reaches the terminal.
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.setEncoding('utf8').on('data', (d: string) => (out += d));
    const done = runConsole(ctx, registry, { input, output, isTTY: false, width: 80, color: false });
    input.end(`${typed.map((l) => l.replace(/^\s*(quit|exit|\/quit|\/exit|:q)\s*$/i, 'help')).join('\n')}\n`);
    await done;
    expect(out.length).toBeGreaterThan(0);
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  }, 300_000);

  it('ran at least 10,000 generated invocations', () => {
    const total = counts.commands + counts.autocomplete + counts.components + counts.consoleLines;
    console.log(`fuzz: ${total} invocations (commands ${counts.commands}, autocomplete ${counts.autocomplete}, components ${counts.components}, console lines ${counts.consoleLines})`);
    expect(total).toBeGreaterThanOrEqual(10_000);
  });
});
