// A deterministic synthetic daily-papers export of N papers built from the real export's abstracts
// (../shared/data/hf-daily-papers): real sentences reshuffled across papers, titles with a few words
// swapped, fresh arXiv-shaped ids. Written as files of at most 25,000 papers (each well under the
// 200 MB import limit). `tsx bench/store-synthetic.ts 100000 OUT_DIR`
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from './search-speed.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED = join(ROOT, '..', 'shared', 'data', 'hf-daily-papers');
const PER_FILE = 25_000;

interface Item {
  paper: { id: string; title: string; summary: string; authors: { name: string }[]; publishedAt?: string; upvotes?: number; ai_keywords?: string[]; githubRepo?: string };
  publishedAt?: string;
}

export function writeSyntheticExport(size: number, outDir: string, seed = 13): string[] {
  const real = ['export-2024.json', 'export-2025.json', 'export-2026.json'].flatMap((f) => JSON.parse(readFileSync(join(SHARED, f), 'utf8')) as Item[]);
  const random = prng(seed);
  const sentences = real.flatMap((i) => i.paper.summary.split(/(?<=\.)\s+/)).filter((s) => s.length > 40);
  const words = real.flatMap((i) => i.paper.title.split(/\s+/)).filter((w) => /^[A-Za-z-]{4,}$/.test(w));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  for (let start = 0; start < size; start += PER_FILE) {
    const items: Item[] = [];
    for (let i = start; i < Math.min(size, start + PER_FILE); i++) {
      const base = real[i % real.length] as Item;
      const title = `${base.paper.title.split(' ').map((w) => (random() < 0.25 ? pick(words) : w)).join(' ')} (${i})`;
      const summary = Array.from({ length: 4 + Math.floor(random() * 5) }, () => pick(sentences)).join(' ');
      const id = `3${String(i % 10)}${String(1 + (i % 12)).padStart(2, '0')}.${String(i).padStart(6, '0').slice(-5)}`;
      items.push({
        paper: { ...base.paper, id, title, summary, authors: base.paper.authors.slice(0, 8) },
        publishedAt: base.publishedAt,
      });
    }
    const file = join(outDir, `synthetic-${String(start / PER_FILE).padStart(2, '0')}.json`);
    writeFileSync(file, `[\n${items.map((x) => JSON.stringify(x)).join(',\n')}\n]\n`);
    files.push(file);
  }
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [size = '100000', out = 'synthetic'] = process.argv.slice(2);
  console.log(writeSyntheticExport(Number(size), out).join('\n'));
}
