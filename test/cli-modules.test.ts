// The CLI's read commands load only the corpus and the search engine: not discord.js, the scheduler,
// the logger or the daily machinery (each costs start-up time a one-off `paperboy search` pays).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'paperboy-modules-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const log = join(work, `${args[0]}.log`);
  await promisify(execFile)(process.execPath, ['--import', join(ROOT, 'test', 'support', 'module-log.mjs'), join(ROOT, 'bin', 'paperboy.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, MODULE_LOG: log, DATA_DIR: join(work, 'data'), CORPUS_DIR: join(ROOT, 'corpus') },
    timeout: 60_000,
  });
  return readFileSync(log, 'utf8').split('\n').filter(Boolean).flatMap(bundledModules);
}

/**
 * A file of the build's bundle (dist/bundle, scripts/bundle.mjs) stands for the modules bundled into
 * it, which esbuild names in a `// path` comment before each one's code: so a bundled discord.js is
 * seen exactly like a loaded one.
 */
function bundledModules(file: string): string[] {
  if (!/\/dist\/bundle\/[^/]+\.js$/.test(file)) return [file];
  const inside = [...readFileSync(file.replace(/^file:\/\//, ''), 'utf8').matchAll(/^\/\/ ((?:node_modules|dist)\/\S+)$/gm)].map((m) => join(ROOT, m[1]!));
  return [file, ...inside];
}

const HEAVY = [/node_modules\/discord\.js\//, /node_modules\/@discordjs\//, /node_modules\/croner\//, /node_modules\/pino\//, /\/src\/daily\//, /\/src\/discord\//, /\/src\/bootstrap\./];

describe('paperboy read commands load only what they need', () => {
  it('(control) the module log does see discord.js and the daily machinery when the bot code is loaded', async () => {
    const log = join(work, 'control.log');
    await promisify(execFile)(process.execPath, ['--import', join(ROOT, 'test', 'support', 'module-log.mjs'), '--import', 'tsx', '-e', "await import('./src/bootstrap.ts')"], {
      cwd: ROOT,
      env: { ...process.env, MODULE_LOG: log },
      timeout: 60_000,
    });
    const modules = readFileSync(log, 'utf8').split('\n');
    expect(modules.some((m) => HEAVY[0]!.test(m))).toBe(true);
    expect(modules.some((m) => HEAVY[4]!.test(m))).toBe(true);
  });

  it.each([
    [['search', 'gradient clipping', '--json']],
    [['paper', 'peri-ln', '--json']],
    [['topics', '--json']],
  ])('%j loads minisearch and the corpus store, and none of discord.js, croner, pino or the daily machinery', async (args) => {
    const modules = await modulesLoadedBy(args);
    // The log works: it saw what the command really needs.
    expect(modules.some((m) => m.includes('node_modules/minisearch/'))).toBe(true);
    expect(modules.some((m) => /\/src\/corpus\/store\.(ts|js)$/.test(m))).toBe(true);
    for (const heavy of HEAVY) expect(modules.filter((m) => heavy.test(m)), String(heavy)).toEqual([]);
  });

  it('`import` loads the corpus store and none of the search engine, minisearch or the bot (its own entry, src/cli-import.ts)', async () => {
    const modules = await modulesLoadedBy(['import', join(ROOT, 'test', 'fixtures', 'hf-daily-sample.json')]);
    expect(modules.some((m) => /\/src\/corpus\/store\.(ts|js)$/.test(m))).toBe(true);
    expect(modules.filter((m) => /node_modules\/minisearch\/|\/src\/search\/|\/src\/corpus-view\./.test(m))).toEqual([]);
    for (const heavy of HEAVY) expect(modules.filter((m) => heavy.test(m)), String(heavy)).toEqual([]);
  });
});
