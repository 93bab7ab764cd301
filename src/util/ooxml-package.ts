// Writing an OOXML package (the PPTX, a chart's embedded workbook) the same way
// every time: entries in one order, one date, so the same deck gives the same bytes.
import { writeZip } from './zip.js';

/** Options for writing a zip the same way every time. */
export interface StableZipOptions {
  /** the date every entry carries */
  date: Date;
}

/** The entries of `zip` re-packed in sorted order with one date, DEFLATE-compressed. */
export async function stableZip(files: Map<string, Buffer | string>, opts: StableZipOptions, order: (a: string, b: string) => number): Promise<Buffer> {
  return writeZip([...files.keys()].sort(order).map((name) => [name, files.get(name)!]), opts.date);
}

/** [Content_Types].xml first, then _rels, then the rest by path with numbers in numeric order. */
export function packageOrder(a: string, b: string): number {
  const rank = (p: string) => (p === '[Content_Types].xml' ? 0 : p.startsWith('_rels/') ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true });
}
