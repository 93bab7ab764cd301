// The numbers a chart's "Edit Data" shows: its cache in the chart part and its embedded workbook.
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';

/** Numbers as the data file writes them (YAML scalars such as 6689.7 or -12), each in its shortest form. */
export function dataNumbers(file: string): Map<number, string> {
  const text = readFileSync(file, 'utf8');
  return new Map([...text.matchAll(/(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])/g)].map((m) => [Number(m[0]), String(Number(m[0]))]));
}

export interface ChartNumbers { charts: number; compared: number; problems: string[] }

/**
 * Every cache value and workbook cell of every chart: its shortest decimal at 15 significant digits
 * (no float noise), as the data file writes it when the data file has it, and cache = workbook cell.
 */
export async function chartNumberProblems(pptx: Buffer, dataFile: string): Promise<ChartNumbers> {
  const zip = await JSZip.loadAsync(pptx);
  const charts = Object.keys(zip.files).filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n));
  const data = dataNumbers(dataFile);
  const problems: string[] = [];
  const judge = (where: string, v: string) => {
    const x = Number(v);
    // shortest decimal of a 15-significant-digit number: 13379.400000000001 and 0.9999999999999999 fail
    if (!Number.isFinite(x) || String(Number(x.toPrecision(15))) !== v) problems.push(`${where}: ${v}`);
    // a value the data file writes reads as the data file writes it
    for (const [n, text] of data) if (n !== 0 && Math.abs(x - n) < Math.abs(n) * 1e-12 && v !== text) problems.push(`${where}: ${v}, the data file writes ${text}`);
  };
  let compared = 0;
  for (const chart of charts) {
    const xml = await zip.file(chart)!.async('string');
    const rels = await zip.file(chart.replace('charts/', 'charts/_rels/') + '.rels')!.async('string');
    const book = await JSZip.loadAsync(await zip.file(`ppt/embeddings/${/embeddings\/([^"]+\.xlsx)/.exec(rels)![1]}`)!.async('nodebuffer'));
    const sheet = await book.file('xl/worksheets/sheet1.xml')!.async('string');
    const cells = new Map([...sheet.matchAll(/<c r="([A-Z]+\d+)"(?![^>]*t="s")[^>]*>(?:<f>[^<]*<\/f>)?<v>([^<]*)<\/v><\/c>/g)].map((m) => [m[1], m[2]]));
    for (const [ref, v] of cells) judge(`${chart} workbook ${ref}`, v);
    for (const val of xml.matchAll(/<c:val>[\s\S]*?<c:f>Sheet1!\$([A-Z]+)\$(\d+):\$[A-Z]+\$\d+<\/c:f>([\s\S]*?)<\/c:val>/g)) {
      const [, col, row0, cache] = val;
      for (const pt of cache.matchAll(/<c:pt idx="(\d+)"><c:v>([^<]*)<\/c:v><\/c:pt>/g)) {
        const ref = `${col}${Number(row0) + Number(pt[1])}`;
        judge(`${chart} cache ${ref}`, pt[2]);
        if (cells.get(ref) !== pt[2]) problems.push(`${chart} ${ref}: cache ${pt[2]}, workbook ${cells.get(ref)}`);
        compared++;
      }
    }
  }
  return { charts: charts.length, compared, problems };
}
