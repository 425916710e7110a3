// Where the evaluation files live.
import { fileURLToPath } from 'node:url';

export const SEED_CORPUS_DIR = fileURLToPath(new URL('../../corpus', import.meta.url));
export const REAL_QUERIES_PATH = fileURLToPath(new URL('../queries-real.json', import.meta.url));
export const SEED_BLIND_QUERIES_PATH = fileURLToPath(new URL('../queries-seed-blind.json', import.meta.url));
