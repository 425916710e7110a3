// The console's pretend server has whatever text channels you name: `channel:#papers` is a channel
// called "papers" there, as in Discord's client, where you pick channels by name. Its id is derived
// from the name (the same name is the same channel after a restart, so /daily settings in
// console.sqlite keep pointing at it), and replies show it by name again.
import { createHash } from 'node:crypto';

const names = new Map<string, string>();

/** Discord channel names: lower-case letters, digits, dashes and underscores, at most 100 characters. */
export const CHANNEL_NAME_RE = /^#([\p{L}\p{N}_-]{1,100})$/u;

/** A stable, valid-looking 18-digit snowflake for a pretend channel name. */
export function pretendChannelId(name: string): string {
  const key = name.toLowerCase();
  const n = BigInt(`0x${createHash('sha256').update(`console-channel:${key}`).digest('hex').slice(0, 15)}`);
  const id = String(100000000000000000n + (n % 900000000000000000n));
  names.set(id, key);
  return id;
}

/** The name behind a pretend channel id this console has seen. */
export function pretendChannelName(id: string): string | undefined {
  return names.get(id);
}
