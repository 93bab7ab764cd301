// `irdeck import <book.xlsx> --into <data.yaml>`: the figures of a workbook
// laid out as the data book written into the data file (only the values that
// differ), refused with every problem at once if the workbook or the result
// is wrong. exceljs is loaded by this command only.
import { join } from 'node:path';
import { pathToString } from '../data/load.js';
import { EXIT_INPUT, EXIT_OK, IrdeckError, formatDiagnostic } from '../errors.js';
import { PROJECT_ROOT } from '../util/project-root.js';
import type { Io, Parsed } from './io.js';

export async function runImport({ positionals, values }: Parsed, io: Io): Promise<number> {
  const into = values.into as string | undefined;
  if (!into) throw new IrdeckError('import needs --into <data.yaml>, the data file to write the figures into', { exitCode: EXIT_INPUT });
  const { importBook } = await import('../databook/import.js');
  const r = await importBook(positionals[0], into, { templatesDir: (values.templates as string | undefined) ?? join(PROJECT_ROOT, 'templates') });
  for (const d of r.warnings) io.err(formatDiagnostic(d));
  if (r.changes.length === 0) {
    io.out(`${into}: unchanged; the ${r.figures} figures of ${positionals[0]} are those of the data file`);
  } else {
    for (const c of r.changes) io.out(`  ${c.where}  ${pathToString(c.path)}: ${c.old === undefined ? '(no figure)' : c.old === null ? '(empty)' : c.old} -> ${c.value}`);
    io.out(`${into}: ${r.changes.length} figure(s) changed of ${r.figures} read; next: irdeck check ${into}, then preview and build`);
  }
  if (r.remaining.length) io.out(`  ${r.remaining.length} problem(s) the data file had before the import remain: irdeck check ${into} lists them`);
  return EXIT_OK;
}
