// The data book of one period: checked model -> plan -> .xlsx bytes. The
// callers load and check the data file (cli/databook.ts, and the build's
// `databook` output in pipeline/outputs.ts), so nothing here runs back up
// the pipeline.
import { basename } from 'node:path';
import type { Model } from '../model/build.js';
import { loadLabels } from './labels.js';
import { planBook, type BookPlan } from './plan.js';
import { writeBook } from './write.js';

/** The languages a data file is written in (`languages: [ja, en]` from the Japanese edition on; none today). */
export function dataLanguages(data: unknown): string[] | undefined {
  const l = (data as { languages?: unknown }).languages;
  return Array.isArray(l) && l.every((x) => typeof x === 'string') ? l : undefined;
}

/** The plan of a checked data file's data book; `file` is the data file, named in the legend. */
export function databookPlan(model: Model, file: string, templatesDir: string): BookPlan {
  return planBook(model, loadLabels(templatesDir, dataLanguages(model.data)), { file: basename(file) });
}

/** The data book's bytes: the build's `databook` output and `irdeck databook`. */
export function renderDatabook(model: Model, file: string, templatesDir: string): Promise<Buffer> {
  return writeBook(databookPlan(model, file, templatesDir));
}

/** How much a plan holds, for the command's one line. */
export function planCounts(plan: BookPlan): { sheets: number; figures: number; formulas: number } {
  const cells = plan.sheets.flatMap((s) => s.rows.flatMap((r) => r.cells));
  return { sheets: plan.sheets.length, figures: cells.filter((c) => c.kind === 'figure').length, formulas: cells.filter((c) => c.kind === 'formula').length };
}
