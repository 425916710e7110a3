// /ask: an extractive answer. Every sentence is a quote from an abstract with a numbered citation,
// so the reader can always see where a claim came from; buttons open the cited papers' cards.
// When nothing answers, the card says so plainly instead of quoting something loosely related.
import { ButtonStyle, ComponentType, type APIButtonComponent } from 'discord-api-types/v10';
import type { Paper } from '../corpus/schema.js';
import { encodeCustomId } from '../custom-id.js';
import { payload, type ReplyPayload } from '../reply.js';
import type { Answer } from '../search/types.js';
import { checked, LIMITS, truncate } from './limits.js';
import { paperUrl } from './links.js';
import { mdLink, safeInline } from './markdown.js';
import { CARD_COLOR, row } from './paper-card.js';

export const NOTHING_ANSWERS = 'Nothing in the corpus answers that.';
const SENTENCE_MAX = 500;
const SOURCE_TITLE_MAX = 120;

/** Cited papers in order of first citation; their 1-based position is the citation number. */
export function citedPapers(answer: Answer): Paper[] {
  const seen = new Map<string, Paper>();
  for (const s of answer.sentences) if (!seen.has(s.paper.id)) seen.set(s.paper.id, s.paper);
  return [...seen.values()];
}

function openButton(paper: Paper, n: number): APIButtonComponent[] {
  try {
    const custom_id = encodeCustomId({ action: 'paper', paperId: paper.id });
    const label = truncate(`[${n}] ${paper.title.replace(/\s+/g, ' ').trim()}`, LIMITS.buttonLabel);
    return [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label, custom_id }];
  } catch {
    return [];
  }
}

export function answerCard(answer: Answer, opts: { ephemeral?: boolean } = {}): ReplyPayload {
  const ephemeral = { ephemeral: opts.ephemeral ?? false };
  const question = truncate(safeInline(answer.question), 200);
  if (answer.sentences.length === 0) {
    const content = `${NOTHING_ANSWERS} (Question: “${question}”)\nTry /search with a few keywords, or rephrase the question with the terms a paper would use.`;
    return checked(payload({ content: truncate(content, LIMITS.content) }, ephemeral));
  }
  const papers = citedPapers(answer);
  const number = new Map(papers.map((p, i) => [p.id, i + 1]));
  const quotes = answer.sentences.map((s) => `> ${truncate(safeInline(s.text), SENTENCE_MAX, { sentence: true })} [${number.get(s.paper.id)}]`);
  const sources = papers.map((p, i) => `[${i + 1}] ${mdLink(truncate(safeInline(p.title), SOURCE_TITLE_MAX), paperUrl(p))}`);
  const buttons = papers.flatMap((p, i) => openButton(p, i + 1));
  const rows = [];
  for (let i = 0; i < buttons.length && rows.length < LIMITS.actionRows; i += LIMITS.buttonsPerRow) rows.push(row(buttons.slice(i, i + LIMITS.buttonsPerRow)));
  return checked(
    payload(
      {
        embeds: [
          {
            title: truncate(`“${safeInline(answer.question)}”`, LIMITS.embedTitle),
            description: truncate(`${quotes.join('\n')}\n\n**Sources**\n${sources.join('\n')}`, LIMITS.embedDescription),
            color: CARD_COLOR,
            footer: { text: 'Quoted from paper abstracts; open a source to read it in full.' },
          },
        ],
        components: rows,
      },
      ephemeral,
    ),
  );
}
