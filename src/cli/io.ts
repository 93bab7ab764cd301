// Where a command writes: stdout for results, stderr for diagnostics and
// progress. Tests pass their own to capture both.
export type Io = { out: (s: string) => void; err: (s: string) => void; isTTY: boolean };

export const defaultIo: Io = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  isTTY: Boolean(process.stderr.isTTY),
};

/** What a command receives: its options by name and its file arguments. */
export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export type CommandRun = (args: Parsed, io: Io) => Promise<number>;
