// Every command, one record each: its arguments, its options with their help,
// an example, and where its code is (loaded only when it runs, so `check`
// does not load the PPTX writer). The usage text, each command's `--help`, the
// parsing of its options and the "did you mean" for a mistyped one all come
// from these records: a new command or option is one entry here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_INPUT, IrdeckError } from '../errors.js';
import { DEFAULT_FORMATS, FORMAT_NAMES, OUTPUTS } from '../pipeline/outputs.js';
import { PROJECT_ROOT } from '../util/project-root.js';
import { runCheck } from './check.js';
import type { CommandRun, Parsed } from './io.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** what the value is called in the help: --out DIR */
  arg?: string;
  default?: string | boolean;
  help: string;
}

export interface CommandSpec {
  /** what follows the command's name in the usage line */
  synopsis: string;
  summary: string;
  /** how many file arguments, at least and at most */
  files: [number, number];
  options: Record<string, OptionSpec>;
  example: string;
  load: () => Promise<CommandRun>;
}

const templates: OptionSpec = { type: 'string', arg: 'DIR', help: 'deck definition folder (default: templates/)' };

export const COMMANDS = {
  check: {
    synopsis: '<data.yaml> [--templates DIR]',
    summary: 'validate the data, run the rules, compose and measure every slide',
    files: [1, 1],
    options: { templates },
    example: 'irdeck check data/fy2008-1h.yaml',
    load: async () => runCheck,
  },
  build: {
    synopsis: '<data.yaml> [options]',
    summary: `write the deck (${DEFAULT_FORMATS.map((f) => f.toUpperCase()).join(', ')}) into out/`,
    files: [1, 1],
    options: {
      format: { type: 'string', arg: FORMAT_NAMES.join(','), help: `formats to write (default: ${DEFAULT_FORMATS.join(',')}):${OUTPUTS.map((o) => `\n${o.name}: ${o.summary}`).join('')}` },
      out: { type: 'string', arg: 'DIR', default: 'out', help: 'output folder (default: out)' },
      charts: { type: 'string', arg: 'native|image', default: 'native', help: 'PPTX charts as editable charts (default) or pictures' },
      draft: { type: 'boolean', default: false, help: 'mark every slide DRAFT' },
      lang: { type: 'string', arg: 'ja,en', help: 'the editions to build, of the languages the data file lists (default: all of them)' },
      quiet: { type: 'boolean', default: false, help: 'print nothing but errors' },
      templates,
      timeout: { type: 'string', arg: 'SECONDS', help: 'browser launch and print timeout (default 30)' },
    },
    example: 'irdeck build data/fy2008-1h.yaml --format pptx,pdf --out out',
    load: async () => (await import('./build.js')).runBuild,
  },
  preview: {
    synopsis: '<data.yaml> [--port N]',
    summary: 'live preview on http://127.0.0.1:N, rebuilt on every change',
    files: [1, 1],
    options: { port: { type: 'string', arg: 'N', default: '4173', help: 'port on 127.0.0.1 (default 4173; 0 picks a free one)' }, templates },
    example: 'irdeck preview data/fy2008-1h.yaml --port 4173',
    load: async () => (await import('./preview.js')).runPreview,
  },
  'new-period': {
    synopsis: '<data.yaml> --to <name> [--out FILE] [--force]',
    summary: "the next quarter's data file, with TODO wherever something must be typed",
    files: [1, 1],
    options: {
      to: { type: 'string', arg: 'NAME', help: "the new file's name, written next to the source (NAME.yaml)" },
      out: { type: 'string', arg: 'FILE', help: 'write the new file here instead' },
      force: { type: 'boolean', help: 'replace the file if it exists' },
    },
    example: 'irdeck new-period data/fy2008-1h.yaml --to fy2008-3q',
    load: async () => (await import('./new-period.js')).runNewPeriod,
  },
  diff: {
    synopsis: '<a.yaml> <b.yaml>',
    summary: 'numbers and sentences that changed, slide by slide',
    files: [2, 2],
    options: { templates },
    example: 'irdeck diff data/fy2008-1h.yaml data/fy2008-3q.yaml',
    load: async () => (await import('./diff.js')).runDiff,
  },
  review: {
    synopsis: '<a.yaml> <b.yaml> [--out DIR]',
    summary: 'review pack DIR/index.html: every changed slide old and new, its changes, a tick box each',
    files: [2, 2],
    options: {
      out: { type: 'string', arg: 'DIR', default: 'out/review', help: 'folder for index.html, and DIR/<lang>/index.html per edition of files in several languages (default: out/review)' },
      templates,
      timeout: { type: 'string', arg: 'SECONDS', help: 'browser launch and print timeout (default 30)' },
    },
    example: 'irdeck review data/fy2008-1h.yaml data/fy2008-3q.yaml --out out/review',
    load: async () => (await import('./review.js')).runReview,
  },
  databook: {
    synopsis: '<data.yaml> [--out DIR]',
    summary: 'the figures as an Excel data book, DIR/<name>.databook.xlsx (also `build --format databook`)',
    files: [1, 1],
    options: {
      out: { type: 'string', arg: 'DIR', default: 'out', help: 'output folder (default: out)' },
      quiet: { type: 'boolean', default: false, help: 'print nothing but errors' },
      templates: { type: 'string', arg: 'DIR', help: 'folder of databook.yaml, the data book\'s words (default: templates/)' },
    },
    example: 'irdeck databook data/fy2008-1h.yaml --out out',
    load: async () => (await import('./databook.js')).runDatabook,
  },
  import: {
    synopsis: '<book.xlsx> --into <data.yaml>',
    summary: 'a workbook laid out as the data book, into the data file: the figures that differ, checked first',
    files: [1, 1],
    options: {
      into: { type: 'string', arg: 'FILE', help: 'the data file to write the figures into' },
      templates: { type: 'string', arg: 'DIR', help: 'folder of databook.yaml, the data book\'s words (default: templates/)' },
    },
    example: 'irdeck import fy2008-3q.xlsx --into data/fy2008-3q.yaml',
    load: async () => (await import('./import.js')).runImport,
  },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

/** The version package.json gives (read only for --version). */
export function version(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

const optionLine = (name: string, o: OptionSpec) => `--${name}${o.arg ? ` ${o.arg}` : ''}`;

function optionLines(options: Record<string, OptionSpec>): string[] {
  const all = { ...options, help: { type: 'boolean', help: 'this help' } as OptionSpec };
  const width = Math.max(...Object.entries(all).map(([n, o]) => optionLine(n, o).length)) + 3;
  return Object.entries(all).flatMap(([n, o]) => {
    const [first, ...more] = o.help.split('\n');
    return [`  ${optionLine(n, o).padEnd(width)}${first}`, ...more.map((m) => `  ${' '.repeat(width)}  ${m}`)];
  });
}

/** `irdeck <name> --help`: the command, its options and an example. */
export function commandHelp(name: CommandName): string {
  const c: CommandSpec = COMMANDS[name];
  return [`irdeck ${name} ${c.synopsis}`, `  ${c.summary}`, '', 'Options:', ...optionLines(c.options), '', 'Example:', `  ${c.example}`].join('\n');
}

export function usage(): string {
  const entries = Object.entries(COMMANDS) as [CommandName, CommandSpec][];
  return [
    'irdeck: an investor-relations results deck from one data file per period',
    '',
    'Usage:',
    ...entries.flatMap(([n, c]) => [`  irdeck ${n} ${c.synopsis}`, `      ${c.summary}`]),
    '  irdeck --version',
    '',
    "`irdeck <command> --help` lists a command's options with an example.",
    'Exit codes: 0 ok, 1 tool or machine failure, 2 bad input.',
  ].join('\n');
}

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** Edit distance (insertions, deletions, substitutions, swaps of neighbours). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The nearest of `names` to a mistyped one, if it is near enough to be what was meant. */
export function nearest(typed: string, names: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const n of names) {
    const dist = n.startsWith(typed) && typed.length >= 2 ? 0.5 : distance(typed, n);
    if (dist < bestD) { best = n; bestD = dist; }
  }
  // a third of the name may be wrong: "fromat" -> "format", "tmplates" -> "templates", not "x" -> "out"
  return best !== undefined && bestD <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

const bad = (message: string) => new IrdeckError(message, { exitCode: EXIT_INPUT });

/** A command's options and files, by its record: an unknown option is bad input naming the nearest one. */
export function parseCommand(name: CommandName, argv: string[]): Parsed {
  const c: CommandSpec = COMMANDS[name];
  const options = Object.fromEntries(Object.entries(c.options).map(([n, o]) => [n, o.default === undefined ? { type: o.type } : { type: o.type, default: o.default }]));
  const more = `\`irdeck ${name} --help\` lists its options`;
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args: argv, options: options as never, allowPositionals: true, strict: true }) as Parsed;
  } catch (err) {
    const unknown = /Unknown option '-{0,2}([^']+)'/.exec((err as Error).message);
    if (unknown) {
      const guess = nearest(unknown[1], Object.keys(c.options));
      throw bad(`${name}: unknown option --${unknown[1]}${guess ? `; did you mean --${guess}?` : ''} (${more})`);
    }
    throw bad(`${name}: ${(err as Error).message} (${more})`);
  }
  const n = parsed.positionals.length;
  const [lo, hi] = c.files;
  if (n < lo || n > hi) throw bad(`${name}: expected ${lo === hi ? lo : `${lo}-${hi}`} file argument(s), got ${n}\n\n${commandHelp(name)}`);
  return parsed;
}
