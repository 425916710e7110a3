// Text from the corpus and from users is shown inside Discord markdown. Left raw, a title like
// "A*B_C" turns the rest of a card italic, "|| x ||" hides text, and "<@&123>" renders as a role
// mention. allowed_mentions {parse: []} already stops pings; neutralising mentions also stops the
// misleading rendering, and keeps a shared card safe if it is ever copied into a plain message.

const ZWSP = '\u200b';

/** Breaks @everyone, @here and <@id>, <@!id>, <@&id>, <#id> so Discord renders them as plain text. */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)\b/gi, `@${ZWSP}$1`).replace(/<(@[!&]?|#)(\d+)>/g, `<${ZWSP}$1$2>`);
}

/**
 * Escapes the markdown that would break a card: emphasis (* _ ~), code (`), spoilers (|), links ([ ]),
 * and block syntax at a line start (> quotes, # headings, - lists, 1. numbered lists). Backslashes
 * first, so our own escapes are not doubled.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/[*_~`|[\]]/g, '\\$&')
    .replace(/^(\s*)([>#-])(?=\s|#|>)/gm, '$1\\$2')
    .replace(/^(\s*)(\d+)\.(?=\s)/gm, '$1$2\\.');
}

/** Markdown-escaped and mention-neutralised: the one function for untrusted text in cards. */
export function safeText(text: string): string {
  return neutraliseMentions(escapeMarkdown(text));
}

/** Collapses whitespace (titles may carry source line breaks) before escaping. */
export function safeInline(text: string): string {
  return safeText(text.replace(/\s+/g, ' ').trim());
}

/** Percent-encodes a URL query value, including the characters that would end a markdown link. */
export function encodeQueryValue(text: string): string {
  return encodeURIComponent(text).replace(/[()!'*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A markdown link whose text is already safe; parentheses in the URL are encoded so they cannot end it. */
export function mdLink(safeLabel: string, url: string): string {
  return `[${safeLabel}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})`;
}
