// The workbook embedded in a native chart ("Edit Data" in PowerPoint): the
// plan's values in the cells (pptxgenjs writes 0 and null both as an empty
// <v/>), totals as SUM formulas, reproducible bytes.
import { escapeXml as esc } from '../util/escape.js';
import { packageOrder, stableZip, unpackParts } from '../util/ooxml-package.js';
import type { ChartPlan } from './native-plan.js';
import { ooxmlNumber } from './ooxml-number.js';
import { conformPart } from '../util/ooxml-conform.js';

function colName(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** sheet1.xml and sharedStrings.xml with the plan's data: categories in A, series from B, totals as SUM formulas. */
function workbookSheets(plan: ChartPlan, templateSheet: string): { sheet: string; strings: string } {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const str = (s: string) => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const cats = plan.spec.categories;
  const ncol = plan.series.length + 1;
  const rows: string[] = [];
  const header = [`<c r="A1" t="s"><v>${str('')}</v></c>`, ...plan.series.map((p, k) => `<c r="${colName(k + 2)}1" t="s"><v>${str(p.name)}</v></c>`)];
  rows.push(`<row r="1" spans="1:${ncol}">${header.join('')}</row>`);
  cats.forEach((c, j) => {
    const r = j + 2;
    const cells = [`<c r="A${r}" t="s"><v>${str(c)}</v></c>`];
    plan.series.forEach((p, k) => {
      const v = p.values[j];
      const ref = `${colName(k + 2)}${r}`;
      if (p.sumOf && p.sumOf.length) {
        const f = `SUM(${p.sumOf.map((m) => `${colName(m + 2)}${r}`).join(',')})`;
        cells.push(`<c r="${ref}"><f>${f}</f>${v === null || v === undefined ? '' : `<v>${ooxmlNumber(v)}</v>`}</c>`);
      } else if (v !== null && v !== undefined && Number.isFinite(v)) {
        cells.push(`<c r="${ref}"><v>${ooxmlNumber(v)}</v></c>`);
      }
    });
    rows.push(`<row r="${r}" spans="1:${ncol}">${cells.join('')}</row>`);
  });
  const dim = `A1:${colName(ncol)}${cats.length + 1}`;
  const sheet = templateSheet
    .replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="${dim}"/>`)
    .replace(/<sheetData>[\s\S]*<\/sheetData>/, `<sheetData>${rows.join('')}</sheetData>`);
  const sst = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`;
  return { sheet, strings: sst };
}

/** The embedded workbook with the plan's values, reproducible bytes (fixed dates, sorted entries). */
export async function finishWorkbook(data: Buffer, plan: ChartPlan, date: Date): Promise<Buffer> {
  const files = unpackParts(data);
  const sheet = files.get('xl/worksheets/sheet1.xml');
  if (typeof sheet === 'string') {
    const { sheet: s, strings } = workbookSheets(plan, sheet);
    files.set('xl/worksheets/sheet1.xml', s);
    files.set('xl/sharedStrings.xml', strings);
  }
  // gitbrent/PptxGenJS#1531: the workbook's table part has an invalid range
  // (ref="A1:D11'", a stray apostrophe) and the sheet does not use it
  // (no <tableParts>); Apple's importer drops the whole chart over it. Drop it.
  for (const name of [...files.keys()]) if (/^xl\/tables\//.test(name)) files.delete(name);
  const sheetRels = files.get('xl/worksheets/_rels/sheet1.xml.rels');
  if (typeof sheetRels === 'string' && !/<Relationship (?![^>]*\/table")/.test(sheetRels)) files.delete('xl/worksheets/_rels/sheet1.xml.rels');
  const types = files.get('[Content_Types].xml');
  if (typeof types === 'string') files.set('[Content_Types].xml', types.replace(/\s*<Override PartName="\/xl\/tables\/[^"]+"[^>]*\/>/g, ''));
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const core = files.get('docProps/core.xml');
  if (typeof core === 'string') {
    files.set('docProps/core.xml', core.replace(/(<dcterms:created[^>]*>)[^<]*/, `$1${iso}`).replace(/(<dcterms:modified[^>]*>)[^<]*/, `$1${iso}`));
  }
  for (const [name, text] of files) if (typeof text === 'string') files.set(name, conformPart('workbook', name, text));
  return stableZip(files, { date }, packageOrder);
}
