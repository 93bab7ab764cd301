// `irdeck databook <data.yaml> [--out DIR]`: the period's figures as an Excel
// data book, DIR/<name>.databook.xlsx. exceljs is loaded by this command only.
import { basename, join } from 'node:path';
import { EXIT_OK } from '../errors.js';
import { PROJECT_ROOT } from '../pipeline/paths.js';
import { args, type Io } from './main.js';

export async function runDatabook(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = args(argv, { out: { type: 'string' }, templates: { type: 'string' }, quiet: { type: 'boolean' } }, [1, 1]);
  const file = positionals[0];
  const { buildDatabook } = await import('../databook/databook.js');
  const outDir = (values.out as string | undefined) ?? 'out';
  const target = join(outDir, `${basename(file).replace(/\.ya?ml$/i, '')}.databook.xlsx`);
  const r = await buildDatabook(file, target, { templatesDir: (values.templates as string | undefined) ?? join(PROJECT_ROOT, 'templates') });
  if (!values.quiet) io.out(`${target}: ${r.sheets} sheets, ${r.figures} figures, ${r.formulas} formulas`);
  return EXIT_OK;
}
