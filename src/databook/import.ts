// A workbook laid out as the data book, into the data file: read the figures
// against the data file's own plan, splice the changed ones into its text,
// check the would-be file with the same load and consistency rules as every
// command, and write it only if the import added no problem. Anything wrong
// and the data file is left as it was, byte for byte.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadData, pathToString, type DataPath } from '../data/load.js';
import { checkRules } from '../data/rules.js';
import { inputError, type Diagnostic } from '../errors.js';
import { buildModel } from '../model/build.js';
import { writeFileAtomic } from '../util/atomic.js';
import { readInput } from '../util/read-input.js';
import { dataLanguages, modelsByLanguage } from './databook.js';
import { loadLabels } from './labels.js';
import { planBook } from './plan.js';
import { readBook, type FigureEdit } from './read.js';
import { setScalars } from './yaml-edit.js';

export interface ImportResult {
  changes: FigureEdit[];
  /** figure cells read */
  figures: number;
  /** warnings about the workbook (sheets not read) */
  warnings: Diagnostic[];
  /** errors the data file had before the import and still has (a TODO sentence): `irdeck check` lists them */
  remaining: Diagnostic[];
}

const MAX_BOOK_BYTES = 32 * 1024 * 1024;
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
const key = (d: Diagnostic) => `${d.rule}\u0000${d.path ?? ''}`;

export async function importBook(bookFile: string, dataFile: string, opts: { templatesDir: string }): Promise<ImportResult> {
  // only a regular file, and never more than a data book could be (the sample's is 33 KB)
  const buffer = readInput(bookFile, MAX_BOOK_BYTES, (rule, message) => {
    throw inputError([{ file: bookFile, line: 0, column: 0, rule, message: message.replace('a period data file, e.g. data/fy2008-1h.yaml', 'the workbook, e.g. fy2008-2q.xlsx'), severity: 'error' }]);
  });
  const loaded = loadData(dataFile); // a missing, binary or mis-encoded data file is refused here
  const text = readFileSync(dataFile, 'utf8');
  const before = [...loaded.problems, ...checkRules(loaded)].filter((d) => d.severity === 'error');
  let plan: ReturnType<typeof planBook>;
  try {
    const model = buildModel(loaded.data);
    plan = planBook(model, loadLabels(opts.templatesDir, dataLanguages(loaded.data)), { file: basename(dataFile), modelIn: modelsByLanguage(loaded, model) });
  } catch (err) {
    if (before.length) throw inputError(before, `${dataFile} cannot be read as a period's data file (${plural(before.length, 'problem')}); fix it before importing into it`);
    throw err;
  }

  const book = basename(bookFile);
  const reading = await readBook(buffer, plan, book);
  const errors = reading.problems.filter((d) => d.severity === 'error');
  if (errors.length) throw inputError(reading.problems, `${book}: ${plural(errors.length, 'problem')}; ${dataFile} is unchanged`);
  const warnings = reading.problems;
  if (reading.edits.length === 0) return { changes: [], figures: reading.figures, warnings, remaining: before };

  const edited = setScalars(text, reading.edits);
  if (edited.missing.length) {
    const noPlace = (e: { path: DataPath }): Diagnostic => ({
      file: dataFile, ...loaded.locate(e.path), path: pathToString(e.path), rule: 'import/no-place', severity: 'error',
      message: `the workbook has a figure for this (${reading.cells.get(pathToString(e.path))}) but the data file has no value here to replace`,
    });
    throw inputError(edited.missing.map(noPlace), `${dataFile} is unchanged`);
  }
  // the would-be file, checked as `irdeck check` reads every file: the import may fix problems, never add one
  const after = loadData(dataFile, edited.text);
  const afterDiags = [...after.problems, ...checkRules(after)].filter((d) => d.severity === 'error');
  const had = new Set(before.map(key));
  const added = afterDiags.filter((d) => !had.has(key(d)));
  if (added.length) {
    const from = (d: Diagnostic) => reading.cells.get(d.path ?? '');
    throw inputError(added.map((d) => (from(d) ? { ...d, message: `${d.message} (the figure comes from ${book}: ${from(d)})` } : d)),
      `the workbook's figures do not pass the data file's checks (${plural(added.length, 'problem')}, each at the line it would have); ${dataFile} is unchanged`);
  }
  writeFileAtomic(dataFile, edited.text);
  const remaining = afterDiags.filter((d) => had.has(key(d)));
  return { changes: reading.edits, figures: reading.figures, warnings, remaining };
}
