// What a chart shows, as plain numbers: papers per period, stacked by topic. Pure, so the counts can be
// checked without drawing anything; spec.ts turns them into a chart and render.ts into a PNG.
//
// A paper counts once, under its first (primary) topic, so the stacks add up to the number of papers;
// the topic rules may give it more topics, but counting those too would make the bars lie about volume.
import type { Corpus } from '../corpus/corpus.js';
import type { Paper } from '../corpus/schema.js';

export type Bucket = 'day' | 'week' | 'month';

export interface ChartSeries {
  /** Topic display name (or "Other topics"). */
  name: string;
  /** One count per label. */
  counts: number[];
}

export interface ChartData {
  title: string;
  subtitle: string;
  bucket: Bucket;
  /** Period labels along the x axis, e.g. "Mon 23", "Nov 23 (week)", "2025-03". */
  labels: string[];
  /** Largest topics first; the rest folded into "Other topics". */
  series: ChartSeries[];
  /** Papers counted (those with a date inside the range). */
  total: number;
  /** Papers left out because they carry no date at all. */
  undated: number;
}

/** How many topics get their own colour; more would make the legend unreadable at Discord's image size. */
export const MAX_TOPIC_SERIES = 8;
export const OTHER_TOPICS = 'Other topics';

/** The day a paper counts for: when the feed listed it, else its publication date. */
export function paperDay(p: Paper): string | undefined {
  return p.listedAt ?? p.publishedAt;
}

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  return toDay(toMs(day) + n * DAY_MS);
}

/** The 7 calendar days ending the day before `postDay`: the week a digest posted on `postDay` covers. */
export function weekBefore(postDay: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(postDay, i - 7));
}

/** Monday of the ISO week holding `day`. */
function weekStart(day: string): string {
  const dow = new Date(toMs(day)).getUTCDay();
  return addDays(day, -((dow + 6) % 7));
}

/** The period key of a day; keys sort in time order. */
function keyOf(day: string, bucket: Bucket): string {
  if (bucket === 'day') return day;
  if (bucket === 'week') return weekStart(day);
  return day.slice(0, 7);
}

function labelOf(key: string, bucket: Bucket): string {
  if (bucket === 'month') return key;
  const d = new Date(toMs(key));
  const short = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  return bucket === 'day' ? `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()}` : short;
}

/** Every period key from the first day to the last, so empty periods show as gaps rather than vanish. */
function keysBetween(first: string, last: string, bucket: Bucket): string[] {
  const keys: string[] = [];
  let day = keyOf(first, bucket);
  const end = keyOf(last, bucket);
  while (day <= end) {
    keys.push(day);
    if (bucket === 'day') day = addDays(day, 1);
    else if (bucket === 'week') day = addDays(day, 7);
    else {
      const [y, m] = day.split('-').map(Number) as [number, number];
      day = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    }
  }
  return keys;
}

/** Days for up to a month, weeks up to half a year, months beyond: always a readable number of bars. */
export function bucketFor(first: string, last: string): Bucket {
  const span = (toMs(last) - toMs(first)) / DAY_MS;
  if (span <= 31) return 'day';
  if (span <= 183) return 'week';
  return 'month';
}

interface CountInput {
  corpus: Pick<Corpus, 'topicBySlug'>;
  papers: readonly Paper[];
  first: string;
  last: string;
  bucket: Bucket;
  title: string;
  subtitle: string;
}

function count(i: CountInput): ChartData {
  const keys = keysBetween(i.first, i.last, i.bucket);
  const index = new Map(keys.map((k, n) => [k, n]));
  const perTopic = new Map<string, number[]>();
  let total = 0;
  let undated = 0;
  for (const p of i.papers) {
    const day = paperDay(p);
    if (day === undefined) {
      undated++;
      continue;
    }
    const at = index.get(keyOf(day, i.bucket));
    if (at === undefined) continue;
    const topic = p.topics[0] ?? 'other';
    let row = perTopic.get(topic);
    if (!row) perTopic.set(topic, (row = keys.map(() => 0)));
    row[at] = (row[at] ?? 0) + 1;
    total++;
  }
  const sum = (r: number[]) => r.reduce((a, b) => a + b, 0);
  const ranked = [...perTopic.entries()].sort((a, b) => sum(b[1]) - sum(a[1]) || (a[0] < b[0] ? -1 : 1));
  const named = (slug: string) => i.corpus.topicBySlug.get(slug)?.name ?? slug;
  // Folding only one topic into "Other" would hide a name for nothing, so fold only when it saves a colour.
  const keep = ranked.length <= MAX_TOPIC_SERIES ? ranked : ranked.slice(0, MAX_TOPIC_SERIES - 1);
  const series: ChartSeries[] = keep.map(([slug, counts]) => ({ name: named(slug), counts }));
  const rest = ranked.slice(keep.length);
  if (rest.length) series.push({ name: OTHER_TOPICS, counts: keys.map((_, n) => rest.reduce((a, [, r]) => a + (r[n] ?? 0), 0)) });
  return { title: i.title, subtitle: i.subtitle, bucket: i.bucket, labels: keys.map((k) => labelOf(k, i.bucket)), series, total, undated };
}

function rangeLabel(first: string, last: string): string {
  const f = new Date(toMs(first));
  const l = new Date(toMs(last));
  const fm = MONTHS[f.getUTCMonth()];
  const lm = MONTHS[l.getUTCMonth()];
  if (f.getUTCFullYear() !== l.getUTCFullYear()) return `${f.getUTCDate()} ${fm} ${f.getUTCFullYear()} – ${l.getUTCDate()} ${lm} ${l.getUTCFullYear()}`;
  return fm === lm ? `${f.getUTCDate()}–${l.getUTCDate()} ${lm} ${l.getUTCFullYear()}` : `${f.getUTCDate()} ${fm} – ${l.getUTCDate()} ${lm} ${l.getUTCFullYear()}`;
}

/** The papers of one week (the 7 days of `days`), per day and topic. */
export function weekChartData(corpus: Pick<Corpus, 'topicBySlug'>, papers: readonly Paper[], days: readonly string[], scope?: string): ChartData {
  const first = days[0] as string;
  const last = days[days.length - 1] as string;
  const inWeek = papers.filter((p) => {
    const d = paperDay(p);
    return d !== undefined && d >= first && d <= last;
  });
  return count({
    corpus, papers: inWeek, first, last, bucket: 'day',
    title: `Papers this week${scope ? ` · ${scope}` : ''}`,
    subtitle: `${rangeLabel(first, last)} · ${inWeek.length} paper${inWeek.length === 1 ? '' : 's'} · per listing day and main topic`,
  });
}

/** The whole corpus, per day/week/month (by its date span) and topic. */
export function corpusChartData(corpus: Pick<Corpus, 'topicBySlug' | 'papers'>): ChartData {
  let first: string | undefined;
  let last: string | undefined;
  for (const p of corpus.papers) {
    const d = paperDay(p);
    if (d === undefined) continue;
    if (first === undefined || d < first) first = d;
    if (last === undefined || d > last) last = d;
  }
  if (first === undefined || last === undefined) {
    return { title: 'Papers in the corpus', subtitle: 'No paper carries a date', bucket: 'month', labels: [], series: [], total: 0, undated: corpus.papers.length };
  }
  const bucket = bucketFor(first, last);
  const data = count({ corpus, papers: corpus.papers, first, last, bucket, title: 'Papers in the corpus', subtitle: '' });
  const undatedNote = data.undated ? ` (${data.undated} undated not shown)` : '';
  return { ...data, subtitle: `${rangeLabel(first, last)} · ${data.total} papers${undatedNote} · per ${bucket} and main topic` };
}
