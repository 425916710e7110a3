// The package version, read once from package.json (two levels up from both src/ and dist/src/).
import { existsSync, readFileSync } from 'node:fs';

let cached: string | undefined;

export function packageVersion(): string {
  if (cached === undefined) {
    const near = new URL('../package.json', import.meta.url);
    const url = existsSync(near) ? near : new URL('../../package.json', import.meta.url);
    cached = (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  }
  return cached;
}
