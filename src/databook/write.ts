// The data book as an .xlsx file (exceljs): the plan's sheets with the deck's
// number formats, frozen headers, figures in blue and formulas in black (the
// modelling convention: blue is typed, black is computed), illustrative
// figures in italics. Same plan, same bytes: the document's dates are the
// presentation date and the archive is rewritten with one fixed date.
import { Workbook, type ExcelJS } from './exceljs.js';
import { readZip, writeZip } from '../util/zip.js';
import { colLetter, formulaText, headerText, sheetLayout } from './layout.js';
import type { BookPlan, SheetPlan } from './plan.js';

const FIGURE = { argb: 'FF1F3F9F' };
const GREY = { argb: 'FF595959' };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF5' } };
const VALUE_WIDTH = 11;
/** East Asian wide characters (kana, kanji, full-width forms): about two of Excel's width units each. */
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;
/** A text's width in characters of the digit width Excel measures columns in. */
const textWidth = (s: string): number => [...s].reduce((n, c) => n + (WIDE.test(c) ? 2 : 1), 0);
/** The deck's face (Liberation Sans, its metric twin, where Arial is not installed). */
const font = (f: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({ name: 'Arial', size: 10, ...f });

export async function writeBook(plan: BookPlan): Promise<Buffer> {
  const wb = new Workbook();
  const date = new Date(`${plan.date}T00:00:00Z`);
  wb.creator = 'irdeck';
  wb.lastModifiedBy = 'irdeck';
  wb.created = date;
  wb.modified = date;
  for (const sheet of plan.sheets) writeSheet(wb, plan, sheet);
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  // JSZip stamps every entry with the time of writing: the same entries again, with the document's date
  return writeZip(readZip(xlsx), date);
}

function writeSheet(wb: ExcelJS.Workbook, plan: BookPlan, sheet: SheetPlan): void {
  const L = plan.langs.length;
  const lay = sheetLayout(plan, sheet);
  const ws = wb.addWorksheet(sheet.name, {
    views: [{ state: 'frozen', xSplit: 2 * L, ySplit: lay.headerRow, topLeftCell: `${colLetter(2 * L + 1)}${lay.firstRow}`, activeCell: `${colLetter(2 * L + 1)}${lay.firstRow}` }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
  });
  // the title and the legend in each language, on lines of their own (the primary's title the larger)
  plan.langs.forEach((lang, l) => {
    const title = ws.getCell(lay.titleRow(l), 1);
    title.value = sheet.title[lang];
    title.font = font({ bold: true, size: l === 0 ? 13 : 11 });
    const legend = ws.getCell(lay.legendRow(l), 1);
    legend.value = plan.legend[lang];
    legend.font = font({ italic: true, size: 9, color: GREY });
  });

  // each language's label, unit and notes columns headed in its own words (項目 / Item)
  const header = ws.getRow(lay.headerRow);
  plan.langs.forEach((lang, l) => {
    header.getCell(lay.labelCol(l)).value = plan.headers.label[lang];
    header.getCell(lay.unitCol(l)).value = plan.headers.unit[lang];
    header.getCell(lay.notesCol(l)).value = plan.headers.notes[lang];
    header.getCell(lay.notesCol(l)).alignment = { indent: 1 };
  });
  const headers = sheet.columns.map((c) => headerText(c.header, plan.langs));
  headers.forEach((h, i) => {
    const cell = header.getCell(lay.valueCol(i));
    cell.value = h;
    cell.alignment = { horizontal: 'right', vertical: 'bottom', wrapText: true };
  });
  // a header of two lines (a date under its word) gets the room for them
  header.height = Math.max(1, ...headers.map((h) => h.split('\n').length)) * 13 + 2;
  const lastCol = lay.notesCol(L - 1);
  for (let c = 1; c <= lastCol; c++) {
    const cell = header.getCell(c);
    cell.font = font({ bold: true });
    cell.fill = HEADER_FILL;
    cell.border = { bottom: { style: 'thin' } };
  }

  sheet.rows.forEach((row) => {
    const n = lay.rowOf(row.id);
    const xr = ws.getRow(n);
    plan.langs.forEach((lang, l) => {
      const label = xr.getCell(lay.labelCol(l));
      label.value = row.label[lang];
      label.font = font({ bold: row.bold || row.kind === 'heading', ...(row.kind === 'heading' ? { size: 11 } : {}) });
      if (row.kind !== 'heading' && row.unit) {
        const unit = xr.getCell(lay.unitCol(l));
        unit.value = plan.units[row.unit][lang];
        unit.font = font({ size: 9, color: GREY });
      }
      if (row.notes?.[lang]) {
        const note = xr.getCell(lay.notesCol(l));
        note.value = row.notes[lang];
        note.font = font({ size: 9, color: GREY });
        note.alignment = { indent: 1 };
      }
    });
    row.cells.forEach((c, i) => {
      if (c.kind === 'empty') return;
      const cell = xr.getCell(lay.valueCol(i));
      if (c.kind === 'figure') {
        if (c.value === null || c.value === undefined) return;
        cell.value = c.value;
        cell.font = font({ color: FIGURE, bold: row.bold, italic: c.illustrative });
      } else {
        cell.value = { formula: formulaText(plan, sheet, c.formula), result: c.value } as ExcelJS.CellFormulaValue;
        cell.font = font({ bold: row.bold });
      }
      if (row.unit) cell.numFmt = plan.formats[row.unit];
    });
  });

  // widths from the longest text in each label, unit and notes column (Excel's width unit is about one digit)
  const widest = (col: number, min: number, max: number) => {
    let w = min;
    for (let r = lay.headerRow; r < lay.firstRow + sheet.rows.length; r++) {
      const v = ws.getCell(r, col).value;
      if (typeof v === 'string') w = Math.max(w, ...v.split('\n').map((s) => textWidth(s) * 1.1 + 2));
    }
    return Math.min(max, Math.ceil(w));
  };
  plan.langs.forEach((_, l) => {
    ws.getColumn(lay.labelCol(l)).width = widest(lay.labelCol(l), 16, 80);
    ws.getColumn(lay.unitCol(l)).width = widest(lay.unitCol(l), 8, 16);
    // the last notes column spills over into the empty cells to its right; one with another language's beside it cannot, so it is as wide as its longest note (Excel's widest is 255)
    ws.getColumn(lay.notesCol(l)).width = widest(lay.notesCol(l), 16, l === L - 1 ? 80 : 255);
  });
  headers.forEach((h, i) => { ws.getColumn(lay.valueCol(i)).width = Math.max(VALUE_WIDTH, ...h.split('\n').map((s) => Math.ceil(textWidth(s) * 1.15) + 2)); });
}
