// Where a command writes: stdout for results, stderr for diagnostics and
// progress. Tests pass their own to capture both.
import { formatDiagnostic, type Diagnostic } from '../errors.js';
import { forTerminal } from '../util/terminal-text.js';

export type Io = { out: (s: string) => void; err: (s: string) => void; isTTY: boolean };

// everything printed goes through forTerminal: text from the data or a key never reaches the terminal as escape codes
export const defaultIo: Io = {
  out: (s) => process.stdout.write(`${forTerminal(s)}\n`),
  err: (s) => process.stderr.write(`${forTerminal(s)}\n`),
  isTTY: Boolean(process.stderr.isTTY),
};

/** What a command receives: its options by name and its file arguments. */
export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export type CommandRun = (args: Parsed, io: Io) => Promise<number>;

/** A diagnostic as one terminal line whatever the data holds: a key or value with ESC in it is shown escaped. */
export function diagnosticLine(d: Diagnostic): string {
  return forTerminal(formatDiagnostic(d), { oneLine: true });
}
