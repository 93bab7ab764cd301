// Charts go into the PDF after Chromium has printed it, not through it.
//
// Chromium decodes every PNG it prints and compresses the pixels again: for the
// 19 two-times charts of the sample that was ~0.7 s of the browser's ~1.2 s and
// most of its memory. So the page is printed with a 1x1 placeholder in each
// chart's <img> (its one pixel says which chart), and Chromium's tiny image
// object is then given the chart's own PNG data, which a PDF reads as it is
// (FlateDecode with PNG predictors). The page, its tags and the chart's alt
// text are Chromium's; only the pixels of the image object change. It also
// means the page can be printed before the charts are drawn.
import { inflateSync } from 'node:zlib';
import { PDFDict, PDFName, PDFNumber, PDFRawStream, type PDFContext } from 'pdf-lib';
import { readPng, solidPng } from '../util/png.js';

/** First byte of every placeholder pixel; the other two give the chart's index. */
const MARK = 0xc7;
const MAX_CHARTS = 0xffff;

/** One placeholder PNG per chart id, in the order given. */
export function chartPlaceholders(ids: string[]): Map<string, Buffer> {
  if (ids.length > MAX_CHARTS) throw new Error(`a deck can have at most ${MAX_CHARTS} charts`);
  return new Map(ids.map((id, i) => [id, solidPng(MARK, i >> 8, i & 255)]));
}

function num(dict: PDFDict, key: string): number | undefined {
  const v = dict.get(PDFName.of(key));
  return v instanceof PDFNumber ? v.asNumber() : undefined;
}

/** The chart index a 1x1 image object stands for, if it is a placeholder. */
function placeholderIndex(stream: PDFRawStream): number | undefined {
  const d = stream.dict;
  if (String(d.get(PDFName.of('Subtype'))) !== '/Image' || num(d, 'Width') !== 1 || num(d, 'Height') !== 1) return undefined;
  if (d.has(PDFName.of('SMask')) || num(d, 'BitsPerComponent') !== 8) return undefined;
  const filter = d.get(PDFName.of('Filter'));
  let px: Buffer;
  try {
    px = filter === undefined ? Buffer.from(stream.contents) : String(filter) === '/FlateDecode' ? inflateSync(stream.contents) : Buffer.alloc(0);
  } catch {
    return undefined;
  }
  if (px.length !== 3 || px[0] !== MARK) return undefined;
  return (px[1] << 8) | px[2];
}

/**
 * Replaces each placeholder image with its chart's PNG data (8-bit RGB,
 * not interlaced: what charts/png.ts writes). Every chart must be found.
 */
export function spliceCharts(ctx: PDFContext, pngs: Buffer[]): void {
  // a chart drawn twice would be written twice; each copy gets the pixels
  const found = new Array<number>(pngs.length).fill(0);
  for (const [ref, obj] of ctx.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    const i = placeholderIndex(obj);
    if (i === undefined) continue;
    if (i >= pngs.length) throw new Error(`the printed page has a placeholder for chart ${i + 1}, but there are ${pngs.length} charts`);
    found[i]++;
    const png = readPng(pngs[i]);
    if (png.colorType !== 2 || png.bitDepth !== 8 || png.interlace !== 0) throw new Error(`chart ${i + 1}: only 8-bit RGB PNGs go into the PDF as they are`);
    const dict = obj.dict.clone(ctx);
    dict.set(PDFName.of('Width'), PDFNumber.of(png.width));
    dict.set(PDFName.of('Height'), PDFNumber.of(png.height));
    dict.set(PDFName.of('Filter'), PDFName.of('FlateDecode'));
    dict.set(PDFName.of('DecodeParms'), ctx.obj({ Predictor: 15, Colors: 3, BitsPerComponent: 8, Columns: png.width }));
    dict.set(PDFName.of('Length'), PDFNumber.of(png.zdata.length));
    dict.delete(PDFName.of('Decode'));
    ctx.assign(ref, PDFRawStream.of(dict, png.zdata));
  }
  const missing = found.flatMap((n, i) => (n > 0 ? [] : [i + 1]));
  if (missing.length) throw new Error(`the printed page lacks chart(s) ${missing.join(', ')}: they could not be put into the PDF`);
}
