// The local console's front door: `npm start` without DISCORD_TOKEN. In a terminal it is an
// interactive prompt (history, Tab completion, colours); fed by a pipe it reads one line at a time
// and prints plain text, so `printf '/search rlhf\n2\n' | npm start` is scriptable and testable.
import { createInterface } from 'node:readline';
import type { Invocation } from '../command.js';
import type { Context } from '../context.js';
import type { Registry } from '../dispatch.js';
import { toReadline } from './complete.js';
import { BANNER } from './help.js';
import { createSession } from './session.js';
import { dim, fit } from './styled.js';
import { safeForTerminal } from '../safe-text.js';

export const PROMPT = 'paperboy> ';

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Interactive terminal: prompt, banner, completion, history, colours. Otherwise plain line-by-line. */
  isTTY: boolean;
  /** Columns to lay out for; defaults to the output's width, or 80. */
  width?: number;
  /** Defaults to isTTY, and off when NO_COLOR is set (https://no-color.org). */
  color?: boolean;
  /** Who the commands run as; defaults to the local owner (see consoleInvocation). */
  who?: Invocation;
}

/** Runs until quit/exit, Ctrl-D, Ctrl-C on an empty line, or the end of piped input. */
export async function runConsole(ctx: Context, registry: Registry, opts: ConsoleOptions): Promise<void> {
  const { input, output, isTTY } = opts;
  const color = opts.color ?? (isTTY && !process.env.NO_COLOR);
  const width = () => opts.width ?? (output as { columns?: number }).columns ?? 80;
  const session = createSession(ctx, registry, { width, color, ...(opts.who ? { who: opts.who } : {}) });

  const rl = createInterface({
    input,
    // Readline only needs the output to draw the prompt; in a pipe it would only add noise.
    ...(isTTY
      ? {
          output,
          terminal: true,
          prompt: PROMPT,
          historySize: 500,
          completer: (line: string) => toReadline(session.complete(line), showCandidates),
        }
      : { terminal: false }),
  });

  // Several candidates that don't extend the typed text (titles completing to ids) are listed here.
  function showCandidates(lines: string[]): void {
    output.write(`\r\n${lines.map((l) => fit(safeForTerminal(l), width() - 1)).join('\r\n')}\r\n`);
    rl.prompt(true);
  }

  rl.on('SIGINT', () => {
    // Like a shell: Ctrl-C abandons the line being typed; on an empty line it leaves.
    if (rl.line) {
      output.write('^C\n');
      rl.write(null, { ctrl: true, name: 'u' });
      rl.prompt();
    } else rl.close();
  });

  let printed = false;
  const print = (text: string) => {
    // A blank line between replies keeps a scrolled transcript readable. Replies echo typed text, so
    // anything but our own colours is removed here, the last step before the terminal.
    output.write(`${printed && !isTTY ? '\n' : ''}${safeForTerminal(text)}\n${isTTY ? '\n' : ''}`);
    printed = true;
  };

  if (isTTY) {
    output.write(`${dim(BANNER, color)}\n\n`);
    rl.prompt();
  }
  try {
    for await (const line of rl) {
      let result: { text: string; quit: boolean };
      try {
        result = await session.handle(line);
      } catch (err) {
        // Dispatch already turns handler failures into friendly replies; this catches the console's own bugs.
        ctx.logger.error({ err, line }, 'console failed to handle a line');
        result = { text: '⚠️ The console could not show that reply; the details are in the log.', quit: false };
      }
      if (result.text) print(result.text);
      if (result.quit) break;
      if (isTTY) rl.prompt();
    }
  } finally {
    rl.close();
    if (isTTY) output.write('\n');
  }
}
