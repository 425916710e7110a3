// A reply payload (Discord's message JSON) -> terminal text, laid out the way Discord shows it:
// content, then each embed beside a bar in its colour, then buttons and menu options as numbered
// actions the person can press by typing the number. Pure: same payload and options, same text.
import { ButtonStyle, ComponentType, type APIEmbed, type APIEmbedField, type APIMessageComponentEmoji } from 'discord-api-types/v10';
import { decodeCustomId } from '../custom-id.js';
import { stripControlsDeep } from '../safe-text.js';
import { isEphemeral, type ActionRow, type ReplyPayload } from '../reply.js';
import { inlinePlain, markdownLines, parseInline } from './markdown.js';
import { type Piece, dim, padEnd, paint, rgb, toWords, visibleWidth, wrapWords } from './styled.js';

export type Action =
  | { n: number; kind: 'button'; label: string; customId: string }
  | { n: number; kind: 'select'; verb: string; label: string; customId: string; value: string }
  | { n: number; kind: 'link'; label: string; url: string };

export interface RenderOptions {
  /** Terminal columns. */
  width: number;
  /** ANSI colours and bold; off for pipes, NO_COLOR and tests of plain output. */
  color: boolean;
}

export interface Rendered {
  text: string;
  actions: Action[];
}

export const EPHEMERAL_MARKER = '(only you can see this)';
/** Discord's embeds stop growing at about this many characters; wider is harder to read. */
const MAX_WIDTH = 100;
/** Below this, side-by-side inline fields would be too cramped, so they stack. */
const MIN_COLUMN = 18;
const COLUMN_GAP = 3;

export function renderPayload(raw: ReplyPayload, opts: RenderOptions): Rendered {
  // Whatever the payload holds (a stored title that slipped past ingest), only our own colours reach the terminal.
  const payload = stripControlsDeep(raw);
  const width = Math.max(20, Math.min(opts.width, MAX_WIDTH));
  const { color } = opts;
  const blocks: string[][] = [];
  if (payload.content) blocks.push(markdownLines(payload.content, width, color));
  for (const embed of payload.embeds ?? []) {
    const bar = rgb(color ? '▌' : '│', embed.color, color);
    blocks.push(embedLines(embed, width - 2, color).map((line) => `${bar} ${line}`));
  }
  if (isEphemeral(payload)) {
    const marker = dim(EPHEMERAL_MARKER, color);
    const only = blocks.length === 1 && !payload.embeds?.length && blocks[0]!.length === 1 ? blocks[0]! : null;
    // A one-line reply (typically an error) stays one line.
    if (only && visibleWidth(only[0]!) + 2 + EPHEMERAL_MARKER.length <= width) only[0] = `${only[0]}  ${marker}`;
    else blocks.push([marker]);
  }
  const actions: Action[] = [];
  const componentLines = (payload.components ?? []).flatMap((row) => rowLines(row, actions, width, color));
  if (componentLines.length) blocks.push(componentLines);
  const text = blocks
    .map((b) => b.join('\n'))
    .join('\n\n')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n');
  return { text, actions };
}

function embedLines(e: APIEmbed, width: number, color: boolean): string[] {
  const sections: string[][] = [];
  const head: string[] = [];
  if (e.author?.name) head.push(...wrapWords(toWords(parseInline(e.author.name)), width, color));
  if (e.title) {
    const pieces: Piece[] = parseInline(e.title, { bold: true });
    if (e.url) pieces.push({ text: ' ', style: {} }, { text: `<${e.url}>`, style: { dim: true } });
    head.push(...wrapWords(toWords(pieces), width, color));
  }
  if (e.description) head.push(...markdownLines(e.description, width, color));
  if (head.length) sections.push(head);
  for (const group of fieldGroups(e.fields ?? [])) sections.push(fieldLines(group, width, color));
  const footer = [e.footer?.text, e.timestamp && formatTimestamp(e.timestamp)].filter((s): s is string => !!s).join(' • ');
  if (footer) sections.push(wrapWords(toWords(parseInline(footer, { dim: true })), width, color));
  // Collapse runs of blank lines so sections are separated by exactly one.
  return sections
    .map((s) => s.join('\n'))
    .join('\n\n')
    .replace(/\n{3,}/g, '\n\n')
    .split('\n');
}

function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Consecutive inline fields share a row (up to three, as Discord does); others stand alone. */
function fieldGroups(fields: readonly APIEmbedField[]): APIEmbedField[][] {
  const groups: APIEmbedField[][] = [];
  for (const f of fields) {
    const last = groups.at(-1);
    if (f.inline && last && last[0]!.inline && last.length < 3) last.push(f);
    else groups.push([f]);
  }
  return groups;
}

function fieldCell(f: APIEmbedField, width: number, color: boolean): string[] {
  return [...wrapWords(toWords(parseInline(f.name, { bold: true })), width, color), ...markdownLines(f.value, width, color)];
}

function fieldLines(group: APIEmbedField[], width: number, color: boolean): string[] {
  const column = Math.floor((width - COLUMN_GAP * (group.length - 1)) / group.length);
  if (group.length === 1 || column < MIN_COLUMN) {
    return group.flatMap((f, i) => [...(i ? [''] : []), ...fieldCell(f, width, color)]);
  }
  const cells = group.map((f) => fieldCell(f, column, color));
  const height = Math.max(...cells.map((c) => c.length));
  return Array.from({ length: height }, (_, i) => cells.map((c) => padEnd(c[i] ?? '', column)).join(' '.repeat(COLUMN_GAP)));
}

function emojiText(emoji: APIMessageComponentEmoji | undefined): string {
  if (!emoji?.name) return '';
  return emoji.id ? `:${emoji.name}:` : emoji.name;
}

function joinLabel(emoji: APIMessageComponentEmoji | undefined, label: string | undefined): string {
  return [emojiText(emoji), label ? inlinePlain(label) : ''].filter(Boolean).join(' ');
}

/** Packs painted items into lines of at most `width` columns, two spaces apart. */
function pack(items: { text: string; width: number }[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const item of items) {
    if (line && used + 2 + item.width > width) {
      lines.push(line);
      line = '';
      used = 0;
    }
    line += (line ? '  ' : '') + item.text;
    used += (used ? 2 : 0) + item.width;
  }
  if (line) lines.push(line);
  return lines;
}

function rowLines(row: ActionRow, actions: Action[], width: number, color: boolean): string[] {
  const lines: string[] = [];
  const items: { text: string; width: number }[] = [];
  const item = (text: string) => items.push({ text, width: visibleWidth(text) });
  const number = (n: number) => paint({ text: `[${n}]`, style: { bold: true } }, color);
  for (const c of row.components) {
    if (c.type === ComponentType.Button) {
      if (c.style === ButtonStyle.Premium) continue; // store purchases: nothing the console can do
      const label = joinLabel(c.emoji, c.label) || '(button)';
      if (c.disabled) {
        // Shown so the layout matches Discord, but not numbered: it cannot be pressed.
        item(dim(`[-] ${label}`, color));
      } else if (c.style === ButtonStyle.Link) {
        const n = actions.length + 1;
        actions.push({ n, kind: 'link', label, url: c.url });
        item(`${number(n)} ${label} → ${dim(c.url, color)}`);
      } else {
        const n = actions.length + 1;
        actions.push({ n, kind: 'button', label, customId: c.custom_id });
        item(`${number(n)} ${label}`);
      }
    } else if (c.type === ComponentType.StringSelect) {
      lines.push(...pack(items.splice(0), width));
      const verb = decodeCustomId(c.custom_id)?.action === 'open' ? 'open' : 'choose';
      if (c.placeholder) lines.push(dim(inlinePlain(c.placeholder), color));
      for (const o of c.options) {
        const label = joinLabel(o.emoji, o.label);
        const words = toWords([{ text: `${verb}: ${label}`, style: c.disabled ? { dim: true } : {} }]);
        if (o.description) words.push(...toWords([{ text: `— ${inlinePlain(o.description)}`, style: { dim: true } }]));
        const tag = c.disabled ? dim('[-]', color) : number(actions.length + 1);
        if (!c.disabled) actions.push({ n: actions.length + 1, kind: 'select', verb, label, customId: c.custom_id, value: o.value });
        lines.push(...wrapWords(words, width, color, `${tag} `, '    '));
      }
    } else {
      lines.push(dim('(a menu the console cannot show)', color));
    }
  }
  lines.push(...pack(items, width));
  return lines;
}
