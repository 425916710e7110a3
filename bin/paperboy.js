#!/usr/bin/env node
// The `paperboy` executable: the compiled CLI when dist/ is up to date, else the TypeScript through tsx.
import { launch } from './launch.js';

await launch('cli');
