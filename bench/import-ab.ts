// Same-run A/B of `paperboy import` (issue 13: the three real export files into a fresh store <= 6 s,
// peak RSS <= 400 MiB; re-import <= 0.5 s): each tree given runs the three imports, one process per
// file, into its own fresh DATA_DIR, then re-imports export-2025.json; trees alternate, round after
// round, so a busy machine slows them alike. Reports wall (spawn to exit), CPU (user + system, from
// /usr/bin/time) and peak RSS, per round and as medians, with the load average.
//   npx tsx bench/import-ab.ts [--rounds 3] <tree> [<tree> ...]   (each a built checkout: npm run build)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED = join(ROOT, '..', 'shared', 'data', 'hf-daily-papers');
const EXPORTS = ['export-2024.json', 'export-2025.json', 'export-2026.json'];

interface Run {
  wall: number;
  cpu: number;
  rssMiB: number;
}

function importOnce(tree: string, dataDir: string, file: string): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, join(tree, 'bin', 'paperboy.js'), 'import', join(SHARED, file)], {
    cwd: tree,
    env: { ...process.env, DATA_DIR: dataDir, CORPUS_DIR: join(tree, 'corpus') },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${tree}: import ${file} failed (${r.status}): ${r.stderr.slice(-400)}`);
  const [wall, user, sys, kib] = (r.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  return { wall: wall as number, cpu: (user as number) + (sys as number), rssMiB: (kib as number) / 1024 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 3;
const trees = (args.length > 0 ? args : [ROOT]).map((t) => resolve(t));
const results = new Map<string, { total: Run[]; reimport: Run[] }>(trees.map((t) => [t, { total: [], reimport: [] }]));

console.log(`import A/B, ${rounds} rounds, trees alternating: ${trees.join(', ')}; load before ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
for (let round = 1; round <= rounds; round++) {
  for (const tree of trees) {
    const data = mkdtempSync(join(tmpdir(), 'paperboy-import-ab-'));
    try {
      const files = EXPORTS.map((file) => importOnce(tree, data, file));
      const total = { wall: files.reduce((s, f) => s + f.wall, 0), cpu: files.reduce((s, f) => s + f.cpu, 0), rssMiB: Math.max(...files.map((f) => f.rssMiB)) };
      const again = importOnce(tree, data, 'export-2025.json');
      const mine = results.get(tree) as { total: Run[]; reimport: Run[] };
      mine.total.push(total);
      mine.reimport.push(again);
      console.log(
        `round ${round} ${basename(tree).padEnd(12)} wall ${total.wall.toFixed(2)} s (${files.map((f) => f.wall.toFixed(2)).join(' + ')}), CPU ${total.cpu.toFixed(2)} s, peak ${total.rssMiB.toFixed(0)} MiB; re-import ${again.wall.toFixed(2)} s (CPU ${again.cpu.toFixed(2)}); load ${loadavg()[0]!.toFixed(1)}`,
      );
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }
}
const [base] = trees;
const baseTotal = results.get(base as string)?.total ?? [];
console.log('\nmedians:');
for (const [tree, r] of results) {
  const wall = median(r.total.map((x) => x.wall));
  const cpu = median(r.total.map((x) => x.cpu));
  const ratio = tree === base ? '' : `; vs ${basename(base as string)}: wall ${(wall / median(baseTotal.map((x) => x.wall))).toFixed(2)}x, CPU ${(cpu / median(baseTotal.map((x) => x.cpu))).toFixed(2)}x`;
  console.log(
    `  ${basename(tree).padEnd(12)} three imports wall ${wall.toFixed(2)} s, CPU ${cpu.toFixed(2)} s, peak ${Math.max(...r.total.map((x) => x.rssMiB)).toFixed(0)} MiB; re-import wall ${median(r.reimport.map((x) => x.wall)).toFixed(2)} s${ratio}`,
  );
}
console.log(`load after ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
