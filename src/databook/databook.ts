// The data book of one period: data file -> checked model -> plan -> .xlsx.
import { basename } from 'node:path';
import { loadModel, type Checked } from '../pipeline/load-model.js';
import { writeFileAtomic } from '../util/atomic.js';
import { loadLabels } from './labels.js';
import { planBook, type BookPlan } from './plan.js';
import { writeBook } from './write.js';

/** The languages a data file is written in (`languages: [ja, en]` from the Japanese edition on; none today). */
export function dataLanguages(data: unknown): string[] | undefined {
  const l = (data as { languages?: unknown }).languages;
  return Array.isArray(l) && l.every((x) => typeof x === 'string') ? l : undefined;
}

/** The plan of a checked data file's data book. */
export function databookPlanOf(checked: Checked, templatesDir: string): BookPlan {
  const { model } = checked;
  return planBook(model, loadLabels(templatesDir, dataLanguages(model.data)), { file: basename(checked.loaded.file) });
}

export function databookPlan(file: string, templatesDir: string): BookPlan {
  return databookPlanOf(loadModel(file), templatesDir);
}

/** The data book's bytes: the build's `databook` output (pipeline/outputs.ts). */
export function renderDatabook(checked: Checked, templatesDir: string): Promise<Buffer> {
  return writeBook(databookPlanOf(checked, templatesDir));
}

export async function buildDatabook(file: string, target: string, opts: { templatesDir: string }): Promise<{ sheets: number; figures: number; formulas: number }> {
  const plan = databookPlan(file, opts.templatesDir);
  writeFileAtomic(target, await writeBook(plan));
  const cells = plan.sheets.flatMap((s) => s.rows.flatMap((r) => r.cells));
  return { sheets: plan.sheets.length, figures: cells.filter((c) => c.kind === 'figure').length, formulas: cells.filter((c) => c.kind === 'formula').length };
}
