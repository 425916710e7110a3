// /help and /about. Help is generated from the registered command definitions, so a new command
// (e.g. /daily) shows up without anyone editing this file.
import { ApplicationCommandOptionType, type APIApplicationCommandOption, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { SourceInfo } from '../corpus/corpus.js';
import { payload, type ReplyPayload } from '../reply.js';
import { checked, LIMITS, truncate } from './limits.js';
import { safeInline } from './markdown.js';
import { CARD_COLOR } from './paper-card.js';

type CommandData = Pick<RESTPostAPIChatInputApplicationCommandsJSONBody, 'name' | 'description' | 'options'>;

const SUBCOMMANDS = new Set([ApplicationCommandOptionType.Subcommand, ApplicationCommandOptionType.SubcommandGroup]);

/** "/search query [topic] [has_code]": required options bare, optional ones in brackets. */
export function usage(name: string, options: readonly APIApplicationCommandOption[] = []): string {
  const args = options.filter((o) => !SUBCOMMANDS.has(o.type)).map((o) => ('required' in o && o.required ? o.name : `[${o.name}]`));
  return [`/${name}`, ...args].join(' ');
}

function lines(c: CommandData): string[] {
  const subs = (c.options ?? []).filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
  if (subs.length === 0) return [`\`${usage(c.name, c.options)}\`\n${c.description}`];
  return subs.map((s) => `\`${usage(`${c.name} ${s.name}`, 'options' in s ? s.options : [])}\`\n${s.description}`);
}

export function helpCard(commands: readonly CommandData[], opts: { ephemeral?: boolean } = {}): ReplyPayload {
  const body = commands.flatMap(lines).join('\n');
  return checked(
    payload(
      {
        embeds: [
          {
            title: 'Paperboy: ML papers, on hand',
            description: truncate(
              `Search, browse and ask about a curated set of machine-learning papers. Replies are private unless you choose \`public\` or press **Share**.\n\n${body}`,
              LIMITS.embedDescription,
            ),
            color: CARD_COLOR,
            footer: { text: 'Tip: options with autocomplete (paper, topic) accept an id or a few words of the title.' },
          },
        ],
      },
      { ephemeral: opts.ephemeral ?? true },
    ),
  );
}

function optionLine(o: APIApplicationCommandOption): string {
  const required = 'required' in o && o.required;
  const choices = 'choices' in o && o.choices?.length ? ` Choices: ${o.choices.map((c) => `\`${String(c.value)}\``).join(', ')}.` : '';
  return `• \`${o.name}\`${required ? ' (required)' : ''}: ${o.description}${choices}`;
}

/** /help command:<name>: the command's usage (each subcommand's), and what every option means. */
export function commandHelpCard(c: CommandData, opts: { ephemeral?: boolean } = {}): ReplyPayload {
  const subs = (c.options ?? []).filter((o) => SUBCOMMANDS.has(o.type));
  const sections = subs.length
    ? subs.map((s) => {
        const options = 'options' in s ? (s.options ?? []) : [];
        return [`\`${usage(`${c.name} ${s.name}`, options)}\``, s.description, ...options.map(optionLine)].join('\n');
      })
    : [[`\`${usage(c.name, c.options)}\``, ...(c.options ?? []).map(optionLine)].join('\n')];
  return checked(
    payload(
      {
        embeds: [
          {
            title: truncate(`/${c.name}: ${c.description}`, LIMITS.embedTitle),
            description: truncate(sections.join('\n\n'), LIMITS.embedDescription),
            color: CARD_COLOR,
            footer: { text: 'Run /help for every command.' },
          },
        ],
      },
      { ephemeral: opts.ephemeral ?? true },
    ),
  );
}

export interface AboutInfo {
  papers: number;
  withCode: number;
  topics: number;
  sources: readonly SourceInfo[];
  corpusHash: string;
  version: string;
  uptimeMs: number;
  /** YYYY-MM-DD of the newest paper (its listing day, else its date); undefined when no paper has one. */
  newestPaper?: string;
  /** Last successful sync from Hugging Face: undefined where the bot does not sync, null before the first. */
  lastSync?: Date | null;
}

/** "2026-08-21 14:05 UTC": a fixed, locale-free format. */
function utcStamp(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** 93784000 -> "1d 2h 3m"; under a minute -> "42s". */
export function formatUptime(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return [d && `${d}d`, (d || h) && `${h}h`, `${m}m`].filter(Boolean).join(' ');
}

export function aboutCard(info: AboutInfo, opts: { ephemeral?: boolean } = {}): ReplyPayload {
  const sources = info.sources.length
    ? info.sources.map((s) => `• ${safeInline(s.description || s.file)} (${safeInline(s.format)}, captured ${safeInline(s.capturedAt)})`).join('\n')
    : 'Not recorded';
  return checked(
    payload(
      {
        embeds: [
          {
            title: 'About Paperboy',
            description: 'A Discord bot that answers questions about machine-learning research papers, from a curated, versioned corpus.',
            color: CARD_COLOR,
            fields: [
              { name: 'Papers', value: `${info.papers} (${info.withCode} with code)`, inline: true },
              { name: 'Topics', value: String(info.topics), inline: true },
              { name: 'Version', value: safeInline(info.version) || 'unknown', inline: true },
              { name: 'Uptime', value: formatUptime(info.uptimeMs), inline: true },
              { name: 'Corpus', value: `\`${info.corpusHash.slice(0, 12) || 'unknown'}\``, inline: true },
              ...(info.newestPaper ? [{ name: 'Newest paper', value: info.newestPaper, inline: true }] : []),
              ...(info.lastSync !== undefined ? [{ name: 'Last sync', value: info.lastSync ? utcStamp(info.lastSync) : 'not yet', inline: true }] : []),
              { name: 'Sources', value: truncate(sources, LIMITS.fieldValue), inline: false },
            ],
          },
        ],
      },
      { ephemeral: opts.ephemeral ?? true },
    ),
  );
}
