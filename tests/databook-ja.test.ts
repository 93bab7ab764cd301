// The data book of a file in two languages (the sample with `languages:
// [ja, en]`): one workbook, a label, unit and notes column per language in
// the file's order, each headed and worded in its own language, the titles
// and legends of both; the figures and formulas those of the English book,
// LibreOffice's recalculation the model's; `import` reads it back by either
// language's labels. Read by openpyxl, not by the code that wrote it.
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { databookPlan } from '../src/databook/databook.js';
import { colLetter, formulaText } from '../src/databook/layout.js';
import { loadModel } from '../src/pipeline/load-model.js';
import { irdeck, lineOf, replaceOnce, ROOT, SAMPLE, sampleText } from './util/cli.js';
import { editedBook, libreOfficeRecalculated, openpyxlDump, planned, type DumpSheet } from './util/xlsx.js';

const dir = () => mkdtempSync(join(tmpdir(), 'irdeck-databook-ja-'));
const bilingualText = replaceOnce(sampleText(), 'languages: [en]', 'languages: [ja, en]');
const JAPANESE = /[\u3040-\u30FF\u4E00-\u9FFF]/;
const close = (a: unknown, b: number | '') => (b === '' ? a === '' || a === null : typeof a === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));
/** Width in Excel's digit-width units: a kana or kanji is about two. */
const shown = (s: string) => [...s].reduce((n, c) => n + (/[\u3000-\u30FF\u4E00-\u9FFF\uFF00-\uFF60]/.test(c) ? 2 : 1), 0);

/** A copy of the bilingual sample, as fy2008-1h.yaml in a folder of its own. */
function bilingualCopy(): string {
  const f = join(dir(), 'fy2008-1h.yaml');
  writeFileSync(f, bilingualText);
  return f;
}

function databook(data: string, args: string[] = []): string {
  const out = dir();
  const r = irdeck(['databook', data, '--out', out, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return join(out, 'fy2008-1h.databook.xlsx');
}

describe('the data book of a file in Japanese and English', () => {
  const data = bilingualCopy();
  const checked = loadModel(data);
  const plan = databookPlan(checked.loaded, checked.model, join(ROOT, 'templates'));
  let book = '';
  let ja: DumpSheet[] = [];
  let en: DumpSheet[] = [];
  const sheet = (name: string) => ja.find((s) => s.name === name)!;
  /** The Japanese label beside an English one (column B) on a sheet, with the units beside them. */
  const beside = (name: string, english: string) => {
    const s = sheet(name).cells;
    const row = Object.keys(s).find((k) => /^B\d+$/.test(k) && s[k].v === english)?.slice(1);
    expect(row, `${name}: no row "${english}" in column B`).toBeDefined();
    return [s[`A${row}`]?.v, s[`C${row}`]?.v, s[`D${row}`]?.v];
  };
  beforeAll(() => {
    book = databook(data);
    ja = openpyxlDump(book);
    en = openpyxlDump(databook(SAMPLE));
  }, 120_000);

  it('heads a label, unit and notes column per language, Japanese first, each in its own words; titles and legends of both; headers frozen', () => {
    expect(plan.langs).toEqual(['ja', 'en']);
    // the sheets keep their names (templates/databook.yaml says why)
    expect(ja.map((s) => s.name)).toEqual(en.map((s) => s.name));
    for (const s of ja) expect(s.freeze, s.name).toBe('E6');
    const pl = sheet('P&L').cells;
    expect([pl.A5.v, pl.B5.v, pl.C5.v, pl.D5.v, pl.E5.v, pl.N5.v, pl.O5.v, pl.R5.v, pl.S5.v, pl.T5.v])
      .toEqual(['項目', 'Item', '単位', 'Unit', '1Q06', '2Q08', 'FY06', '1H08', '出所・注記', 'Source and notes']);
    expect(pl.A1.v).toBe('四半期別連結損益計算書（株式会社インターネットイニシアティブ）');
    expect(pl.A2.v).toBe(en[0].cells.A1.v);
    expect(pl.A3.v).toMatch(/^青字はデータファイルfy2008-1h\.yamlの数値/);
    expect(pl.A4.v).toBe(en[0].cells.A2.v);
    expect([pl.A1.b, pl.A2.b]).toEqual([true, true]);
    // a column header in both languages, the period once
    expect(sheet('CAPEX breakdown').cells.E5.v).toBe('金額 / Amount\n1H08');
    expect(sheet('Balance sheet').cells.E5.v).toBe('前期末 / Previous\n2008-03-31');
    expect(sheet('Targets').cells.F5.v).toBe('修正後 / New target');
  });

  it('labels every row in both languages: the data file\'s labels, derived rows, ratios, changes, totals and section rows', () => {
    expect(beside('P&L', 'Total Revenues')).toEqual(['売上高合計', '百万円', 'JPY million']);
    expect(beside('P&L', 'Statement of income')).toEqual(['損益計算書', undefined, undefined]);
    expect(beside('P&L', 'Gross Margin')).toEqual(['売上総利益', '百万円', 'JPY million']);
    expect(beside('P&L', 'Gross Margin Ratio')).toEqual(['売上総利益率', '%', '%']);
    expect(beside('P&L', 'Operating Income as % of Revenues')[0]).toBe('営業利益の対売上高比率');
    expect(beside('P&L', 'Total Revenues, change YoY')[0]).toBe('売上高合計 前年同期比増減率');
    expect(beside('Revenues', 'Recurring Revenues')[0]).toBe('継続売上');
    expect(beside('Costs and margins', 'Gross Margin (Connectivity and Outsourcing Services)')[0]).toBe('売上総利益（ネットワークサービス）');
    // no label is an internal key (segrev_atm): in either book, every label column
    for (const [book, cols] of [[ja, /^[AB]\d+$/], [en, /^A\d+$/]] as const) {
      for (const s of book) for (const [k, c] of Object.entries(s.cells)) if (cols.test(k)) expect(String(c.v), `${s.name}!${k}`).not.toMatch(/\b(segrev|gp|gmr|rev|cost|emp)_[a-z_]+/);
    }
    expect(beside('Employees', 'Number of Employees')).toEqual(['従業員数', '名', 'persons']);
    expect(beside('CAPEX and EBITDA', 'Adjusted EBITDA (operating income + depreciation and amortization)')[0]).toBe('調整後EBITDA（営業利益＋減価償却費）');
    expect(beside('Cash flows', 'Net Change in Cash')[0]).toBe('現金及び現金同等物の増減額');
    expect(beside('Balance sheet', 'Prepaid Expenses')[0]).toBe('前払費用');
    expect(beside('Targets', 'Targets for FY2008')[0]).toBe('FY2008 業績目標');
    expect(beside('Target revisions', 'Previous target + factors')[0]).toBe('修正前の目標＋修正要因');
    // every row: the English column is the English book's label column, row for row; the Japanese one is Japanese
    for (const [i, s] of ja.entries()) {
      const rows = Object.keys(en[i].cells).filter((k) => /^A\d+$/.test(k) && Number(k.slice(1)) >= 4).map((k) => Number(k.slice(1)));
      expect(rows.length, s.name).toBeGreaterThan(2);
      for (const r of rows) {
        expect(s.cells[`B${r + 2}`]?.v, `${s.name}!B${r + 2}`).toBe(en[i].cells[`A${r}`].v);
        expect(s.cells[`D${r + 2}`]?.v, `${s.name}!D${r + 2}`).toBe(en[i].cells[`B${r}`]?.v);
      }
      const japanese = rows.filter((r) => JAPANESE.test(String(s.cells[`A${r + 2}`]?.v ?? '')));
      // all but names the same in both languages (IIJ, an employee group)
      expect(japanese.length, s.name).toBeGreaterThanOrEqual(rows.length - 1);
      // the widths fit the longest text of each label column, and of the Japanese notes column (the English one beside it stops its overflow), a kanji counted as two
      const notes = Object.keys(s.cells).find((k) => /^[A-Z]+5$/.test(k) && s.cells[k].v === '出所・注記')!.slice(0, -1);
      for (const col of ['A', 'B', notes]) {
        const longest = Math.max(...Object.entries(s.cells).filter(([k]) => new RegExp(`^${col}\\d+$`).test(k) && Number(k.slice(col.length)) >= 5).map(([, c]) => shown(String(c.v))));
        expect(s.widths[col], `${s.name} ${col}`).toBeGreaterThanOrEqual(longest);
      }
    }
    // illustrative marks in each language's notes column
    const pl = sheet('P&L').cells;
    expect([pl.S7.v, pl.T7.v]).toEqual([
      'IIJ earnings releases (Form 6-K); 1Q06/2Q06 split of the reported 1H06 (approx. 26,440) 例示：1Q06、2Q06。',
      'IIJ earnings releases (Form 6-K); 1Q06/2Q06 split of the reported 1H06 (approx. 26,440) Illustrative: 1Q06, 2Q06.',
    ]);
  });

  it('holds the English book\'s figures and formulas, two columns to the right and two rows down', () => {
    let n = 0;
    for (const [i, s] of en.entries()) {
      for (const [addr, c] of Object.entries(s.cells)) {
        const [, col, row] = /^([A-Z]+)(\d+)$/.exec(addr)!;
        const x = col.charCodeAt(0) - 64;
        if (col.length > 1 || x < 3 || Number(row) < 4 || typeof c.v !== 'number') continue;
        const got = ja[i].cells[`${colLetter(x + 2)}${Number(row) + 2}`];
        expect(got?.v, `${s.name}!${addr}`).toBe(c.v);
        expect(got?.fmt, `${s.name}!${addr}`).toBe(c.fmt);
        expect(got?.f === undefined, `${s.name}!${addr}`).toBe(c.f === undefined);
        n++;
      }
    }
    expect(n).toBeGreaterThan(900);
  });

  it('LibreOffice, recalculating it, gets the model\'s figure in every formula; its saved copy and the book itself import into the data file as no change', () => {
    const saved = libreOfficeRecalculated(book);
    const recalculated = openpyxlDump(saved);
    let n = 0;
    for (const { sheet: s, cell, addr } of planned(plan)) {
      if (cell.kind !== 'formula') continue;
      const got = recalculated.find((x) => x.name === s.name)!.cells[addr];
      expect(close(got?.v ?? null, cell.value), `${s.name}!${addr} =${formulaText(plan, s, cell.formula)}: LibreOffice ${String(got?.v)}, model ${cell.value}`).toBe(true);
      n++;
    }
    expect(n).toBe(644);
    for (const b of [book, saved]) {
      const copy = bilingualCopy();
      const r = irdeck(['import', b, '--into', copy]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('unchanged; the 389 figures');
      expect(readFileSync(copy, 'utf8')).toBe(bilingualText);
    }
  }, 180_000);

  const edited = (cells: Record<string, Record<string, ExcelJS.CellValue>>) => editedBook(book, cells);

  it('import: a row is known by either language\'s label; a figure changed goes in; an unknown label is named at its cell with a did-you-mean', async () => {
    // 2Q08 head count of IIJ (Employees!N6), its Japanese label retyped: the English one still names the row
    const copy = bilingualCopy();
    const r = irdeck(['import', await edited({ Employees: { N6: 801, A6: 'IIJ単体' } }), '--into', copy]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Employees!N6  employees.groups.iij.values[9]: 795 -> 801');
    expect(readFileSync(copy, 'utf8')).toBe(bilingualText.replace('values: [620, 640, 645, 650, 700, 705, 710, 712, 790, 795]', 'values: [620, 640, 645, 650, 700, 705, 710, 712, 790, 801]'));
    // neither label known: refused at the Japanese (primary) label's cell
    const bad = bilingualCopy();
    const b = irdeck(['import', await edited({ 'Cash flows': { A7: '投資活', B7: 'Investing activity' } }), '--into', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('fy2008-2q.xlsx: Cash flows!A7  error  unknown row "投資活" (did you mean "投資活動"?)');
    expect(readFileSync(bad, 'utf8')).toBe(bilingualText);
  });

  it('import: the English data book of the same figures reads into the bilingual file too (the same sheets, its English labels)', () => {
    const copy = bilingualCopy();
    const english = join(dir(), 'en.xlsx');
    copyFileSync(databook(SAMPLE), english);
    const ok = irdeck(['import', english, '--into', copy]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('unchanged; the 389 figures');
    expect(readFileSync(copy, 'utf8')).toBe(bilingualText);
  });

  it('build --format databook writes one book for both editions, under the plain name, the same bytes as `irdeck databook`', () => {
    const out = dir();
    const r = irdeck(['build', data, '--format', 'pptx,databook', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).filter((f) => !f.startsWith('.')).sort()).toEqual([
      'fy2008-1h.databook.xlsx', 'fy2008-1h.en.pptx', 'fy2008-1h.en.tieout.csv', 'fy2008-1h.en.tieout.html',
      'fy2008-1h.ja.pptx', 'fy2008-1h.ja.tieout.csv', 'fy2008-1h.ja.tieout.html',
    ]);
    expect(readFileSync(join(out, 'fy2008-1h.databook.xlsx')).equals(readFileSync(book))).toBe(true);
  });

  it('a word missing from a listed language is an error at its line of templates/databook.yaml; the data file lists no French', () => {
    const templates = join(dir(), 'templates');
    cpSync(join(ROOT, 'templates'), templates, { recursive: true });
    const yaml = readFileSync(join(templates, 'databook.yaml'), 'utf8');
    const gross = '      gross_margin: "{metric}"\n';
    const line = lineOf(yaml, gross);
    writeFileSync(join(templates, 'databook.yaml'), replaceOnce(yaml, gross, ''));
    const r = irdeck(['databook', data, '--out', dir(), '--templates', templates]);
    expect(r.code).toBe(2);
    // the missing key is reported at the line of its map (`rows:` of `ja:`), the line above the one removed
    const rowsLine = yaml.split('\n').slice(0, line - 1).findLastIndex((l) => l === '    rows:') + 1;
    expect(r.stderr).toMatch(new RegExp(`databook\\.yaml:${rowsLine}:\\d+  error  languages\\.ja\\.rows\\.gross_margin: missing`));
    // the English sample needs no Japanese word
    expect(irdeck(['databook', SAMPLE, '--out', dir(), '--templates', templates]).code).toBe(0);
  });
});
