// The data book's second readers: openpyxl (tests/util/xlsx-dump.py) and
// LibreOffice Calc recalculating every formula.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { colLetter, sheetLayout } from '../../src/databook/layout.js';
import type { BookPlan } from '../../src/databook/plan.js';
import { ROOT } from './cli.js';

const PY = '/usr/bin/python3';
const DUMP = join(ROOT, 'tests/util/xlsx-dump.py');

export interface DumpCell { v: unknown; f?: string; fmt?: string; b?: boolean; i?: boolean }
export interface DumpSheet { name: string; freeze: string | null; cells: Record<string, DumpCell>; widths: Record<string, number> }

/** Every sheet and cell as openpyxl reads them (values are the cached results of formulas). */
export function openpyxlDump(file: string): DumpSheet[] {
  return (JSON.parse(execFileSync(PY, [DUMP, file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })) as { sheets: DumpSheet[] }).sheets;
}

/**
 * The workbook as LibreOffice computes it: openpyxl first saves a copy with
 * no cached formula results (so nothing can be shown without calculating),
 * then Calc, told to recalculate on load, converts it to .xlsx.
 */
export function libreOfficeRecalculated(file: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'irdeck-lo-calc-'));
  const stripped = join(dir, `stripped-${basename(file)}`);
  execFileSync(PY, [DUMP, file, '--strip', stripped]);
  const profile = join(dir, 'profile');
  mkdirSync(join(profile, 'user'), { recursive: true });
  // Calc's "recalculation on file load" for Excel 2007+ files: 0 = always
  writeFileSync(join(profile, 'user/registrymodifications.xcu'), `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`);
  const out = join(dir, 'out');
  execFileSync('libreoffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'xlsx', '--outdir', out, stripped], { stdio: 'ignore', timeout: 180_000 });
  return join(out, basename(stripped));
}

/** A workbook with some cells changed, saved as fy2008-2q.xlsx in a new folder (as accounting would send it back). */
export async function editedBook(book: string, edits: Record<string, Record<string, ExcelJS.CellValue>>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(book);
  for (const [sheet, cells] of Object.entries(edits)) for (const [addr, v] of Object.entries(cells)) wb.getWorksheet(sheet)!.getCell(addr).value = v;
  const out = join(mkdtempSync(join(tmpdir(), 'irdeck-edited-')), 'fy2008-2q.xlsx');
  await wb.xlsx.writeFile(out);
  return out;
}

/** Every planned cell with its address, as (sheet, address, cell). */
export function* planned(plan: BookPlan) {
  for (const sheet of plan.sheets) {
    const lay = sheetLayout(plan, sheet);
    for (const row of sheet.rows) {
      for (const [i, cell] of row.cells.entries()) yield { sheet, row, cell, col: sheet.columns[i].id, addr: `${colLetter(lay.valueCol(i))}${lay.rowOf(row.id)}` };
    }
  }
}
