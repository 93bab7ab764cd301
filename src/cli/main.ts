// The command-line program. Finds the command in the registry (cli/commands.ts),
// parses its options, runs it, and turns every failure into a message and an
// exit code: 2 for bad input (with every problem listed as file:line:col), 1
// for the tool or the machine.
import { EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, IrdeckError } from '../errors.js';
import { cleanupPending } from '../util/atomic.js';
import { saveCodeCaches } from '../util/code-cache.js';
import { COMMANDS, commandHelp, isCommand, nearest, parseCommand, usage, version } from './commands.js';
import { defaultIo, diagnosticLine, type Io } from './io.js';
import { forTerminal } from '../util/terminal-text.js';
import { describeErrno, userErrno } from '../util/user-errno.js';

export type { Io };

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? EXIT_OK : EXIT_INPUT;
  }
  if (name === '--version' || name === '-v') { io.out(`irdeck ${version()}`); return EXIT_OK; }
  try {
    if (!isCommand(name)) {
      const guess = nearest(name, Object.keys(COMMANDS));
      io.err(`irdeck: unknown command "${name}"${guess ? `; did you mean "${guess}"?` : ''}\n\n${usage()}`);
      return EXIT_INPUT;
    }
    // --help wins over everything else on the line, as in most programs
    if (rest.includes('--help') || rest.includes('-h')) { io.out(commandHelp(name)); return EXIT_OK; }
    const parsed = parseCommand(name, rest);
    const run = await COMMANDS[name].load();
    const code = await run(parsed, io);
    saveCodeCaches();
    return code;
  } catch (err) {
    return report(err, io);
  } finally {
    cleanupPending();
  }
}

export function report(err: unknown, io: Io): number {
  // a system error the user caused (a folder given as a file, a full disk, a port in use): exit 2, one line
  const errno = userErrno(err);
  if (errno && !(err instanceof IrdeckError && err.exitCode === EXIT_INPUT)) {
    io.err(`irdeck: ${forTerminal(describeErrno(errno), { oneLine: true })}`);
    return EXIT_INPUT;
  }
  if (err instanceof IrdeckError) {
    for (const d of err.diagnostics) io.err(diagnosticLine(d));
    io.err(`irdeck: ${forTerminal(err.message)}`);
    return err.exitCode;
  }
  const msg = err instanceof Error ? (err.stack ?? err.message) : String(err);
  io.err(`irdeck: internal error: ${forTerminal(msg)}`);
  return EXIT_INTERNAL;
}
