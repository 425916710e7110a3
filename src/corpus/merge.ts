// Merging a whole record set at once (the corpus builder). The planner in merge-plan.ts does the
// work, the same one that merges new records into a stored corpus, so a corpus built in one go and
// one grown import by import assign the same ids.
import type { Paper } from './schema.js';
import type { RawRecord } from './ingest/record.js';
import type { Problem } from './problems.js';
import type { CompiledTopic } from './topics.js';
import { planMerge } from './merge-plan.js';

export interface MergeResult {
  papers: Paper[];
  problems: Problem[];
  /** Records that joined a paper another record had already started. */
  mergedRecords: number;
}

/** Records (in source order) -> papers sorted by id, with topics assigned. */
export function mergeRecords(records: readonly RawRecord[], topics: readonly CompiledTopic[]): MergeResult {
  const plan = planMerge({ papers: [], aliases: [] }, records, topics, () => []);
  const papers = plan.papers.map((p) => p.paper);
  papers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { papers, problems: plan.problems, mergedRecords: plan.mergedRecords };
}
