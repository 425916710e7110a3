// Merging new records into a corpus that already has papers, as a pure plan the store then applies
// in one transaction. It is the only merge there is: building from scratch is planning against an
// empty corpus (see merge.ts), so a corpus grown import by import has exactly the papers and ids a
// full rebuild over the same sources would give.
//
// Records join a paper with the same arXiv id, or the same normalised title unless the arXiv ids
// disagree (union-find over the stored papers and the new records). A touched paper is recombined
// from all its records, stored ones first, in source order.
//
// Ids never silently change meaning: a paper keeps its id, except that a title-slug paper becomes
// its arXiv id once a record supplies one (what a rebuild would call it) and two stored papers that
// a new record shows to be one paper become one; every id that stops being a paper's id becomes an
// alias, so daily history, buttons on old messages and shared links keep resolving.
import type { Paper } from './schema.js';
import type { RawRecord } from './ingest/record.js';
import type { Problem } from './problems.js';
import type { CompiledTopic } from './topics.js';
import { assignTopics } from './topics.js';
import { cleanRecord, combineRecords, type CleanRecord } from './combine.js';
import { paperId, slugifyTitle } from './ids.js';

/** What the planner needs to know about a stored paper (not its text). */
export interface StoredPaperKey {
  id: string;
  arxivId?: string;
  /** slugifyTitle(title): an arXiv paper reserves it (it is the id the paper had before its arXiv id was known). */
  slug: string;
  /** Normalised titles of the paper's records. */
  titleKeys: readonly string[];
}

export interface StoredKeys {
  /** Stored papers in order of first appearance in the sources. */
  papers: readonly StoredPaperKey[];
  /** Ids that already resolve to a paper as aliases; never reused as a new paper's id. */
  aliases: readonly string[];
}

export interface PlannedPaper {
  paper: Paper;
  /** Normalised titles of all its records (stored + new). */
  titleKeys: string[];
  /** Stored paper ids this paper replaces (merged in, or its own old id); each becomes an alias of paper.id. */
  replaces: string[];
  /** Whether no stored paper was part of it. */
  isNew: boolean;
}

export interface MergePlan {
  papers: PlannedPaper[];
  /** For each new record (input order): the id of the paper it belongs to, or undefined when skipped. */
  recordPaper: (string | undefined)[];
  /** Normalised title of each new record (input order); '' for skipped ones. */
  recordTitleKey: string[];
  problems: Problem[];
  /** New records that joined a paper another record (stored or new) had already started. */
  mergedRecords: number;
}

/** Stored records of these papers, in source order (as stored). */
export type StoredRecordsOf = (paperIds: readonly string[]) => RawRecord[];

interface Node {
  arxivId: string | undefined;
  /** Stored paper index, or undefined for a new record. */
  stored?: number;
  record?: CleanRecord;
  /** Where a new record came from, for problem messages. */
  where: string;
}

export function planMerge(stored: StoredKeys, records: readonly RawRecord[], topics: readonly CompiledTopic[], recordsOf: StoredRecordsOf): MergePlan {
  const problems: Problem[] = [];
  const nodes: Node[] = stored.papers.map((p, i) => ({ arxivId: p.arxivId, stored: i, where: `paper ${p.id}` }));
  const firstNew = nodes.length;
  const recordNode: (number | undefined)[] = [];
  const recordTitleKey: string[] = [];
  for (const record of records) {
    const c = cleanRecord(record);
    recordTitleKey.push(c.titleKey);
    if (c.titleKey === '') {
      problems.push({ ...record.source, message: `title "${record.rawTitle}" is empty after cleanup (skipped)` });
      recordNode.push(undefined);
      continue;
    }
    recordNode.push(nodes.length);
    nodes.push({ arxivId: record.arxivId, record: c, where: `${record.source.file}:${record.source.line}` });
  }

  // Union-find: the root of a set is its earliest node, so stored papers root their sets.
  const parent = nodes.map((_n, i) => i);
  const arxivOf = nodes.map((n) => n.arxivId);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[i] !== root) [parent[i], i] = [root, parent[i] as number];
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
  stored.papers.forEach((p, i) => {
    if (p.arxivId !== undefined && !byArxiv.has(p.arxivId)) byArxiv.set(p.arxivId, i);
    for (const key of p.titleKeys) if (!byTitle.has(key)) byTitle.set(key, i);
  });
  for (let i = firstNew; i < nodes.length; i++) {
    const node = nodes[i] as Node;
    const record = node.record as CleanRecord;
    if (node.arxivId !== undefined) {
      const first = byArxiv.get(node.arxivId);
      if (first === undefined) byArxiv.set(node.arxivId, i);
      else union(first, i);
    }
    const first = byTitle.get(record.titleKey);
    if (first === undefined) byTitle.set(record.titleKey, i);
    else if (!union(first, i)) {
      const { file, line } = record.raw.source;
      problems.push({ file, line, message: `same title as ${nodes[first]?.where} but a different arXiv id; kept apart` });
    }
  }

  // Sets that contain a new record, in order of their first node (= first appearance in the sources).
  const groups = new Map<number, { stored: number[]; fresh: CleanRecord[] }>();
  for (let i = firstNew; i < nodes.length; i++) {
    const root = find(i);
    const group = groups.get(root) ?? { stored: [], fresh: [] };
    group.fresh.push((nodes[i] as Node).record as CleanRecord);
    groups.set(root, group);
  }
  for (let i = 0; i < firstNew; i++) groups.get(find(i))?.stored.push(i);
  const ordered = [...groups.entries()].sort((a, b) => a[0] - b[0]);

  // Ids in use: stored ids and aliases, and the slug every arXiv paper reserves.
  const used = new Set<string>(stored.aliases);
  for (const p of stored.papers) {
    used.add(p.id);
    if (p.arxivId !== undefined) used.add(p.slug);
  }

  const idOfRoot = new Map<number, string>();
  const planned: PlannedPaper[] = [];
  let mergedRecords = 0;
  for (const [root, group] of ordered) {
    const storedPapers = group.stored.map((i) => stored.papers[i] as StoredPaperKey);
    const storedIds = storedPapers.map((p) => p.id);
    const old = storedIds.length > 0 ? recordsOf(storedIds).map(cleanRecord) : [];
    const all = [...old, ...group.fresh];
    mergedRecords += group.fresh.length - (storedPapers.length > 0 ? 0 : 1);
    const { titleKey: _titleKey, sources, ...facts } = combineRecords(all);
    let id: string;
    if (facts.arxivId !== undefined) {
      id = paperId(facts.arxivId, facts.title);
      used.add(slugifyTitle(facts.title));
    } else if (storedPapers[0] !== undefined) {
      id = storedPapers[0].id;
    } else {
      const base = paperId(undefined, facts.title);
      id = base;
      for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    }
    used.add(id);
    idOfRoot.set(root, id);
    const topicSlugs = assignTopics({ title: facts.title, abstract: facts.abstract, keywords: facts.keywords }, topics);
    const paper: Paper = { id, ...facts, topics: topicSlugs, sources };
    const titleKeys = [...new Set([...storedPapers.flatMap((p) => p.titleKeys), ...group.fresh.map((r) => r.titleKey)])];
    planned.push({ paper, titleKeys, replaces: storedIds.filter((s) => s !== id), isNew: storedPapers.length === 0 });
  }

  const recordPaper = recordNode.map((n) => (n === undefined ? undefined : idOfRoot.get(find(n))));
  return { papers: planned, recordPaper, recordTitleKey, problems, mergedRecords };
}
