// The data book of one period: checked model -> plan -> .xlsx bytes. The
// callers load and check the data file (cli/databook.ts, and the build's
// `databook` output in pipeline/outputs.ts), so nothing here runs back up
// the pipeline.
import { basename } from 'node:path';
import type { LoadedData } from '../data/load.js';
import { buildModel, type Model } from '../model/build.js';
import type { Lang } from '../data/schema.js';
import { loadLabels } from './labels.js';
import { planBook, type BookPlan } from './plan.js';
import { writeBook } from './write.js';

/** The languages a data file is written in (`languages: [ja, en]`; none in a file of the deck's one language). */
export function dataLanguages(data: unknown): string[] | undefined {
  const l = (data as { languages?: unknown }).languages;
  return Array.isArray(l) && l.every((x) => typeof x === 'string') ? l : undefined;
}

/**
 * The model in each of the file's languages: `model` for the language it was
 * built from (the primary, or the edition a build renders), the others built
 * again from that language's reading of the file (~5 ms each).
 */
export function modelsByLanguage(loaded: Pick<LoadedData, 'languages' | 'dataIn'>, model: Model): (lang: string) => Model {
  const built = new Map<string, Model>();
  return (lang) => {
    if (!loaded.languages.includes(lang as Lang)) return model;
    const data = loaded.dataIn(lang as Lang);
    if (data === model.data) return model;
    let m = built.get(lang);
    if (!m) built.set(lang, (m = buildModel(data)));
    return m;
  };
}

/** The plan of a checked data file's data book; `loaded.file` is the data file, named in the legend. */
export function databookPlan(loaded: LoadedData, model: Model, templatesDir: string): BookPlan {
  return planBook(model, loadLabels(templatesDir, dataLanguages(model.data)), { file: basename(loaded.file), modelIn: modelsByLanguage(loaded, model) });
}

/** The data book's bytes: the build's `databook` output and `irdeck databook`. */
export function renderDatabook(loaded: LoadedData, model: Model, templatesDir: string): Promise<Buffer> {
  return writeBook(databookPlan(loaded, model, templatesDir));
}

/** How much a plan holds, for the command's one line. */
export function planCounts(plan: BookPlan): { sheets: number; figures: number; formulas: number } {
  const cells = plan.sheets.flatMap((s) => s.rows.flatMap((r) => r.cells));
  return { sheets: plan.sheets.length, figures: cells.filter((c) => c.kind === 'figure').length, formulas: cells.filter((c) => c.kind === 'formula').length };
}
