// A paper read from the corpus store at start-up, parsed in two steps. The fields every start-up step
// and every whole-corpus walk read (id, title, dates, upvotes, topics, code links: maps, tie ranks,
// filters, /topics, /stats, the daily picker) are set at once from columns SQLite extracts; the rest
// (abstract, authors, keywords, sources...) stays the row's JSON text until one of them is first read,
// which parses and checks the whole row. Parsing every row at start was ~0.5 s of CPU at 9k papers and
// ~4 s at 100k, although a start touches none of those fields.
//
// A long-running process need not even hold the row's JSON text: the rest of the paper can also come
// from a function that reads the row when first needed (src/corpus/row-text.ts).
//
// The lazy fields are own, enumerable getters, so a stored paper reads, spreads, compares and
// serialises (toJSON: the row as stored) exactly like a plain Paper object.
import type { Paper } from './schema.js';

/** The fields parsed at once; the others wait for the first read. */
export interface EagerPaperFields {
  id: string;
  arxivId: string | null;
  title: string;
  publishedAt: string | null;
  listedAt: string | null;
  upvotes: number | null;
  topics: string[];
  codeLinks: Paper['codeLinks'];
}

const LAZY_KEYS = ['rawTitle', 'abstract', 'authors', 'authorCount', 'organization', 'githubStars', 'keywords', 'aiSummary', 'projectPage', 'sources'] as const;

/** Checks a whole stored row when it is first parsed; returns the paper, or throws what is wrong. */
export type RowCheck = (value: unknown, json: string, id: string) => Paper;

const ROW = Symbol('row');

class Pending {
  constructor(
    readonly json: string | (() => string),
    readonly check: RowCheck,
    /** Reads the row text again without using up `json` (see transientPaper). */
    readonly peek?: () => string,
  ) {}
}

type Holder = { id: string; [ROW]: Paper | Pending };

function full(holder: Holder): Paper {
  const row = holder[ROW];
  if (!(row instanceof Pending)) return row;
  const json = typeof row.json === 'string' ? row.json : row.json();
  const paper = row.check(JSON.parse(json) as unknown, json, holder.id);
  holder[ROW] = paper; // the JSON text is dropped: memory ends where an eagerly parsed corpus starts
  return paper;
}

// One descriptor set shared by every stored paper: defining them costs a few microseconds per paper.
const descriptors: PropertyDescriptorMap = {
  toJSON: { enumerable: false, value: function (this: Holder) { return full(this); } },
};
for (const key of LAZY_KEYS) {
  descriptors[key] = { enumerable: true, configurable: false, get(this: Holder) { return full(this)[key]; } };
}

/**
 * A Paper whose eager fields are `eager` and whose other fields come from `json` (the row's text, or what
 * reads it) on first read, through `check`. `peek`, when `json` is a reader, reads the text for
 * transientPaper without using the reader up.
 */
export function storedPaper(eager: EagerPaperFields, json: string | (() => string), check: RowCheck, peek?: () => string): Paper {
  return holder(eager, new Pending(json, check, peek));
}

/**
 * A paper already parsed and checked (a row a sync wrote, read for the next revision), laid out as a
 * stored paper: the same hidden class as the papers read at start-up, so the search code optimized for
 * those is not deoptimized ("wrong map") when a sync's papers arrive. Its lazy fields read `paper`.
 */
export function storedPaperOf(paper: Paper): Paper {
  const eager = { id: paper.id, arxivId: paper.arxivId ?? null, title: paper.title, publishedAt: paper.publishedAt ?? null, listedAt: paper.listedAt ?? null, upvotes: paper.upvotes ?? null, topics: paper.topics, codeLinks: paper.codeLinks };
  return holder(eager, paper);
}

function holder(eager: EagerPaperFields, row: Paper | Pending): Paper {
  const paper: Record<string | symbol, unknown> = { id: eager.id, title: eager.title };
  if (eager.arxivId !== null) paper.arxivId = eager.arxivId;
  if (eager.publishedAt !== null) paper.publishedAt = eager.publishedAt;
  if (eager.listedAt !== null) paper.listedAt = eager.listedAt;
  if (eager.upvotes !== null) paper.upvotes = eager.upvotes;
  paper.topics = eager.topics;
  paper.codeLinks = eager.codeLinks;
  Object.defineProperty(paper, ROW, { enumerable: false, writable: true, value: row });
  Object.defineProperties(paper, descriptors);
  return paper as unknown as Paper;
}

/**
 * The whole paper for one pass that should not make it resident: a stored paper whose text is still
 * read on demand is parsed and checked from a fresh read and stays unread, so a walk over every paper
 * (the semantic layer's paper vectors) does not keep every abstract, author list and source of a
 * ~9k corpus in memory (~30 MiB). Any other paper is returned as it is (its text already in memory).
 */
export function transientPaper(paper: Paper): Paper {
  const row = (paper as unknown as Partial<Holder>)[ROW];
  if (!(row instanceof Pending) || !row.peek) return paper;
  const json = row.peek();
  return row.check(JSON.parse(json) as unknown, json, paper.id);
}
