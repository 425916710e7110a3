#!/usr/bin/env node
// The `paperboy` executable: the compiled CLI when dist/ is up to date, else the TypeScript through tsx.
// `paperboy import` starts its own, smaller entry (src/cli-import.ts: the import command only).
import { launch } from './launch.js';

await launch(process.argv[2] === 'import' ? 'cli-import' : 'cli');
