// The full paper card: one embed with the essentials, link buttons to the paper and its code, a Cite
// button, and either (on private cards) a Share button that posts the same card to the channel or (on
// public cards in a server) the ▲ vote button with the server's count.
import { ButtonStyle, ComponentType, type APIButtonComponent, type APIEmbed, type APIEmbedField } from 'discord-api-types/v10';
import type { Paper } from '../corpus/schema.js';
import { payload, type ActionRow, type ReplyPayload } from '../reply.js';
import { publicCardButtons, shareButton } from './card-buttons.js';
import { checked, LIMITS, truncate } from './limits.js';
import {
  codeButtonLabel,
  codeLinkText,
  compactNumber,
  formatDate,
  githubSearchUrl,
  huggingFaceUrl,
  paperUrl,
  primaryCodeLink,
  projectPageUrl,
} from './links.js';
import { mdLink, safeInline, safeText } from './markdown.js';

/** The corpus lookups cards need; a Corpus satisfies it, so do small test fixtures. */
import { topicNames, type TopicLookup } from './topic-names.js';

export { topicNames, type TopicLookup };

export const CARD_COLOR = 0x2f81f7;
/** Long enough to say what the paper does, short enough to read in a chat column. */
export const ABSTRACT_MAX = 1200;
/** HF's AI summary is one paragraph; a TL;DR that needs more than this is no TL;DR. */
export const TLDR_MAX = 400;
/** Says whose words the TL;DR are: an AI summary is not the authors' abstract. */
export const TLDR_FIELD = "TL;DR · Hugging Face's AI summary";
const AUTHORS_SHOWN = 4;
const CODE_LINKS_SHOWN = 3;

export interface PaperCardOptions {
  /** Private (ephemeral) card; private cards get a Share button. */
  ephemeral?: boolean;
  /** Set on the public copy a Share button posts: names who shared it, drops the Share button. */
  sharedBy?: { id: string; name: string };
  /** Extra action buttons placed beside Share and Cite, e.g. /random's "Another one". */
  actions?: APIButtonComponent[];
  /**
   * This server's vote count for the paper: set on public cards posted in a server, where it adds the
   * ▲ button. Left unset on private cards and in DMs (votes are per server).
   */
  votes?: number;
}

/** "A, B, C, D and 5 more", "9 authors" when only a count is known, undefined when nothing is. */
export function authorsText(paper: Paper): string | undefined {
  const total = Math.max(paper.authorCount ?? 0, paper.authors.length);
  if (paper.authors.length === 0) return total > 0 ? `${total} author${total === 1 ? '' : 's'}` : undefined;
  const shown = paper.authors.slice(0, AUTHORS_SHOWN).map(safeInline);
  const rest = total - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

function codeFieldValue(paper: Paper): string {
  if (paper.codeLinks.length === 0) return 'None listed';
  const lines = paper.codeLinks.slice(0, CODE_LINKS_SHOWN).map((link) => {
    const stars = link.kind === 'github' && paper.githubStars !== undefined ? ` ★ ${compactNumber(paper.githubStars)}` : '';
    return `${mdLink(safeInline(codeLinkText(link)), link.url)}${stars}`;
  });
  const more = paper.codeLinks.length - CODE_LINKS_SHOWN;
  if (more > 0) lines.push(`and ${more} more`);
  return lines.join('\n');
}

function field(name: string, value: string | undefined, inline = true): APIEmbedField[] {
  return value ? [{ name, value: truncate(value, LIMITS.fieldValue), inline }] : [];
}

export function paperEmbed(paper: Paper, topics: TopicLookup): APIEmbed {
  const abstract = paper.abstract.trim() ? truncate(safeText(paper.abstract.trim()), ABSTRACT_MAX, { sentence: true }) : '*No abstract available.*';
  return {
    title: truncate(safeInline(paper.title), LIMITS.embedTitle),
    url: paperUrl(paper),
    description: abstract,
    color: CARD_COLOR,
    fields: [
      ...field(TLDR_FIELD, paper.aiSummary?.trim() ? truncate(safeText(paper.aiSummary.trim()), TLDR_MAX, { sentence: true }) : undefined, false),
      ...field('Topics', topicNames(paper, topics).map(safeInline).join(', ')),
      ...field('Authors', authorsText(paper), false),
      ...field('Organisation', paper.organization && safeInline(paper.organization)),
      ...field('Published', paper.publishedAt && formatDate(paper.publishedAt)),
      ...field('Upvotes', paper.upvotes !== undefined ? `▲ ${paper.upvotes} on Hugging Face` : undefined),
      ...field('Project page', projectPageUrl(paper) && mdLink(safeInline(pageText(projectPageUrl(paper) as string)), projectPageUrl(paper) as string), false),
      ...field('Code', codeFieldValue(paper), false),
    ],
    footer: { text: truncate(`Paper id: ${paper.id} · /similar finds related work`, LIMITS.footerText) },
  };
}

function linkButton(label: string, url: string): APIButtonComponent {
  return { type: ComponentType.Button, style: ButtonStyle.Link, label: truncate(label, LIMITS.buttonLabel), url };
}

/** "lab.github.io/project": a readable link text without the scheme. */
function pageText(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname.replace(/^www\./, '')}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return url;
  }
}

/**
 * Code (or an honest "Search GitHub" when none is recorded), the arXiv abstract (or a title search),
 * the Hugging Face paper page when HF lists it, and the project page when there is one: at most 4 of
 * Discord's 5 buttons per row.
 */
export function paperLinkButtons(paper: Paper): APIButtonComponent[] {
  const code = primaryCodeLink(paper);
  const hf = huggingFaceUrl(paper);
  const page = projectPageUrl(paper);
  return [
    code ? linkButton(codeButtonLabel(code), code.url) : linkButton('Search GitHub', githubSearchUrl(paper.title)),
    linkButton(paper.arxivId ? 'Paper (arXiv)' : 'Find on arXiv', paperUrl(paper)),
    ...(hf ? [linkButton('Hugging Face', hf)] : []),
    ...(page ? [linkButton('Project page', page)] : []),
  ];
}

export function row(components: APIButtonComponent[]): ActionRow {
  return { type: ComponentType.ActionRow, components };
}

/** `Shared by <@id> (name)`: the mention renders as a name but never pings (allowed_mentions is empty). */
export function sharedByLine(user: { id: string; name: string }): string {
  const id = /^\d+$/.test(user.id) ? `<@${user.id}> ` : '';
  return `Shared by ${id}(${truncate(safeInline(user.name), 64)})`;
}

export function paperCard(paper: Paper, topics: TopicLookup, opts: PaperCardOptions = {}): ReplyPayload {
  const isPrivate = opts.ephemeral && !opts.sharedBy;
  const actions = [...(isPrivate ? shareButton(paper) : []), ...publicCardButtons(paper, isPrivate ? undefined : opts.votes), ...(opts.actions ?? [])].slice(
    0,
    LIMITS.buttonsPerRow,
  );
  const components = [row(paperLinkButtons(paper)), ...(actions.length ? [row(actions)] : [])];
  return checked(
    payload(
      { ...(opts.sharedBy ? { content: sharedByLine(opts.sharedBy) } : {}), embeds: [paperEmbed(paper, topics)], components },
      { ephemeral: opts.ephemeral ?? false },
    ),
  );
}
