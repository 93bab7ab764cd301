// Where a plan's rows and columns land on a sheet, shared by the writer, the
// reader and the tests: a title row, a legend row, the header row, then one
// row per plan row; label columns (one per language), unit columns (one per
// language), the value columns, the notes columns (one per language).
import type { BookPlan, Formula, Ref, SheetPlan } from './plan.js';
import type { Text } from './labels.js';

export const TITLE_ROW = 1;
export const LEGEND_ROW = 2;
export const HEADER_ROW = 3;
export const FIRST_ROW = 4;

export function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A header or title in every language at once: the distinct texts, one per line. */
export function oneText(t: Text, langs: string[]): string {
  return [...new Set(langs.map((l) => t[l]).filter((x) => x !== undefined && x !== ''))].join('\n');
}

export interface SheetLayout {
  labelCol(lang: number): number;
  unitCol(lang: number): number;
  valueCol(i: number): number;
  notesCol(lang: number): number;
  rowOf(rowId: string): number;
}

export function sheetLayout(plan: BookPlan, sheet: SheetPlan): SheetLayout {
  const L = plan.langs.length;
  const rows = new Map(sheet.rows.map((r, i) => [r.id, FIRST_ROW + i]));
  return {
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
