// `irdeck databook <data.yaml> [--out DIR]`: the period's figures as an Excel
// data book, DIR/<name>.databook.xlsx. exceljs is loaded by this command only;
// nothing of the deck's layout, charts or browser is (`build --format
// databook` makes the same file as one output of the build's set).
import { basename, join } from 'node:path';
import { EXIT_OK } from '../errors.js';
import { loadModel } from '../pipeline/load-model.js';
import { writeFileAtomic } from '../util/atomic.js';
import { PROJECT_ROOT } from '../util/project-root.js';
import type { Io, Parsed } from './io.js';

export async function runDatabook({ positionals, values }: Parsed, io: Io): Promise<number> {
  const file = positionals[0];
  const { loaded, model } = loadModel(file);
  const { databookPlan, planCounts } = await import('../databook/databook.js');
  const { writeBook } = await import('../databook/write.js');
  const plan = databookPlan(loaded, model, (values.templates as string | undefined) ?? join(PROJECT_ROOT, 'templates'));
  const target = join(values.out as string, `${basename(file).replace(/\.ya?ml$/i, '')}.databook.xlsx`);
  writeFileAtomic(target, await writeBook(plan));
  const n = planCounts(plan);
  if (!values.quiet) io.out(`${target}: ${n.sheets} sheets, ${n.figures} figures, ${n.formulas} formulas`);
  return EXIT_OK;
}
