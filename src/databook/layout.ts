// Where a plan's rows and columns land on a sheet, shared by the writer, the
// reader and the tests: a title row per language, a legend row per language,
// the header row, then one row per plan row; label columns (one per
// language), unit columns (one per language), the value columns, the notes
// columns (one per language). A file in one language: title in row 1, legend
// in row 2, header in row 3.
import type { BookPlan, Formula, Ref, SheetPlan } from './plan.js';
import type { Text } from './labels.js';

export function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A header or title in every language at once: the distinct texts, one per line. */
export function oneText(t: Text, langs: string[]): string {
  return [...new Set(langs.map((l) => t[l]).filter((x) => x !== undefined && x !== ''))].join('\n');
}

/**
 * A value column's header in every language, line by line: "金額 / Amount"
 * above "1H08", the line the languages share (a period, a date) once.
 */
export function headerText(t: Text, langs: string[]): string {
  const lines = langs.map((l) => (t[l] ?? '').split('\n'));
  const n = Math.max(...lines.map((x) => x.length));
  return Array.from({ length: n }, (_, i) => oneText(Object.fromEntries(langs.map((l, j) => [l, lines[j][i] ?? ''])), langs).replace(/\n/g, ' / ')).join('\n');
}

export interface SheetLayout {
  titleRow(lang: number): number;
  legendRow(lang: number): number;
  headerRow: number;
  firstRow: number;
  labelCol(lang: number): number;
  unitCol(lang: number): number;
  valueCol(i: number): number;
  notesCol(lang: number): number;
  rowOf(rowId: string): number;
}

export function sheetLayout(plan: BookPlan, sheet: SheetPlan): SheetLayout {
  const L = plan.langs.length;
  const headerRow = 2 * L + 1;
  const rows = new Map(sheet.rows.map((r, i) => [r.id, headerRow + 1 + i]));
  return {
    titleRow: (l) => 1 + l,
    legendRow: (l) => 1 + L + l,
    headerRow,
    firstRow: headerRow + 1,
    labelCol: (l) => 1 + l,
    unitCol: (l) => 1 + L + l,
    valueCol: (i) => 1 + 2 * L + i,
    notesCol: (l) => 1 + 2 * L + sheet.columns.length + l,
    rowOf: (id) => {
      const n = rows.get(id);
      if (n === undefined) throw new Error(`internal: sheet ${sheet.id} has no row ${id}`);
      return n;
    },
  };
}

/** A formula's text with A1 references ('P&L'!C4 across sheets). */
export function formulaText(plan: BookPlan, sheet: SheetPlan, f: Formula): string {
  const ref = (x: Ref): string => {
    const target = x.sheet ? plan.sheets.find((s) => s.id === x.sheet) : sheet;
    if (!target) throw new Error(`internal: no sheet ${x.sheet}`);
    const lay = sheetLayout(plan, target);
    const a = `${colLetter(lay.valueCol(x.col))}${lay.rowOf(x.row)}`;
    const b = x.to !== undefined ? `:${colLetter(lay.valueCol(x.to))}${lay.rowOf(x.row)}` : x.toRow ? `:${colLetter(lay.valueCol(x.col))}${lay.rowOf(x.toRow)}` : '';
    return x.sheet && target !== sheet ? `'${target.name.replace(/'/g, "''")}'!${a}${b}` : `${a}${b}`;
  };
  return f.map((t) => (typeof t === 'string' ? t : ref(t))).join('');
}
