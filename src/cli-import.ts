// `paperboy import`'s own entry (bin/paperboy.js picks it when the command is `import`): the same
// command, options, messages and exit codes as through src/cli.ts (src/cli/program.ts), without
// loading the search engine and the read commands, which an import never uses.
import { addImportCommand } from './cli/import-command.js';
import { newProgram, runAsProcess, runProgram, type Io } from './cli/program.js';

export function runImportCli(argv: string[], io: Io): Promise<number> {
  const program = newProgram(io);
  addImportCommand(program, io);
  return runProgram(program, argv, io);
}

/** Entry for bin/paperboy.js when its first argument is `import`. */
export async function main(): Promise<void> {
  await runAsProcess(runImportCli);
}
