// Reads a workbook laid out as the data book against the plan of the data
// file it is to go into: which cell holds which figure, by sheet name, the
// row's label under its section heading, and the column's header. A row is
// known by its label in any of the data file's languages, each label column
// found by its header (項目, Item): the primary language's first, so a
// bilingual data book, or the English one of the same figures, reads alike. Every problem is collected, each naming the
// workbook, sheet and cell, so the IR person (or accounting) fixes them all in
// one pass. Derived rows and period columns are formulas: they are not read.
import { Workbook, type ExcelJS } from './exceljs.js';
import { pathToString, type DataPath } from '../data/load.js';
import type { Diagnostic } from '../errors.js';
import { PERIOD_RE, QUARTER_RE } from '../data/schema.js';
import { headerText } from './layout.js';
import type { BookPlan, Row, SheetPlan } from './plan.js';

export interface FigureEdit {
  path: DataPath;
  value: number;
  /** the data file's value before (undefined: it held no figure, e.g. a TODO) */
  old: number | null | undefined;
  /** "P&L!L5" */
  where: string;
}

export interface BookReading {
  /** figures that differ from the data file's */
  edits: FigureEdit[];
  /** every figure cell read, by data path: "P&L!L5" */
  cells: Map<string, string>;
  problems: Diagnostic[];
  figures: number;
}

const HEADER_SCAN = 20;
/** Quarters in time order: 4Q07 before 1Q08. */
const order = (q: string) => Number(q.slice(2)) * 4 + Number(q[0]);

type Read = { kind: 'number'; value: number } | { kind: 'empty' } | { kind: 'bad'; rule: string; message: string };

/** A figure cell's number, or why it is not one. */
export function readFigure(v: ExcelJS.CellValue): Read {
  if (v === null || v === undefined) return { kind: 'empty' };
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'number', value: v } : { kind: 'bad', rule: 'workbook/not-a-number', message: 'not a finite number' };
  if (typeof v === 'string') return v.trim() === '' ? { kind: 'empty' } : textNumber(v);
  if (typeof v === 'boolean') return { kind: 'bad', rule: 'workbook/not-a-number', message: `expected a number, found the truth value ${String(v).toUpperCase()}` };
  if (v instanceof Date) return { kind: 'bad', rule: 'workbook/not-a-number', message: `expected a number, found a date (${v.toISOString().slice(0, 10)}); format the cell as a number` };
  if ('error' in v) return { kind: 'bad', rule: 'workbook/error-value', message: `the cell holds the error ${v.error}` };
  if ('richText' in v) return textNumber(v.richText.map((t) => t.text).join(''));
  if ('formula' in v || 'sharedFormula' in v) {
    const f = 'formula' in v ? v.formula : v.sharedFormula;
    const result = (v as { result?: unknown }).result;
    if (result === undefined || result === null) {
      const message = `the formula =${f} has no cached value (the program that saved the workbook did not calculate it): open and save the workbook in Excel or LibreOffice, or type the figure`;
      return { kind: 'bad', rule: 'workbook/formula-uncalculated', message };
    }
    const r = readFigure(result as ExcelJS.CellValue);
    return r.kind === 'bad' ? { ...r, message: `the formula =${f} gives ${r.message.replace(/^expected a number, found /, '')}` } : r.kind === 'empty' ? { kind: 'bad', rule: 'workbook/empty', message: `the formula =${f} gives an empty value; a figure is needed here` } : r;
  }
  if ('text' in v) return textNumber(String((v as { text: unknown }).text));
  return { kind: 'bad', rule: 'workbook/not-a-number', message: 'expected a number' };
}

function textNumber(s: string): Read {
  const t = s.trim();
  const quoted = JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}...` : t);
  const plain = t.replace(/^\((.*)\)$/, '-$1');
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(plain)) {
    return { kind: 'bad', rule: 'workbook/number-as-text', message: `the number ${quoted} is stored as text (with a thousands separator); enter it as a number, ${Number(plain.replace(/,/g, ''))}, and let the cell's format show the separators` };
  }
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(plain)) {
    return { kind: 'bad', rule: 'workbook/number-as-text', message: `the number ${quoted} is stored as text; enter it as a number (Excel shows such cells with a green corner)` };
  }
  return { kind: 'bad', rule: 'workbook/not-a-number', message: `expected a number, found the text ${quoted}` };
}

/** Text of a label or header cell. */
function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((t) => t.text).join('').trim();
  if ('formula' in v || 'sharedFormula' in v) return text((v as { result?: ExcelJS.CellValue }).result ?? null);
  if ('text' in v) return String((v as { text: unknown }).text).trim();
  return '';
}

export function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length];
}

/** " (did you mean "Total Revenues"?)" when one of the known names is close. */
export function didYouMean(s: string, known: string[]): string {
  let best: string | undefined;
  let dist = Infinity;
  for (const k of known) {
    const n = levenshtein(s.toLowerCase(), k.toLowerCase());
    if (n < dist) { dist = n; best = k; }
  }
  return best !== undefined && dist <= Math.max(2, Math.floor(s.length / 3)) ? ` (did you mean ${JSON.stringify(best)}?)` : '';
}

/** Every row of a sheet under the heading it follows (headings themselves under ''). */
function sections(sheet: SheetPlan): { row: Row; section: string }[] {
  let section = '';
  return sheet.rows.map((row) => {
    if (row.kind === 'heading') { section = row.id; return { row, section: '' }; }
    return { row, section };
  });
}

export async function readBook(buffer: Buffer, plan: BookPlan, bookName: string): Promise<BookReading> {
  const out: BookReading = { edits: [], cells: new Map(), problems: [], figures: 0 };
  const problem = (where: string, rule: string, message: string, path?: DataPath, severity: 'error' | 'warning' = 'error') =>
    out.problems.push({ file: where ? `${bookName}: ${where}` : bookName, line: 0, column: 0, path: path ? pathToString(path) : undefined, rule, message, severity });
  const wb = new Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch (err) {
    problem('', 'workbook/unreadable', `not an Excel workbook (.xlsx) that can be read: ${(err as Error).message.split('\n')[0]}`);
    return out;
  }
  const known = new Map(plan.sheets.map((s) => [s.name, s]));
  for (const ws of wb.worksheets) {
    if (known.has(ws.name)) continue;
    problem(`${ws.name}!A1`, 'workbook/unknown-sheet', `sheet "${ws.name}" is not a sheet of the data book; nothing is read from it${didYouMean(ws.name, [...known.keys()])}`, undefined, 'warning');
  }
  for (const sheet of plan.sheets) {
    const ws = wb.getWorksheet(sheet.name);
    if (ws) readSheet(ws, sheet, plan, out, problem);
  }
  return out;
}

type Problem = (where: string, rule: string, message: string, path?: DataPath, severity?: 'error' | 'warning') => void;

/** A sheet's label columns: each language's by its header, the primary's first; none found, column A in the primary language. */
function labelColumns(ws: ExcelJS.Worksheet, headerRow: number, plan: BookPlan): { col: number; lang: string }[] {
  const found: { col: number; lang: string }[] = [];
  ws.getRow(headerRow).eachCell((cell, col) => {
    const lang = plan.langs.find((l) => plan.headers.label[l] === text(cell.value) && !found.some((f) => f.lang === l));
    if (lang) found.push({ col, lang });
  });
  found.sort((a, b) => plan.langs.indexOf(a.lang) - plan.langs.indexOf(b.lang));
  return found.length ? found : [{ col: 1, lang: plan.langs[0] }];
}

/** A sheet's rows by their labels in one language. */
function rowIndex(sheet: SheetPlan, lang: string) {
  const rows = sections(sheet);
  const headings = new Map(rows.filter((x) => x.row.kind === 'heading').map((x) => [x.row.label[lang], x.row.id]));
  const bySection = new Map(rows.filter((x) => x.row.kind !== 'heading').map((x) => [`${x.section}\u0000${x.row.label[lang]}`, x.row]));
  const byLabel = new Map<string, Row[]>();
  for (const x of rows) if (x.row.kind !== 'heading') byLabel.set(x.row.label[lang], [...(byLabel.get(x.row.label[lang]) ?? []), x.row]);
  return { headings, bySection, byLabel };
}

function readSheet(ws: ExcelJS.Worksheet, sheet: SheetPlan, plan: BookPlan, out: BookReading, problem: Problem): void {
  const at = (addr: string) => `${ws.name}!${addr}`;
  // a column is known by its header in every language at once ("金額 / Amount\n1H08"), or in any one of them ("Amount\n1H08")
  const headers = new Map<string, number>();
  for (const l of [plan.langs, ...plan.langs.map((x) => [x])]) sheet.columns.forEach((c, i) => { if (!headers.has(headerText(c.header, l))) headers.set(headerText(c.header, l), i); });
  let headerRow = 0;
  for (let r = 1; r <= Math.min(HEADER_SCAN, ws.rowCount) && !headerRow; r++) {
    ws.getRow(r).eachCell((cell) => { if (headers.has(text(cell.value))) headerRow = r; });
  }
  if (!headerRow) {
    problem(at('A1'), 'workbook/no-header', `no header row with the columns of this sheet (${[...headers.keys()].slice(0, 4).join(', ')}...) in its first ${HEADER_SCAN} rows`);
    return;
  }
  const labelCols = labelColumns(ws, headerRow, plan);
  const colOf = new Map<number, number>();
  ws.getRow(headerRow).eachCell((cell, c) => {
    const t = text(cell.value);
    const i = headers.get(t);
    if (labelCols.some((x) => x.col === c)) return;
    if (i !== undefined) {
      if (colOf.has(i)) problem(at(cell.address), 'workbook/duplicate-column', `column "${t}" appears twice`);
      else colOf.set(i, c);
    } else if (QUARTER_RE.test(t)) {
      // last period's data book, sent back with the new quarter added: its oldest quarter has left the data file
      const quarters = sheet.columns.map((x) => x.id).filter((x) => QUARTER_RE.test(x));
      const range = `${quarters[0]}..${quarters.at(-1)}`;
      const older = quarters.length > 0 && order(t) < order(quarters[0]);
      if (older) problem(at(cell.address), 'workbook/old-column', `column "${t}" is older than the data file's quarters (${range}); not read`, undefined, 'warning');
      else problem(at(cell.address), 'workbook/unknown-column', `column "${t}" is not a quarter of the data file (${quarters.join(', ')}); a new quarter starts with \`irdeck new-period\``);
    } else if (PERIOD_RE.test(t)) {
      problem(at(cell.address), 'workbook/old-column', `column "${t}" is not a period of this data book; its cells are formulas, not read`, undefined, 'warning');
    }
  });

  const index = new Map(plan.langs.map((l) => [l, rowIndex(sheet, l)]));
  const seen = new Map<string, string>();
  let section = '';
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const given = labelCols.map((x) => ({ ...x, cell: ws.getRow(r).getCell(x.col) })).map((x) => ({ ...x, label: text(x.cell.value) })).filter((x) => x.label);
    if (!given.length) continue;
    const h = given.map((x) => index.get(x.lang)!.headings.get(x.label)).find((x) => x !== undefined);
    if (h !== undefined) { section = h; continue; }
    // the row its label names, in the first label column that names one
    let row: Row | undefined;
    let labelCell = given[0].cell;
    let label = given[0].label;
    for (const x of given) {
      const ix = index.get(x.lang)!;
      const candidates = ix.byLabel.get(x.label) ?? [];
      row = ix.bySection.get(`${section}\u0000${x.label}`) ?? (candidates.length === 1 ? candidates[0] : undefined);
      if (row) { labelCell = x.cell; label = x.label; break; }
    }
    if (!row) {
      const ix = index.get(given[0].lang)!;
      const msg = (ix.byLabel.get(label) ?? []).length > 1
        ? `row "${label}" is in several sections of this sheet; keep the section headings above it as the data book has them`
        : `unknown row "${label}"${didYouMean(label, [...ix.byLabel.keys(), ...ix.headings.keys()])}: the rows of this sheet are those of the data book`;
      problem(at(labelCell.address), 'workbook/unknown-row', msg);
      continue;
    }
    if (seen.has(row.id)) { problem(at(labelCell.address), 'workbook/duplicate-row', `row "${label}" appears twice (also at ${seen.get(row.id)})`); continue; }
    seen.set(row.id, at(labelCell.address));
    if (row.kind !== 'figure') continue;
    row.cells.forEach((planned, i) => {
      const c = colOf.get(i);
      if (planned.kind !== 'figure' || c === undefined) return;
      const cell = ws.getRow(r).getCell(c);
      const where = at(cell.address);
      const got = readFigure(cell.value);
      const col = sheet.columns[i].id;
      out.cells.set(pathToString(planned.path), where);
      if (got.kind === 'bad') { problem(where, got.rule, `${label}, ${col}: ${got.message}`, planned.path); return; }
      if (got.kind === 'empty') {
        if (planned.value !== null) problem(where, 'workbook/empty', `${label}, ${col}: the cell is empty; a figure is needed here`, planned.path);
        return;
      }
      out.figures++;
      // what the workbook computed may carry binary noise (16925.800000000003): twelve digits are the figure
      const value = Number(got.value.toPrecision(12));
      if (planned.value === got.value || planned.value === value) return;
      out.edits.push({ path: planned.path, value, old: planned.value, where });
    });
  }
}
