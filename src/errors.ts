// One error type for everything the user can act on. It carries the exit code
// (2: the input is wrong; 1: the tool or the machine failed) and, for input
// problems, every diagnostic found, so a user fixes them all in one pass.
/** One problem in one file, located like a compiler message. */
export interface Diagnostic {
  file: string;
  /** 1-based; 0 when the problem has no single place (an empty file) */
  line: number;
  column: number;
  /** dotted data path, e.g. "series.revenues.outsourcing.values[3]" */
  path?: string;
  /** stable rule id, e.g. "schema/type", "rule/half-sum", "template/missing-field" */
  rule: string;
  message: string;
  severity: 'error' | 'warning';
}

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_INPUT = 2;

export class IrdeckError extends Error {
  readonly exitCode: number;
  readonly diagnostics: Diagnostic[];
  constructor(message: string, opts: { exitCode?: number; diagnostics?: Diagnostic[]; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'IrdeckError';
    this.exitCode = opts.exitCode ?? EXIT_INTERNAL;
    this.diagnostics = opts.diagnostics ?? [];
  }
}

/** An input error made of diagnostics (exit code 2). */
export function inputError(diagnostics: Diagnostic[], summary?: string): IrdeckError {
  const n = diagnostics.filter((d) => d.severity === 'error').length;
  return new IrdeckError(summary ?? `${n} problem${n === 1 ? '' : 's'} found`, { exitCode: EXIT_INPUT, diagnostics });
}

/** "file:line:col  error  path: message  (rule)" — one line per diagnostic. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const path = d.path ? `${d.path}: ` : '';
  // a terminal shows it through cli/io.ts's diagnosticLine, which escapes what the data holds
  return `${where}  ${d.severity}  ${path}${d.message}  (${d.rule})`;
}
