// Writing an OOXML package (the PPTX, a chart's embedded workbook) the same way
// every time: entries in one order, one date, so the same deck gives the same bytes.
import { readZip, writeZip } from './zip.js';

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

/**
 * The parts of an OOXML package by name, in the archive's order: XML and
 * relationship parts as text, the rest as bytes; folder entries (which are
 * not parts) left out. Read with util/zip.ts rather than JSZip: pptxgenjs's
 * packages are stored, not compressed, so reading one is slicing it, where
 * JSZip's reader took ~100 ms of the worker's time for the sample (profiled).
 */
export function unpackParts(zip: Buffer): Map<string, Buffer | string> {
  const files = new Map<string, Buffer | string>();
  for (const [name, data] of readZip(zip)) {
    if (name.endsWith('/')) continue;
    files.set(name, /\.(xml|rels)$/.test(name) ? data.toString('utf8') : data);
  }
  return files;
}
