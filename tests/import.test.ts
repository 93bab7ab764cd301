// `irdeck import`: a workbook laid out as the data book, into the data file.
// An untouched data book changes nothing; a changed figure changes that
// scalar's bytes only; a bad workbook, or one whose figures break the data
// file's rules, is refused with every problem at its cell and the data file
// left byte for byte as it was.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rollForward } from '../src/period/new-period.js';
import { irdeck, ROOT, SAMPLE, sampleText } from './util/cli.js';
import { editedBook } from './util/xlsx.js';

let book = '';
const dir = () => mkdtempSync(join(tmpdir(), 'irdeck-import-'));

/** A fresh copy of the sample data file. */
function dataCopy(): string {
  const f = join(dir(), 'fy2008-1h.yaml');
  copyFileSync(SAMPLE, f);
  return f;
}

/** The data book with some cells changed, saved as fy2008-2q.xlsx (as accounting would send it). */
const edited = (edits: Record<string, Record<string, ExcelJS.CellValue>>): Promise<string> => editedBook(book, edits);

/** The lines of b that differ from a's, as [line number, a's line, b's line]. */
function changedLines(a: string, b: string): [number, string, string][] {
  const x = a.split('\n');
  const y = b.split('\n');
  expect(y.length).toBe(x.length);
  return x.flatMap((l, i) => (l === y[i] ? [] : [[i + 1, l, y[i]] as [number, string, string]]));
}

beforeAll(() => {
  const out = dir();
  const r = irdeck(['databook', SAMPLE, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  book = join(out, 'fy2008-1h.databook.xlsx');
}, 60_000);

describe('irdeck import', () => {
  it('an untouched data book leaves the data file byte-identical', () => {
    const data = dataCopy();
    const r = irdeck(['import', book, '--into', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('unchanged; the 389 figures');
    expect(readFileSync(data, 'utf8')).toBe(sampleText());
  });

  it('a changed figure changes that value only: one scalar of one line', async () => {
    const data = dataCopy();
    // employees of IIJ in 2Q08: 795 -> 801 (Employees!L4); no rule ties a group's head count to anything typed
    const r = irdeck(['import', await edited({ Employees: { L4: 801 } }), '--into', data]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Employees!L4  employees.groups.iij.values[9]: 795 -> 801');
    const diff = changedLines(sampleText(), readFileSync(data, 'utf8'));
    expect(diff).toEqual([[diff[0][0], '      values: [620, 640, 645, 650, 700, 705, 710, 712, 790, 795]', '      values: [620, 640, 645, 650, 700, 705, 710, 712, 790, 801]']]);
  });

  it('figures that agree with each other go in together, comments and layout kept', async () => {
    const data = dataCopy();
    // 2Q08: 10.4 moved from home use to outsourcing (Revenues!L6, L7: the total stays), and a balance-sheet item in a flow map
    const r = irdeck(['import', await edited({ Revenues: { L6: 1604.2, L7: 3782 }, 'Balance sheet': { D7: 2150 } }), '--into', data]);
    expect(r.code, r.stderr).toBe(0);
    const diff = changedLines(sampleText(), readFileSync(data, 'utf8'));
    expect(diff.map(([, a, b]) => [a.trim(), b.trim()])).toEqual([
      ['values: [260, 262, 258, 255, 620, 1488.5, 1560, 1585, 1596, 1614.6]', 'values: [260, 262, 258, 255, 620, 1488.5, 1560, 1585, 1596, 1604.2]'],
      ['values: [2700, 2780, 2860, 2950, 3321, 3438.5, 3530, 3610, 3691, 3771.6]', 'values: [2700, 2780, 2860, 2950, 3321, 3438.5, 3530, 3610, 3691, 3782]'],
      [
        '- { key: prepaid, label: { en: Prepaid Expenses, ja: "前払費用" }, current: 2148, previous: 2005 }',
        '- { key: prepaid, label: { en: Prepaid Expenses, ja: "前払費用" }, current: 2150, previous: 2005 }',
      ],
    ]);
  });

  const cases: { name: string; edits: Record<string, Record<string, ExcelJS.CellValue>>; where: string; rule: string; says: string }[] = [
    {
      name: 'a number stored as text', edits: { 'P&L': { L5: '16,926' } }, where: 'P&L!L5', rule: 'workbook/number-as-text',
      says: 'the number "16,926" is stored as text (with a thousands separator); enter it as a number, 16926',
    },
    {
      name: 'an empty cell where a figure is needed', edits: { Revenues: { K7: null } }, where: 'Revenues!K7', rule: 'workbook/empty',
      says: 'Outsourcing Services, 1Q08: the cell is empty; a figure is needed here',
    },
    {
      name: 'an unknown row label', edits: { 'Cash flows': { A5: 'Investing activity' } }, where: 'Cash flows!A5', rule: 'workbook/unknown-row',
      says: 'unknown row "Investing activity" (did you mean "Investing activities"?)',
    },
    {
      name: 'a formula with no cached value', edits: { Employees: { L5: { formula: '630+2' } as ExcelJS.CellFormulaValue } }, where: 'Employees!L5', rule: 'workbook/formula-uncalculated',
      says: 'the formula =630+2 has no cached value',
    },
  ];

  for (const c of cases) {
    it(`refuses ${c.name}: exit 2, the workbook, sheet and cell named, the data file unchanged`, async () => {
      const data = dataCopy();
      const r = irdeck(['import', await edited(c.edits), '--into', data]);
      expect(r.code, r.stdout).toBe(2);
      const line = r.stderr.split('\n').find((l) => l.startsWith(`fy2008-2q.xlsx: ${c.where}  error`));
      expect(line, r.stderr).toBeDefined();
      expect(line).toContain(c.says);
      expect(line).toContain(`(${c.rule})`);
      expect(r.stderr).toContain(`is unchanged`);
      expect(readFileSync(data, 'utf8')).toBe(sampleText());
    });
  }

  it('refuses a file that is not a workbook, and a data file that is not there', () => {
    const data = dataCopy();
    const notBook = join(dir(), 'fy2008-2q.xlsx');
    writeFileSync(notBook, 'Revenues,16926\n');
    const r = irdeck(['import', notBook, '--into', data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fy2008-2q.xlsx  error  not an Excel workbook (.xlsx) that can be read');
    expect(readFileSync(data, 'utf8')).toBe(sampleText());
    const missing = irdeck(['import', book, '--into', join(dir(), 'nothing.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nothing.yaml  error  no such file');
  });

  it('lists every problem of a workbook at once', async () => {
    const data = dataCopy();
    const r = irdeck(['import', await edited(Object.assign({}, ...cases.map((c) => c.edits), { Revenues: { K7: null, L7: '3,771.6' } })), '--into', data]);
    expect(r.code).toBe(2);
    for (const c of cases) expect(r.stderr).toContain(`fy2008-2q.xlsx: ${c.where}  error`);
    expect(r.stderr).toContain('fy2008-2q.xlsx: Revenues!L7  error');
    expect(r.stderr).toMatch(/irdeck: fy2008-2q\.xlsx: 5 problems; .*fy2008-1h\.yaml is unchanged/);
    expect(readFileSync(data, 'utf8')).toBe(sampleText());
  });

  it('a workbook whose lines do not add up is caught by the data file\'s rules, at the line they would be on', async () => {
    const data = dataCopy();
    const r = irdeck(['import', await edited({ Revenues: { L7: 3871.6 } }), '--into', data]);
    expect(r.code).toBe(2);
    // the same message `irdeck check` gives for the YAML typo, at the line of revenues.total
    const lineNo = sampleText().split('\n').findIndex((l) => l.includes('values: [12950, 13490')) + 1;
    const message = 'revenues.total.values[9]: 2Q08: revenue lines add up to 17,025.8 but revenues.total is 16,926 (off by 99.8) (the figure comes from fy2008-2q.xlsx: P&L!L5)  (rule/lines-sum)';
    expect(r.stderr.split('\n')).toContainEqual(expect.stringMatching(new RegExp(`fy2008-1h\\.yaml:${lineNo}:\\d+  error  `)));
    expect(r.stderr.split('\n').find((l) => l.includes(`.yaml:${lineNo}:`))).toContain(message);
    expect(r.stderr).toContain('is unchanged');
    expect(readFileSync(data, 'utf8')).toBe(sampleText());
  });

  it('a figure in a column the data file does not have is refused (a new quarter needs new-period first)', async () => {
    const data = dataCopy();
    const r = irdeck(['import', await edited({ 'P&L': { L3: '3Q08', C3: '4Q05' } }), '--into', data]);
    expect(r.code).toBe(2);
    // a quarter older than the file's is last period's, dropped by new-period: not read, and said so
    expect(r.stderr).toContain('fy2008-2q.xlsx: P&L!C3  warning  column "4Q05" is older than the data file\'s quarters (1Q06..2Q08); not read');
    expect(r.stderr).toContain('fy2008-2q.xlsx: P&L!L3  error  column "3Q08" is not a quarter of the data file');
    expect(readFileSync(data, 'utf8')).toBe(sampleText());
  });

  it('fills the TODO figures of a file that new-period started, and leaves its TODO sentences to the IR person', async () => {
    const rolled = join(dir(), 'fy2008-3q.yaml');
    writeFileSync(rolled, rollForward(sampleText()));
    const out = dir();
    expect(irdeck(['databook', join(ROOT, 'data/fy2008-3q.yaml'), '--out', out]).code).toBe(0);
    // accounting's workbook for 3Q08: the figures of the 3Q sample; the revision factors are the IR person's words, not sent
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'fy2008-3q.databook.xlsx'));
    wb.removeWorksheet(wb.getWorksheet('Target revisions')!.id);
    const sent = join(out, 'from-accounting.xlsx');
    await wb.xlsx.writeFile(sent);
    const r = irdeck(['import', sent, '--into', rolled]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/problem\(s\) the data file had before the import remain/);
    const got = parse(readFileSync(rolled, 'utf8'));
    const want = parse(readFileSync(join(ROOT, 'data/fy2008-3q.yaml'), 'utf8'));
    expect(got.revenues.total.values).toEqual(want.revenues.total.values);
    expect(got.employees.groups.iij.values).toEqual(want.employees.groups.iij.values);
    expect(got.balance_sheet.items.map((i: { current: number }) => i.current)).toEqual(want.balance_sheet.items.map((i: { current: number }) => i.current));
    expect(got.commentary.revenues).toEqual([{ en: 'TODO', ja: 'TODO' }]);
  });
});
