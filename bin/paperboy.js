#!/usr/bin/env node
// The `paperboy` executable: runs the TypeScript CLI through tsx's loader (no build step needed).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
await main();
