// `npm run build`, after tsc: bundles the entry points users start (`npm start` -> main, `paperboy`
// -> cli, `paperboy import` -> cli-import) with their dependencies into one file each, dist/bundle/<entry>.js. Node 20's module loader
// resolves and reads every file separately (about 140 of ours plus discord.js's, zod's and the rest);
// one file loads in about half the CPU time (measured: BENCHMARKS.md, Start-up and the CLI). bin/launch.js
// uses a bundle when it is as new as the build, else dist/src. The bundles sit two folders below the
// repository like dist/src/<dir>/*.js, so the paths modules derive from import.meta.url still resolve.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const ENTRIES = ['main', 'cli', 'cli-import'];

/**
 * zod re-exports its 60-odd message locales as `z.locales` (and `z.core.locales`): 370 KB, half of
 * what zod adds to a bundle, which Node parses at every start of every entry (`paperboy import` runs
 * once per file). paperboy uses the English messages zod sets by default and never `z.locales`, so
 * the bundles get a `locales` with English only; zod's own code is unchanged.
 */
const englishOnlyZodLocales = {
  name: 'english-only-zod-locales',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]v4[\\/](classic|core)$/.test(args.resolveDir)
        ? { path: join(args.resolveDir, '..', 'locales', 'english-only.js'), namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};
/** Native or file-reading packages, and optional native add-ons some packages try to load. */
const EXTERNAL = ['better-sqlite3', '@resvg/resvg-wasm', 'dejavu-fonts-ttf', 'bufferutil', 'utf-8-validate', 'zlib-sync'];

/** What every bundle shares: ESM for Node 20, the native packages left outside, English-only zod. */
const COMMON = {
  outdir: 'dist/bundle',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: EXTERNAL,
  // Bundled CommonJS packages (discord.js, pino) call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __paperboyRequire } from 'node:module'; const require = __paperboyRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [englishOnlyZodLocales],
};

rmSync('dist/bundle', { recursive: true, force: true }); // no chunk of an earlier build stays behind
await build({
  ...COMMON,
  entryPoints: Object.fromEntries(ENTRIES.map((e) => [e, `dist/src/${e}.js`])),
  // Code reached only through import() (the chart renderer, echarts) stays in its own chunk, loaded when used.
  splitting: true,
  chunkNames: 'chunk-[hash]',
});

// The bot sync's writer thread (src/store-writer.ts) loads this file from beside the bundle that starts
// it: one file of its own, no chunks shared with main, so main's chunks stay as they are.
await build({ ...COMMON, entryPoints: { 'store-writer': 'dist/src/store-writer.js' } });

// The background semantic trainer (src/semantic-trainer.ts), a child process src/trainer-process.ts
// starts from beside the bundle that starts it: the training code (ml-matrix) stays out of main's bundle.
await build({ ...COMMON, entryPoints: { 'semantic-trainer': 'dist/src/semantic-trainer.js' } });
