// Defect 8: the configuration documented is the configuration read. Every variable the code reads is in
// the README's table and in .env.example, and `cp .env.example .env` keeps the console quiet (warn),
// as the README says, instead of printing info-level JSON logs over the prompt.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { EnvSchema, loadConfig } from '../../src/config.js';
import { logLevelFor } from '../../src/main.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const EXAMPLE = readFileSync(join(ROOT, '.env.example'), 'utf8');

function variablesRead(): string[] {
  const names = new Set(Object.keys(EnvSchema.shape));
  const found = execFileSync('grep', ['-rhoE', 'process\\.env\\.[A-Z_]+', 'src', 'commands', 'bin'], { cwd: ROOT, encoding: 'utf8' });
  for (const m of found.matchAll(/process\.env\.([A-Z_]+)/g)) names.add(m[1]!);
  return [...names].sort();
}

describe('configuration docs', () => {
  const vars = variablesRead();

  it('finds the variables (sanity)', () => {
    expect(vars).toEqual(expect.arrayContaining(['DISCORD_TOKEN', 'LOG_LEVEL', 'NODE_ENV', 'NO_COLOR']));
  });

  it.each(vars)('%s is in the README configuration table and in .env.example', (name) => {
    expect(README).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
    expect(EXAMPLE).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });

  it('a copied .env.example leaves the console at warn and the bot at info, as documented', () => {
    const env = parse(EXAMPLE);
    const config = loadConfig(env, ROOT);
    expect(logLevelFor('console', config, env)).toBe('warn');
    expect(logLevelFor('bot', config, env)).toBe('info');
    expect(README).toMatch(/\| `LOG_LEVEL` \| `info` \(`warn` in the console\) \|/);
  });
});
