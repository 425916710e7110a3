// Same-run A/B of `paperboy import` (issue 13: the three real export files into a fresh store <= 6 s,
// peak RSS <= 400 MiB; re-import <= 0.5 s). Each tree given imports the three files into its own fresh
// DATA_DIR in two ways: three processes (`paperboy import FILE`, one per file, the only way a tree
// before `import FILE...` can do it) and, where the tree supports it, one process
// (`paperboy import FILE FILE FILE`); then re-imports export-2025.json. Trees and modes alternate, round
// after round (the order flips every round), so a busy machine slows them alike. Reports wall (spawn to
// exit), CPU (user + system, from /usr/bin/time) and peak RSS, per round and as medians, with the load
// average. Ratios compare like with like (three processes against three processes); the one-process
// figure is also set beside the first tree's three processes, labelled as what a user gains by typing
// `paperboy import export-*.json`.
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

type Mode = 'three processes' | 'one process';

function importRun(tree: string, dataDir: string, files: string[]): Run {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, join(tree, 'bin', 'paperboy.js'), 'import', ...files.map((f) => join(SHARED, f))], {
    cwd: tree,
    env: { ...process.env, DATA_DIR: dataDir, CORPUS_DIR: join(tree, 'corpus') },
    encoding: 'utf8',
    maxBuffer: 16 * 2 ** 20,
  });
  if (r.status !== 0) throw new Error(`${tree}: import ${files.join(' ')} failed (${r.status}): ${r.stderr.slice(-400)}`);
  const [wall, user, sys, kib] = (r.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  return { wall: wall as number, cpu: (user as number) + (sys as number), rssMiB: (kib as number) / 1024 };
}

/** Whether the tree's bin/ runs its compiled build (else its sources through tsx: not a fair A/B). */
function builtFresh(tree: string): boolean {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const { distIsFresh } = await import(${JSON.stringify(join(tree, 'bin', 'launch.js'))}); process.stdout.write(String(distIsFresh()));`], { encoding: 'utf8' });
  return r.stdout === 'true';
}

/** Whether the tree's `paperboy import` takes several files (its help names `<files...>`). */
function takesSeveral(tree: string): boolean {
  const r = spawnSync(process.execPath, [join(tree, 'bin', 'paperboy.js'), 'import', '--help'], { cwd: tree, encoding: 'utf8' });
  return /import \[options\] <files\.\.\.>/.test(r.stdout);
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
const runs: { tree: string; mode: Mode }[] = trees.flatMap((tree) => [{ tree, mode: 'three processes' as Mode }, ...(takesSeveral(tree) ? [{ tree, mode: 'one process' as Mode }] : [])]);
const key = (r: { tree: string; mode: Mode }) => `${r.tree}\n${r.mode}`;
const results = new Map<string, { total: Run[]; reimport: Run[] }>(runs.map((r) => [key(r), { total: [], reimport: [] }]));

for (const tree of trees) if (!builtFresh(tree)) console.log(`WARNING: ${tree} runs its TypeScript through tsx (dist/ is missing or older than its sources): run npm run build there first`);
console.log(`import A/B, ${rounds} rounds, alternating: ${runs.map((r) => `${basename(r.tree)} (${r.mode})`).join(', ')}; load before ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
for (let round = 1; round <= rounds; round++) {
  for (const { tree, mode } of round % 2 === 1 ? runs : [...runs].reverse()) {
    const data = mkdtempSync(join(tmpdir(), 'paperboy-import-ab-'));
    try {
      const files = mode === 'one process' ? [importRun(tree, data, EXPORTS)] : EXPORTS.map((file) => importRun(tree, data, [file]));
      const total = { wall: files.reduce((s, f) => s + f.wall, 0), cpu: files.reduce((s, f) => s + f.cpu, 0), rssMiB: Math.max(...files.map((f) => f.rssMiB)) };
      const again = importRun(tree, data, ['export-2025.json']);
      const mine = results.get(key({ tree, mode })) as { total: Run[]; reimport: Run[] };
      mine.total.push(total);
      mine.reimport.push(again);
      console.log(
        `round ${round} ${basename(tree).padEnd(12)} ${mode.padEnd(15)} wall ${total.wall.toFixed(2)} s${files.length > 1 ? ` (${files.map((f) => f.wall.toFixed(2)).join(' + ')})` : ''}, CPU ${total.cpu.toFixed(2)} s, peak ${total.rssMiB.toFixed(0)} MiB; re-import ${again.wall.toFixed(2)} s (CPU ${again.cpu.toFixed(2)}); load ${loadavg()[0]!.toFixed(1)}`,
      );
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }
}
const first = trees[0] as string;
const medians = (tree: string, mode: Mode) => {
  const r = results.get(key({ tree, mode }));
  return r && { wall: median(r.total.map((x) => x.wall)), cpu: median(r.total.map((x) => x.cpu)) };
};
const ratio = (m: { wall: number; cpu: number }, b: { wall: number; cpu: number }) => `wall ${(m.wall / b.wall).toFixed(2)}x, CPU ${(m.cpu / b.cpu).toFixed(2)}x`;
console.log('\nmedians:');
for (const { tree, mode } of runs) {
  const r = results.get(key({ tree, mode })) as { total: Run[]; reimport: Run[] };
  const m = medians(tree, mode) as { wall: number; cpu: number };
  const against: string[] = [];
  const sameMode = tree !== first ? medians(first, mode) : undefined;
  if (sameMode) against.push(`vs ${basename(first)} ${mode}: ${ratio(m, sameMode)}`);
  const threeOfFirst = medians(first, 'three processes') as { wall: number; cpu: number };
  if (mode === 'one process') against.push(`vs ${basename(first)} three processes (not like with like: one process against three): ${ratio(m, threeOfFirst)}`);
  console.log(
    `  ${basename(tree).padEnd(12)} ${mode.padEnd(15)} wall ${m.wall.toFixed(2)} s, CPU ${m.cpu.toFixed(2)} s, peak ${Math.max(...r.total.map((x) => x.rssMiB)).toFixed(0)} MiB; re-import wall ${median(r.reimport.map((x) => x.wall)).toFixed(2)} s, CPU ${median(r.reimport.map((x) => x.cpu)).toFixed(2)} s${against.map((a) => `; ${a}`).join('')}`,
  );
}
console.log(`load after ${loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
