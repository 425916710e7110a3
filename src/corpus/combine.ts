// Records from different captures describe the same paper with different facts (one listing has
// dates and upvotes, another only the abstract, an export the arXiv id). Merging keeps the union,
// so a paper seen twice is one richer paper, and every source it came from stays cited.
import type { CodeLink, Paper, SourceRef } from './schema.js';
import type { RawRecord } from './ingest/record.js';
import { cleanText } from './text.js';
import { extractCodeLinks, mergeCodeLinks, stripLinkJunk } from './links.js';
import { normalizedTitleKey } from './ids.js';

export interface CleanRecord {
  raw: RawRecord;
  title: string;
  abstract: string;
  titleKey: string;
  codeLinks: CodeLink[];
}

export function cleanRecord(record: RawRecord): CleanRecord {
  const abstractText = stripLinkJunk(record.rawAbstract);
  const title = cleanText(record.rawTitle);
  return {
    raw: record,
    title,
    abstract: cleanText(abstractText),
    titleKey: normalizedTitleKey(title),
    codeLinks: mergeCodeLinks(record.codeLinks, extractCodeLinks(abstractText)),
  };
}

function max(values: (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length > 0 ? Math.max(...defined) : undefined;
}

function compareRefs(a: SourceRef, b: SourceRef): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}

/** Without topics and id: those depend on the whole corpus. */
export type MergedFacts = Omit<Paper, 'id' | 'topics'> & { titleKey: string };

export function combineRecords(group: readonly CleanRecord[]): MergedFacts {
  const first = group[0] as CleanRecord;
  const raws = group.map((r) => r.raw);
  // The fullest abstract wins; a capture may have truncated it.
  const abstract = group.reduce((best, r) => (r.abstract.length > best.length ? r.abstract : best), first.abstract);
  const authors = raws.reduce<string[]>((best, r) => (r.authors.length > best.length ? r.authors : best), []);
  const authorCount = authors.length > 0 ? authors.length : max(raws.map((r) => r.authorCount));
  // The earliest date is the publication date; later ones are re-listings.
  const publishedAt = raws.map((r) => r.publishedAt).filter((d): d is string => d !== undefined).sort()[0];
  // The first spelling of each keyword, compared without case (a set: comparing each keyword with
  // every one kept, lowercasing both, made two strings per pair and was 5% of an import).
  const keywords: string[] = [];
  const seen = new Set<string>();
  for (const k of raws.flatMap((r) => r.keywords)) {
    const key = k.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    keywords.push(k);
  }
  const sources = raws.map((r) => ({ file: r.source.file, line: r.source.line })).sort(compareRefs);
  const arxivId = raws.find((r) => r.arxivId !== undefined)?.arxivId;
  const organization = raws.find((r) => r.organization !== undefined)?.organization;
  const upvotes = max(raws.map((r) => r.upvotes));
  const githubStars = max(raws.map((r) => r.githubStars));
  // The latest summary and project page: HF refines them after listing. The first listing day counts.
  const aiSummary = raws.findLast((r) => r.aiSummary !== undefined)?.aiSummary;
  const projectPage = raws.findLast((r) => r.projectPage !== undefined)?.projectPage;
  const listedAt = raws.map((r) => r.listedAt).filter((d): d is string => d !== undefined).sort()[0];
  // Key order here is the key order in papers.json.
  return {
    ...(arxivId !== undefined ? { arxivId } : {}),
    title: first.title,
    rawTitle: first.raw.rawTitle,
    abstract,
    authors: [...authors],
    ...(authorCount !== undefined ? { authorCount } : {}),
    ...(organization !== undefined ? { organization } : {}),
    ...(publishedAt !== undefined ? { publishedAt } : {}),
    ...(upvotes !== undefined ? { upvotes } : {}),
    ...(githubStars !== undefined ? { githubStars } : {}),
    codeLinks: mergeCodeLinks(...group.map((r) => r.codeLinks)),
    keywords,
    ...(aiSummary !== undefined ? { aiSummary } : {}),
    ...(projectPage !== undefined ? { projectPage } : {}),
    ...(listedAt !== undefined ? { listedAt } : {}),
    sources,
    titleKey: first.titleKey,
  };
}

