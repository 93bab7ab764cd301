// `irdeck databook <data.yaml> [--out DIR]`: the period's figures as an Excel
// data book, DIR/<name>.databook.xlsx. exceljs is loaded by this command only;
// nothing of the deck's layout, charts or browser is (`build --format
// databook` makes the same file as one output of the build's set).
import { basename, join } from 'node:path';
import { EXIT_OK } from '../errors.js';
import { PROJECT_ROOT } from '../util/project-root.js';
import type { Io, Parsed } from './io.js';

export async function runDatabook({ positionals, values }: Parsed, io: Io): Promise<number> {
  const file = positionals[0];
  const { buildDatabook } = await import('../databook/databook.js');
  const target = join(values.out as string, `${basename(file).replace(/\.ya?ml$/i, '')}.databook.xlsx`);
  const r = await buildDatabook(file, target, { templatesDir: (values.templates as string | undefined) ?? join(PROJECT_ROOT, 'templates') });
  if (!values.quiet) io.out(`${target}: ${r.sheets} sheets, ${r.figures} figures, ${r.formulas} formulas`);
  return EXIT_OK;
}
