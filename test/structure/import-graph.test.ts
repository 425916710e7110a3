// The import graph flows one way: no cycles, and no module imports from a layer above its own. Checked
// over the source text (static, type-only and dynamic imports alike: a type import is still a
// dependency of the design), so a new back edge fails here before it tangles the code.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Layers, lowest first. A module may import its own layer and the ones below it. Patterns match paths
 * relative to the repository root; the first matching layer wins.
 */
const LAYERS: { name: string; match: RegExp }[] = [
  { name: 'base', match: /^src\/(errors|reply|logger|config|env-file|safe-text|fs-problems|sqlite-wal|version|prng|thread-priority)\.ts$/ },
  { name: 'corpus', match: /^src\/corpus\// },
  { name: 'search', match: /^src\/(search|semantic)\/|^src\/(lookup|custom-id|search-query|did-you-mean|query-complete)\.ts$/ },
  { name: 'store and the corpus view', match: /^src\/store\/|^src\/(corpus-view|snapshot-worker|snapshot-reader|store-writer|semantic-trainer|trainer-process)\.ts$/ },
  { name: 'cards', match: /^src\/cards\// },
  { name: 'charts', match: /^src\/chart\// },
  { name: 'daily, sync, votes and watches', match: /^src\/(daily|sync|votes|watch)\// },
  { name: 'command layer', match: /^src\/(command|context|dispatch)\.ts$/ },
  { name: 'commands', match: /^commands\// },
  { name: 'front doors', match: /^src\/(console|discord|cli|shard[^/]*)\/|^src\/(cli|cli-import|main|bootstrap|shard[^/]*)\.ts$/ },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;

/** file -> the repository files it imports (relative specifiers only; packages are not our layers). */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const targets = new Set<string>();
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = (m[1] ?? m[2])!;
      const target = relative(ROOT, resolve(ROOT, dirname(file), spec)).replace(/\.js$/, '.ts');
      if (known.has(target)) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** Every elementary cycle's first occurrence found by depth-first search, as a path a -> ... -> a. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

const layerOf = (file: string) => LAYERS.findIndex((l) => l.match.test(file));

const files = [...sourceFiles('src'), ...sourceFiles('commands')];
const graph = importGraph(files);

describe('the import graph', () => {
  it('sees the real imports (a sanity check of the parser)', () => {
    expect(graph.get('src/main.ts')).toContain('commands/index.ts');
    expect(graph.get('src/dispatch.ts')).toContain('src/command.ts');
    expect([...graph.values()].reduce((n, t) => n + t.length, 0)).toBeGreaterThan(200);
  });

  it('has no cycles', () => {
    expect(findCycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('places every module of the layered directories in a layer', () => {
    const unplaced = files.filter((f) => layerOf(f) < 0 && (/^src\/[^/]+\.ts$/.test(f) || /^src\/(corpus|search|store|cards|daily|votes|watch|console|discord|cli)\//.test(f)));
    expect(unplaced).toEqual([]);
  });

  it('has no back edge: nothing imports from a layer above its own', () => {
    const back: string[] = [];
    for (const [from, targets] of graph) {
      const own = layerOf(from);
      if (own < 0) continue;
      for (const to of targets) {
        const theirs = layerOf(to);
        if (theirs > own) back.push(`${from} (${LAYERS[own]!.name}) -> ${to} (${LAYERS[theirs]!.name})`);
      }
    }
    expect(back).toEqual([]);
  });

  it('finds a cycle when there is one (the checker itself works)', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(g)).toEqual([['a', 'b', 'c', 'a']]);
  });
});
