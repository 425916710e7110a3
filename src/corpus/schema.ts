// The corpus contract. Every file under corpus/ is parsed through these schemas once, at the edge;
// code inside the process trusts the resulting types.
import { z } from 'zod';

export const CodeLinkKind = z.enum(['github', 'hf-space', 'other']);
export type CodeLinkKind = z.infer<typeof CodeLinkKind>;

export const CodeLinkSchema = z.object({
  url: z.url(),
  kind: CodeLinkKind,
});
export type CodeLink = z.infer<typeof CodeLinkSchema>;

/** Where a record came from: the raw file (relative to corpus/sources) and 1-based line. */
export const SourceRefSchema = z.object({
  file: z.string().min(1),
  line: z.number().int().positive(),
});
export type SourceRef = z.infer<typeof SourceRefSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const PaperSchema = z.object({
  /** Stable id: the arXiv id when known (e.g. "2310.06825"), else a readable slug of the title. */
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
  arxivId: z.string().optional(),
  /** Cleaned title (LaTeX removed, whitespace collapsed). */
  title: z.string().min(1),
  /** Title exactly as the source had it. */
  rawTitle: z.string().min(1),
  /** Cleaned abstract. */
  abstract: z.string(),
  /** Author names, when the source lists them. */
  authors: z.array(z.string()),
  /** Author count when only a count is known ("• 9 authors"); equals authors.length otherwise. */
  authorCount: z.number().int().nonnegative().optional(),
  /** Organisation shown instead of authors on some listings ("NewMind AI"). */
  organization: z.string().optional(),
  publishedAt: isoDate.optional(),
  upvotes: z.number().int().nonnegative().optional(),
  githubStars: z.number().int().nonnegative().optional(),
  codeLinks: z.array(CodeLinkSchema),
  /** Source-provided keywords (Hugging Face ai_keywords). */
  keywords: z.array(z.string()),
  /** Hugging Face's AI-written summary (ai_summary); shown labelled as such, searched as a weak field. */
  aiSummary: z.string().optional(),
  /** Project page URL (HF projectPage). */
  projectPage: z.url().optional(),
  /** YYYY-MM-DD the Hugging Face feed first listed the paper (its listing day, not the arXiv date). */
  listedAt: isoDate.optional(),
  /** Topic slugs from corpus/topics.json; "other" when no rule matched. */
  topics: z.array(z.string()).min(1),
  sources: z.array(SourceRefSchema).min(1),
});
export type Paper = z.infer<typeof PaperSchema>;

/** A topic rule matches when any pattern (case-insensitive regex source) hits the title or abstract. */
export const TopicSchema = z.object({
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  name: z.string().min(1).max(100),
  description: z.string().min(1).max(300),
  /** Regex sources tested against the title (weighted) and abstract. */
  patterns: z.array(z.string().min(1)).min(1),
  /** Optional regex sources that veto the topic. */
  exclude: z.array(z.string().min(1)).default([]),
  /**
   * Optional regex sources tested against the title only: for words nearly every abstract uses in
   * passing ("benchmark", "agent") but that name what a paper is about when they are in its title.
   */
  titlePatterns: z.array(z.string().min(1)).optional(),
});
export type Topic = z.infer<typeof TopicSchema>;

export const TopicsFileSchema = z.object({
  version: z.literal(1),
  topics: z.array(TopicSchema).min(1),
});

export const CorpusFileSchema = z.object({
  version: z.literal(1),
  /** sha256 of the sources + topics that produced this file; the search index records it too. */
  hash: z.string(),
  papers: z.array(PaperSchema),
});
export type CorpusFile = z.infer<typeof CorpusFileSchema>;

/** The special topic every unmatched paper gets. */
export const OTHER_TOPIC: Topic = {
  slug: 'other',
  name: 'Other',
  description: 'Papers that fit none of the curated topics.',
  patterns: ['(?!)'],
  exclude: [],
};
