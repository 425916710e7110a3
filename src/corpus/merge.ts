// Records from different captures describe the same paper with different facts (one listing has
// dates and upvotes, another only the abstract, an export the arXiv id). Merging keeps the union,
// so a paper seen twice is one richer paper, and every source it came from stays cited.
import type { CodeLink, Paper, SourceRef } from './schema.js';
import type { RawRecord } from './ingest/record.js';
import type { Problem } from './problems.js';
import type { CompiledTopic } from './topics.js';
import { assignTopics } from './topics.js';
import { cleanText } from './text.js';
import { extractCodeLinks, mergeCodeLinks, stripLinkJunk } from './links.js';
import { normalizedTitleKey, paperId, slugifyTitle } from './ids.js';

interface CleanRecord {
  raw: RawRecord;
  title: string;
  abstract: string;
  titleKey: string;
  codeLinks: CodeLink[];
}

export interface MergeResult {
  papers: Paper[];
  problems: Problem[];
  /** Records that joined a paper another record had already started. */
  mergedRecords: number;
}

function clean(record: RawRecord): CleanRecord {
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

/** Union-find over records: same arXiv id, or same normalised title unless the arXiv ids disagree. */
function group(records: readonly CleanRecord[], problems: Problem[]): CleanRecord[][] {
  const parent = records.map((_r, i) => i);
  const arxivOf = records.map((r) => r.raw.arxivId);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    return root;
  };
  const union = (a: number, b: number): boolean => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return true;
    const [ia, ib] = [arxivOf[ra], arxivOf[rb]];
    if (ia && ib && ia !== ib) return false;
    const [keep, drop] = ra < rb ? [ra, rb] : [rb, ra];
    parent[drop] = keep;
    arxivOf[keep] = ia ?? ib;
    return true;
  };
  const byArxiv = new Map<string, number>();
  const byTitle = new Map<string, number>();
  records.forEach((r, i) => {
    const id = r.raw.arxivId;
    if (id !== undefined) {
      const first = byArxiv.get(id);
      if (first === undefined) byArxiv.set(id, i);
      else union(first, i);
    }
    const first = byTitle.get(r.titleKey);
    if (first === undefined) byTitle.set(r.titleKey, i);
    else if (!union(first, i)) {
      const { file, line } = r.raw.source;
      problems.push({ file, line, message: `same title as ${records[first]?.raw.source.file}:${records[first]?.raw.source.line} but a different arXiv id; kept apart` });
    }
  });
  const groups = new Map<number, CleanRecord[]>();
  records.forEach((r, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), r]);
  });
  return [...groups.values()];
}

function max(values: (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length > 0 ? Math.max(...defined) : undefined;
}

function compareRefs(a: SourceRef, b: SourceRef): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}

/** Without topics and id: those depend on the whole corpus. */
type MergedFacts = Omit<Paper, 'id' | 'topics'> & { titleKey: string };

function combine(group: readonly CleanRecord[]): MergedFacts {
  const first = group[0] as CleanRecord;
  const raws = group.map((r) => r.raw);
  // The fullest abstract wins; a capture may have truncated it.
  const abstract = group.reduce((best, r) => (r.abstract.length > best.length ? r.abstract : best), first.abstract);
  const authors = raws.reduce<string[]>((best, r) => (r.authors.length > best.length ? r.authors : best), []);
  const authorCount = authors.length > 0 ? authors.length : max(raws.map((r) => r.authorCount));
  // The earliest date is the publication date; later ones are re-listings.
  const publishedAt = raws.map((r) => r.publishedAt).filter((d): d is string => d !== undefined).sort()[0];
  const keywords: string[] = [];
  for (const k of raws.flatMap((r) => r.keywords)) {
    if (!keywords.some((seen) => seen.toLowerCase() === k.toLowerCase())) keywords.push(k);
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

/**
 * Ids must not move when the corpus grows, because messages, daily history and shared links store
 * them. Papers are visited in order of first appearance in the sources (manifest order, which only
 * ever grows), so when distinct papers share a slug (long titles are truncated) the one the corpus
 * had first keeps it and later ones get -2, -3, ... An arXiv paper's id is its arXiv id, but its
 * title slug stays reserved for it: that is the id it had before an import supplied the arXiv id,
 * and the loaded corpus resolves the slug to it as an alias (see makeCorpus).
 */
function assignIds(facts: readonly MergedFacts[]): string[] {
  // Slugs only; arXiv ids ("2501.06842") contain a dot, so they can never collide with one.
  const used = new Set<string>();
  return facts.map((f) => {
    if (f.arxivId !== undefined) {
      used.add(slugifyTitle(f.title));
      return paperId(f.arxivId, f.title);
    }
    const base = paperId(undefined, f.title);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}

/** Records (in source order) -> papers sorted by id, with topics assigned. */
export function mergeRecords(records: readonly RawRecord[], topics: readonly CompiledTopic[]): MergeResult {
  const problems: Problem[] = [];
  const cleaned: CleanRecord[] = [];
  for (const record of records) {
    const c = clean(record);
    if (c.titleKey === '') {
      problems.push({ ...record.source, message: `title "${record.rawTitle}" is empty after cleanup (skipped)` });
    } else cleaned.push(c);
  }
  const groups = group(cleaned, problems);
  const facts = groups.map(combine);
  const ids = assignIds(facts);
  const papers = facts.map(({ titleKey: _titleKey, ...f }, i): Paper => {
    const topicSlugs = assignTopics({ title: f.title, abstract: f.abstract, keywords: f.keywords }, topics);
    const { sources, ...rest } = f;
    return { id: ids[i] as string, ...rest, topics: topicSlugs, sources };
  });
  papers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { papers, problems, mergedRecords: cleaned.length - groups.length };
}
