// Discord's message limits as data, plus the one checker every builder and test relies on.
// A payload over any limit is rejected by Discord with a 400, which the user only sees as
// "interaction failed", so the limits are enforced here rather than discovered in production.
import { ButtonStyle, ComponentType, type APIEmbed } from 'discord-api-types/v10';
import type { Choice, ReplyPayload } from '../reply.js';
import { stripControlsDeep } from '../safe-text.js';

export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** Sum of every embed's title, description, field names/values, footer and author in one message. */
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  url: 512,
  selectOptions: 25,
  selectPlaceholder: 150,
  optionLabel: 100,
  optionDescription: 100,
  optionValue: 100,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandDescription: 100,
} as const;

const ELLIPSIS = '…';

/**
 * Shortens text to at most `max` characters, cutting at a sentence end (when `sentence` is set and one
 * falls in the last 40 %) or else at a word boundary, and marks the cut with "…".
 * Never leaves a dangling markdown escape or half a surrogate pair, so escaped text stays valid.
 */
export function truncate(text: string, max: number, opts: { sentence?: boolean } = {}): string {
  if (text.length <= max) return text;
  if (max <= 1) return ELLIPSIS.slice(0, max);
  const room = text.slice(0, max - 1);
  const floor = Math.floor(max * 0.6);
  if (opts.sentence) {
    const ends = [...room.matchAll(/[.!?](?=\s)/g)].map((m) => (m.index ?? 0) + 1);
    const last = ends.at(-1);
    // A whole sentence ends before `room` does (whitespace follows it), so " …" still fits in max.
    if (last !== undefined && last >= floor) return `${room.slice(0, last)} ${ELLIPSIS}`;
  }
  // When the character after `room` is a space, room already ends on a whole word.
  const space = /\s/.test(text.charAt(max - 1)) ? room.length : room.search(/\s\S*$/);
  const cut = space >= floor ? space : room.length;
  let kept = room.slice(0, cut).replace(/[\s,;:–—-]+$/, '');
  // A lone high surrogate or an odd trailing backslash would corrupt the character after it.
  if (/[\uD800-\uDBFF]$/.test(kept)) kept = kept.slice(0, -1);
  const slashes = /\\+$/.exec(kept)?.[0].length ?? 0;
  if (slashes % 2 === 1) kept = kept.slice(0, -1);
  return `${kept}${ELLIPSIS}`;
}

function embedTextLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

function over(what: string, length: number, max: number): string[] {
  return length > max ? [`${what} is ${length} chars (max ${max})`] : [];
}

function embedViolations(e: APIEmbed, at: string): string[] {
  const v: string[] = [];
  v.push(...over(`${at}.title`, e.title?.length ?? 0, LIMITS.embedTitle));
  v.push(...over(`${at}.description`, e.description?.length ?? 0, LIMITS.embedDescription));
  v.push(...over(`${at}.footer`, e.footer?.text.length ?? 0, LIMITS.footerText));
  v.push(...over(`${at}.author`, e.author?.name.length ?? 0, LIMITS.authorName));
  if (e.url !== undefined && !/^https?:\/\//.test(e.url)) v.push(`${at}.url is not an http(s) URL`);
  v.push(...over(`${at}.url`, e.url?.length ?? 0, LIMITS.url));
  const fields = e.fields ?? [];
  if (fields.length > LIMITS.embedFields) v.push(`${at} has ${fields.length} fields (max ${LIMITS.embedFields})`);
  fields.forEach((f, i) => {
    // Discord rejects empty field names and values outright.
    if (!f.name.trim() || !f.value.trim()) v.push(`${at}.fields[${i}] has an empty name or value`);
    v.push(...over(`${at}.fields[${i}].name`, f.name.length, LIMITS.fieldName));
    v.push(...over(`${at}.fields[${i}].value`, f.value.length, LIMITS.fieldValue));
  });
  return v;
}

function componentViolations(p: ReplyPayload): string[] {
  const v: string[] = [];
  const rows = p.components ?? [];
  if (rows.length > LIMITS.actionRows) v.push(`${rows.length} action rows (max ${LIMITS.actionRows})`);
  const ids = new Set<string>();
  const checkId = (id: string, at: string) => {
    v.push(...over(`${at}.custom_id`, id.length, LIMITS.customId));
    if (ids.has(id)) v.push(`${at}.custom_id "${id}" is not unique in the message`);
    ids.add(id);
  };
  rows.forEach((row, r) => {
    const parts = row.components;
    const selects = parts.filter((c) => c.type !== ComponentType.Button);
    if (parts.length === 0) v.push(`row ${r} is empty`);
    if (selects.length > 0 && parts.length > 1) v.push(`row ${r} mixes a select menu with other components`);
    if (parts.length > LIMITS.buttonsPerRow) v.push(`row ${r} has ${parts.length} components (max ${LIMITS.buttonsPerRow})`);
    parts.forEach((c, i) => {
      const at = `row ${r} component ${i}`;
      if (c.type === ComponentType.Button) {
        if ('label' in c) v.push(...over(`${at}.label`, c.label?.length ?? 0, LIMITS.buttonLabel));
        if (c.style === ButtonStyle.Link) {
          if ('custom_id' in c) v.push(`${at} is a link button with a custom_id`);
          if (!/^https?:\/\//.test(c.url)) v.push(`${at}.url is not an http(s) URL`);
          v.push(...over(`${at}.url`, c.url.length, LIMITS.url));
        } else if ('custom_id' in c) {
          checkId(c.custom_id, at);
        } else if (c.style !== ButtonStyle.Premium) {
          v.push(`${at} has neither a url nor a custom_id`);
        }
      } else {
        checkId(c.custom_id, at);
        v.push(...over(`${at}.placeholder`, c.placeholder?.length ?? 0, LIMITS.selectPlaceholder));
        if (c.type === ComponentType.StringSelect) {
          const n = c.options.length;
          if (n < 1 || n > LIMITS.selectOptions) v.push(`${at} has ${n} options (1 to ${LIMITS.selectOptions})`);
          const values = new Set<string>();
          c.options.forEach((o, j) => {
            v.push(...over(`${at}.options[${j}].label`, o.label.length, LIMITS.optionLabel));
            v.push(...over(`${at}.options[${j}].description`, o.description?.length ?? 0, LIMITS.optionDescription));
            v.push(...over(`${at}.options[${j}].value`, o.value.length, LIMITS.optionValue));
            if (values.has(o.value)) v.push(`${at}.options[${j}].value "${o.value}" repeats`);
            values.add(o.value);
          });
        }
      }
    });
  });
  return v;
}

/** Every way this payload breaks a Discord limit or our no-pings rule; empty when it is safe to send. */
export function payloadLimitViolations(p: ReplyPayload): string[] {
  const v: string[] = [];
  const parse = p.allowed_mentions?.parse;
  if (!Array.isArray(parse) || parse.length > 0 || p.allowed_mentions.users?.length || p.allowed_mentions.roles?.length) {
    v.push('allowed_mentions must be {parse: []}');
  }
  v.push(...over('content', p.content?.length ?? 0, LIMITS.content));
  const embeds = p.embeds ?? [];
  if (embeds.length > LIMITS.embedsPerMessage) v.push(`${embeds.length} embeds (max ${LIMITS.embedsPerMessage})`);
  embeds.forEach((e, i) => v.push(...embedViolations(e, `embeds[${i}]`)));
  v.push(...over('embeds (total text)', embeds.reduce((n, e) => n + embedTextLength(e), 0), LIMITS.embedTotal));
  if (!p.content && embeds.length === 0) v.push('message has neither content nor embeds');
  v.push(...componentViolations(p));
  return v;
}

/** Throws with every violation listed; builders call it so a regression fails loudly in tests and dev. */
export function assertPayloadWithinLimits(p: ReplyPayload): ReplyPayload {
  const v = payloadLimitViolations(p);
  if (v.length > 0) throw new Error(`payload exceeds Discord limits:\n  ${v.join('\n  ')}`);
  return p;
}

/** Autocomplete answers: at most 25 choices, names and values 1-100 chars. */
export function choiceViolations(choices: readonly Choice[]): string[] {
  const v: string[] = [];
  if (choices.length > LIMITS.autocompleteChoices) v.push(`${choices.length} choices (max ${LIMITS.autocompleteChoices})`);
  choices.forEach((c, i) => {
    if (c.name.length < 1 || c.name.length > LIMITS.choiceName) v.push(`choice ${i} name is ${c.name.length} chars`);
    if (c.value.length < 1 || c.value.length > LIMITS.choiceValue) v.push(`choice ${i} value is ${c.value.length} chars`);
  });
  return v;
}

/**
 * Builders pass their output through this: control characters (NUL, escapes) are removed from every
 * string as a last line of defence, then limits are asserted outside production.
 */
export function checked(p: ReplyPayload): ReplyPayload {
  const clean = stripControlsDeep(p);
  return process.env.NODE_ENV === 'production' ? clean : assertPayloadWithinLimits(clean);
}
