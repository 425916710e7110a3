#!/usr/bin/env node
// `npm run start:sharded`: discord.js's ShardingManager, one bot process per shard (src/shard/manager.ts).
import { launch } from './launch.js';

await launch('shard/manager');
