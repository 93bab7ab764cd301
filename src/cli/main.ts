// The command-line program. Parses arguments, runs one command, and turns every
// failure into a message and an exit code: 2 for bad input (with every problem
// listed as file:line:col), 1 for the tool or the machine.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, IrdeckError, formatDiagnostic } from '../errors.js';
import { cleanupPending } from '../util/atomic.js';
import { runCheck } from './check.js';

const USAGE = `irdeck: an investor-relations results deck from one data file per period

Usage:
  irdeck check <data.yaml> [--templates DIR]
                                           validate the data, run the rules, compose and measure every slide
  irdeck build <data.yaml> [options]       write the deck (PPTX, PDF, HTML) into out/
      --format pptx,pdf,html   formats to write (default: all three)
      --out DIR                output folder (default: out)
      --charts native|image    PPTX charts as editable charts (default) or pictures
      --draft                  mark every slide DRAFT
      --quiet                  print nothing but errors
      --templates DIR          deck definition folder (default: templates/)
      --timeout SECONDS        browser launch and print timeout (default 30)
  irdeck preview <data.yaml> [--port N]    live preview on http://127.0.0.1:N
  irdeck new-period <data.yaml> --to <name> [--out FILE] [--force]
  irdeck diff <a.yaml> <b.yaml>            numbers and sentences that changed, slide by slide
  irdeck databook <data.yaml> [--out DIR]  the figures as an Excel data book, DIR/<name>.databook.xlsx
  irdeck import <book.xlsx> --into <data.yaml>
                                           write a data book's figures into the data file (checked first)

Exit codes: 0 ok, 1 tool or machine failure, 2 bad input.`;

export type Io = { out: (s: string) => void; err: (s: string) => void; isTTY: boolean };

const defaultIo: Io = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  isTTY: Boolean(process.stderr.isTTY),
};

type Command = (args: string[], io: Io) => Promise<number>;

async function loadCommand(name: string): Promise<Command | undefined> {
  switch (name) {
    case 'check': return runCheck;
    case 'build': return (await import('./build.js')).runBuild;
    case 'preview': return (await import('./preview.js')).runPreview;
    case 'new-period': return (await import('./new-period.js')).runNewPeriod;
    case 'diff': return (await import('./diff.js')).runDiff;
    case 'databook': return (await import('./databook.js')).runDatabook;
    case 'import': return (await import('./import.js')).runImport;
    default: return undefined;
  }
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(USAGE);
    return name ? EXIT_OK : EXIT_INPUT;
  }
  if (name === '--version') { io.out('irdeck 0.1.0'); return EXIT_OK; }
  try {
    const cmd = await loadCommand(name);
    if (!cmd) { io.err(`irdeck: unknown command "${name}"\n\n${USAGE}`); return EXIT_INPUT; }
    return await cmd(rest, io);
  } catch (err) {
    return report(err, io);
  } finally {
    cleanupPending();
  }
}

export function report(err: unknown, io: Io): number {
  if (err instanceof IrdeckError) {
    for (const d of err.diagnostics) io.err(formatDiagnostic(d));
    io.err(`irdeck: ${err.message}`);
    return err.exitCode;
  }
  const msg = err instanceof Error ? (err.stack ?? err.message) : String(err);
  io.err(`irdeck: internal error: ${msg}`);
  return EXIT_INTERNAL;
}

/** parseArgs with irdeck's error style: an unknown option is bad input (exit 2). */
export function args<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, positionals: [number, number]) {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new IrdeckError(`${(err as Error).message}\n\n${USAGE}`, { exitCode: EXIT_INPUT });
  }
  const n = parsed.positionals.length;
  if (n < positionals[0] || n > positionals[1]) {
    throw new IrdeckError(`expected ${positionals[0] === positionals[1] ? positionals[0] : `${positionals[0]}-${positionals[1]}`} file argument(s), got ${n}\n\n${USAGE}`, { exitCode: EXIT_INPUT });
  }
  return parsed;
}
