// `irdeck databook`: the sample's data book read by a second reader (openpyxl),
// its figures equal to the data file's and the model's, its formulas
// recalculated by LibreOffice to the model's derived figures, and the same
// bytes from the same data.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { databookPlan } from '../src/databook/databook.js';
import { formulaText } from '../src/databook/layout.js';
import type { SheetPlan } from '../src/databook/plan.js';
import { loadModel } from '../src/pipeline/load-model.js';
import { irdeck, ROOT, SAMPLE } from './util/cli.js';
import { ooxmlSchemaErrors } from './util/ooxml-schema.js';
import { libreOfficeRecalculated, openpyxlDump, planned, type DumpSheet } from './util/xlsx.js';

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const close = (a: unknown, b: number | '') => (b === '' ? a === '' || a === null : typeof a === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));

function build(env: NodeJS.ProcessEnv = {}): string {
  const out = mkdtempSync(join(tmpdir(), 'irdeck-databook-'));
  const r = irdeck(['databook', SAMPLE, '--out', out], { env });
  expect(r.code, r.stderr).toBe(0);
  return join(out, 'fy2008-1h.databook.xlsx');
}

const dataAt = (data: unknown, path: (string | number)[]) => path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], data);

describe('irdeck databook: the sample', () => {
  const { loaded, model } = loadModel(SAMPLE);
  const plan = databookPlan(loaded, model, join(ROOT, 'templates'));
  const data = parse(readFileSync(SAMPLE, 'utf8'));
  let file = '';
  let sheets: DumpSheet[] = [];
  const sheetNamed = (s: SheetPlan) => sheets.find((x) => x.name === s.name)!;
  beforeAll(() => {
    file = build();
    sheets = openpyxlDump(file);
  }, 120_000);

  it('same data, same bytes: a second build, in another time zone, has the same sha256', () => {
    expect(sha(build({ TZ: 'Asia/Tokyo' }))).toBe(sha(file));
  }, 60_000);

  it('`build --format databook` writes the same file, published with the build\'s set (the output registry\'s entry)', () => {
    const out = mkdtempSync(join(tmpdir(), 'irdeck-databook-'));
    const r = irdeck(['build', SAMPLE, '--format', 'databook', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(sha(join(out, 'fy2008-1h.databook.xlsx'))).toBe(sha(file));
  }, 60_000);

  it('openpyxl opens it: one sheet per table, frozen headers and labels, the deck\'s units and formats', () => {
    expect(sheets.map((s) => s.name)).toEqual([
      'P&L', 'Revenues', 'Costs and margins', 'SG&A', 'Employees', 'Bandwidth and backlog', 'CAPEX and EBITDA', 'CAPEX breakdown', 'Balance sheet', 'Cash flows', 'Targets', 'Target revisions',
    ]);
    for (const s of sheets) expect(s.freeze, s.name).toBe('C4');
    const pl = sheets[0].cells;
    expect([pl.A3.v, pl.B3.v, pl.C3.v, pl.L3.v, pl.M3.v, pl.N3.v, pl.O3.v, pl.P3.v, pl.Q3.v]).toEqual(['Item', 'Unit', '1Q06', '2Q08', 'FY06', 'FY07', '1H07', '1H08', 'Source and notes']);
    expect([pl.A5.v, pl.B5.v, pl.L5.fmt]).toEqual(['Total Revenues', 'JPY million', '#,##0;(#,##0)']);
    const ratio = Object.entries(pl).find(([k, c]) => k.startsWith('A') && c.v === 'Gross Margin Ratio')![0].slice(1);
    expect([pl[`B${ratio}`].v, pl[`L${ratio}`].fmt]).toEqual(['%', '0.0%;(0.0%)']);
    // the label column is wide enough for its longest label (Excel's width unit is about one character)
    for (const s of sheets) {
      const longest = Math.max(...Object.entries(s.cells).filter(([k]) => /^A\d+$/.test(k) && Number(k.slice(1)) >= 3).map(([, c]) => String(c.v).length));
      expect(s.widths.A, s.name).toBeGreaterThanOrEqual(longest);
    }
    // the source note and the illustrative quarters of a series beside it; illustrative figures in italics
    expect(pl.Q5.v).toContain('Illustrative: 1Q06, 2Q06.');
    expect([pl.C5.i, pl.E5.i]).toEqual([true, undefined]);
  });

  it('every part is valid against the ISO/IEC 29500 schemas (the PPTX\'s gate, tests/util/ooxml_validate.py)', () => {
    const report = ooxmlSchemaErrors([file]);
    expect(report.errors).toEqual([]);
    expect(report.parts).toBeGreaterThanOrEqual(12 + 5); // the sheets, workbook, styles, shared strings, core and app properties
  }, 60_000);

  it('every figure cell holds the data file\'s figure, at its data path, in the row\'s number format', () => {
    let n = 0;
    for (const { sheet, row, cell, addr } of planned(plan)) {
      if (cell.kind !== 'figure') continue;
      const got = sheetNamed(sheet).cells[addr];
      expect(got?.v, `${sheet.name}!${addr} ${row.id}`).toBe(dataAt(data, cell.path));
      expect(got.f).toBeUndefined();
      expect(got.fmt).toBe(plan.formats[row.unit!]);
      n++;
    }
    expect(n).toBe(389);
  });

  it('every derived cell is a formula whose cached result is the model\'s figure', () => {
    let n = 0;
    for (const { sheet, cell, addr } of planned(plan)) {
      if (cell.kind !== 'formula') continue;
      const got = sheetNamed(sheet).cells[addr];
      expect(got?.f, `${sheet.name}!${addr}`).toBe(`=${formulaText(plan, sheet, cell.formula)}`);
      expect(close(got.v, cell.value), `${sheet.name}!${addr}: ${String(got.v)} vs ${cell.value}`).toBe(true);
      n++;
    }
    expect(n).toBeGreaterThan(600);
  });

  it('the derived figures are the model\'s: period totals, margins, ratios, changes, EBITDA, balance-sheet changes', () => {
    const v = model.view;
    const cell = (sheet: string, label: string, col: string) => {
      const s = sheets.find((x) => x.name === sheet)!;
      const row = Object.entries(s.cells).find(([k, c]) => /^A\d+$/.test(k) && c.v === label)![0].slice(1);
      const header = Object.entries(s.cells).find(([k, c]) => k.endsWith('3') && /^[A-Z]+3$/.test(k) && c.v === col)![0].replace(/3$/, '');
      return s.cells[`${header}${row}`].v as number;
    };
    expect(cell('P&L', 'Total Revenues', '1H08')).toBe(v.cum.revenues.value);
    expect(cell('P&L', 'Total Revenues', '1H07')).toBe(v.cum_prior.revenues.value);
    expect(cell('P&L', 'Gross Margin', '2Q08')).toBeCloseTo(v.q.gross_margin.value, 9);
    expect(cell('P&L', 'Gross Margin Ratio', '1H08')).toBeCloseTo(v.cum.gm_ratio.value / 100, 12);
    expect(cell('P&L', 'Net Income', 'FY07')).toBeCloseTo(model.metrics.net_income.values.slice(4, 8).reduce((a, b) => a! + b!, 0)!, 9);
    expect(cell('P&L', 'Total Revenues, change YoY', '2Q08')).toBeCloseTo((v.q.revenues.value / v.q_ya.revenues.value) - 1, 12);
    expect(cell('Revenues', 'Recurring Revenues', '1H08')).toBeCloseTo(v.cum.recurring.value, 9);
    expect(cell('Employees', 'Number of Employees', '1H08')).toBe(v.q.employees.value);
    expect(cell('CAPEX and EBITDA', 'Adjusted EBITDA (operating income + depreciation and amortization)', '2Q08')).toBeCloseTo(v.q.adjusted_ebitda.value, 9);
    expect(cell('Cash flows', 'Free Cash Flow (operating + investing)', '1H08')).toBeCloseTo(v.cum.cf_free.value, 9);
    expect(cell('Balance sheet', 'Accounts Receivable', 'Change')).toBeCloseTo(v.bs.items[1].change.value, 9);
    expect(cell('CAPEX breakdown', 'Total CAPEX (breakdown)', 'Amount\n1H08')).toBe(v.capex_breakdown.total.value);
  });

  it('LibreOffice, recalculating a copy without cached results, gets the model\'s figure in every formula cell', () => {
    const saved = libreOfficeRecalculated(file);
    // the workbook as LibreOffice saves it (its own shared strings, styles and number formats) imports as the same figures
    const copy = join(mkdtempSync(join(tmpdir(), 'irdeck-databook-')), 'fy2008-1h.yaml');
    copyFileSync(SAMPLE, copy);
    const imported = irdeck(['import', saved, '--into', copy]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(SAMPLE, 'utf8'));
    const recalculated = openpyxlDump(saved);
    let n = 0;
    for (const { sheet, cell, addr } of planned(plan)) {
      if (cell.kind !== 'formula') continue;
      const got = recalculated.find((s) => s.name === sheet.name)!.cells[addr];
      expect(close(got?.v ?? null, cell.value), `${sheet.name}!${addr} =${formulaText(plan, sheet, cell.formula)}: LibreOffice ${String(got?.v)}, model ${cell.value}`).toBe(true);
      n++;
    }
    expect(n).toBeGreaterThan(600);
  }, 180_000);
});
