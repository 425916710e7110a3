#!/usr/bin/env node
// `npm start`: the bot (or the local console), compiled when dist/ is up to date, else through tsx.
import { launch } from './launch.js';

await launch('main');
