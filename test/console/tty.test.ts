// The console in a real terminal: `npm start`'s entry point inside a tmux pane, typed at key by key.
// It checks what only a pty shows: the prompt, the banner, Tab completion and colours.
// Needs tmux (Debian/Ubuntu package "tmux"); without it the spec is skipped and says so.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
const SKIP_REASON = 'tmux is not installed (apt-get install tmux) so the interactive console cannot be driven';
// A private server socket, so the spec never touches anyone's own tmux sessions.
const SOCKET = `paperboy-console-test-${process.pid}`;
const SESSION = 'console';
const dataDir = mkdtempSync(join(tmpdir(), 'paperboy-console-'));

const tmux = (...args: string[]) => spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
/** The pane with its scrollback, wrapped lines joined. */
const screen = (escapes = false) => tmux('capture-pane', '-p', '-J', '-S', '-', ...(escapes ? ['-e'] : []), '-t', SESSION).stdout;
const keys = (...k: string[]) => tmux('send-keys', '-t', SESSION, ...k);
/** Types literally (no key-name lookup), then optionally presses special keys. */
const type = (text: string, ...special: string[]) => {
  tmux('send-keys', '-t', SESSION, '-l', text);
  if (special.length) keys(...special);
};

async function waitFor(check: (text: string) => boolean, what: string, ms = 20_000): Promise<string> {
  const deadline = Date.now() + ms;
  let text = '';
  while (Date.now() < deadline) {
    text = screen();
    if (check(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; the screen shows:\n${text}`);
}

/** The line the cursor is on, i.e. what is being typed after the prompt. */
const promptLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

afterAll(() => {
  if (HAS_TMUX) tmux('kill-server');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the console in a terminal', () => {
  it('prompts, completes with Tab, shows colours and exits on quit', async (t) => {
    if (!HAS_TMUX) t.skip(SKIP_REASON);
    const env = `DISCORD_TOKEN= DATA_DIR=${dataDir} LOG_LEVEL=warn NO_COLOR= TERM=xterm-256color`;
    const started = tmux('new-session', '-d', '-s', SESSION, '-x', '110', '-y', '60', `cd '${ROOT}' && env ${env} node --import tsx src/main.ts`);
    expect(started.status, started.stderr).toBe(0);

    await waitFor((s) => s.includes('paperboy> '), 'the prompt');
    expect(screen()).toContain('Tab completes, a number presses a button, quit exits.');

    // "/topi" is shared by /topic and /topics: Tab fills the common part, Tab Tab lists both.
    type('/topi', 'Tab');
    await waitFor((s) => promptLine(s).endsWith('paperboy> /topic'), 'the common prefix /topic');
    keys('Tab');
    await waitFor((s) => /\/topics/.test(s) && /\/topic\s/.test(s), 'both candidates listed');
    type('s', 'Enter');
    await waitFor((s) => s.includes('Topics ('), 'the topic list');

    // Words that match one topic are replaced by its slug.
    type('/topic deep rl', 'Tab');
    await waitFor((s) => promptLine(s).endsWith('paperboy> /topic deep-rl-control'), 'the words replaced by the slug');
    keys('Enter');
    await waitFor((s) => s.includes('Topic: Deep RL & control'), 'the topic page');

    // Title words that match several papers list them with their ids, leaving the line alone;
    // an id prefix completes in place.
    type('/paper spike-aware adam', 'Tab');
    // The list is drawn before the prompt is redrawn under it: wait for both, or the capture can land between.
    const listed = await waitFor(
      (s) => s.includes('spam-spike-aware-adam-with-momentum-reset-for-stable-llm  SPAM: Spike-Aware Adam') && promptLine(s).includes('paperboy> /paper'),
      'the candidates and the prompt below them',
    );
    expect(promptLine(listed)).toMatch(/paperboy> \/paper spike-aware adam$/);
    keys('C-u');
    type('/paper spam-sp', 'Tab');
    await waitFor((s) => promptLine(s).endsWith('paperboy> /paper spam-spike-aware-adam-with-momentum-reset-for-stable-llm'), 'the completed id');
    keys('Enter');
    await waitFor((s) => /\[\d\] Share/.test(s) && s.includes('Spike-Aware Adam with Momentum Reset'), 'the paper card');
    expect(screen(true)).toMatch(/\x1b\[/); // eslint-disable-line no-control-regex

    type('quit', 'Enter');
    await waitFor(() => tmux('has-session', '-t', SESSION).status !== 0, 'the console to exit', 10_000).catch(() => {
      throw new Error(`the console did not exit on quit:\n${screen()}`);
    });
  });
});
