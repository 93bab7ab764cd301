// Charts as RGB PNGs whose data a PDF takes as it is, and the placeholders
// Chromium prints in their place (src/util/png.ts, src/render/pdf-charts.ts).
import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { pngFromRows, readPng, rgbRows, solidPng } from '../src/util/png.js';
import { chartPlaceholders, spliceCharts } from '../src/render/pdf-charts.js';

/** premultiplied RGBA, as canvas.data() gives it */
function pixels(w: number, h: number): Uint8Array {
  const px = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) px.set([(i * 7) & 255, (i * 13) & 255, (i * 29) & 255, 255], i * 4);
  px.set([100, 0, 0, 128], 0); // half-transparent red, premultiplied: on white it is (227, 127, 127)
  if (w * h > 2 * w + 9) px.set([0, 40, 0, 200], (2 * w + 9) * 4); // mid-row, after whole blocks of four
  return px;
}

describe('RGB PNG', () => {
  it('decodes (pngjs) to the pixels drawn, laid on white', async () => {
    const [w, h] = [37, 11];
    const png = await pngFromRows(rgbRows(pixels(w, h), w, h), w, h);
    const info = readPng(png);
    expect([info.width, info.height, info.colorType, info.bitDepth, info.interlace]).toEqual([w, h, 2, 8, 0]);
    const back = PNG.sync.read(png);
    const src = pixels(w, h);
    expect([...back.data.subarray(0, 4)]).toEqual([227, 127, 127, 255]);
    expect([...back.data.subarray((2 * w + 9) * 4, (2 * w + 9) * 4 + 3)]).toEqual([55, 95, 55]);
    for (let i = 0; i < w * h; i++) {
      const k = 255 - src[i * 4 + 3];
      expect([...back.data.subarray(i * 4, i * 4 + 3)]).toEqual([0, 1, 2].map((c) => Math.min(255, src[i * 4 + c] + k)));
    }
  });

  it('its IDAT data are the filtered rows: what a PDF with PNG predictors reads', async () => {
    const [w, h] = [5, 3];
    const rows = rgbRows(pixels(w, h), w, h);
    expect(inflateSync(readPng(await pngFromRows(rows, w, h)).zdata).equals(rows)).toBe(true);
  });

  it('refuses pixels of the wrong size and files that are not PNGs', async () => {
    expect(() => rgbRows(new Uint8Array(10), 2, 2)).toThrow(/RGBA/);
    expect(() => readPng(Buffer.from('GIF89a'))).toThrow(/not a PNG/);
  });

  it('a 1x1 placeholder is a valid PNG of its colour', () => {
    const back = PNG.sync.read(solidPng(0xc7, 1, 2));
    expect([back.width, back.height, ...back.data]).toEqual([1, 1, 0xc7, 1, 2, 255]);
  });
});

/** A PDF with the given placeholder images drawn, as Chromium would print them. */
async function pdfWith(placeholders: Buffer[]): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([960, 540]);
  for (const [i, p] of placeholders.entries()) page.drawImage(await doc.embedPng(p), { x: 10 + i * 100, y: 10, width: 90, height: 60 });
  return doc;
}

describe('spliceCharts', () => {
  it('gives each placeholder its chart\'s data and size, leaving other images alone', async () => {
    const ids = ['a', 'b'];
    const ph = chartPlaceholders(ids);
    const logo = solidPng(10, 20, 30);
    const doc = await pdfWith([ph.get('a')!, ph.get('b')!, logo]);
    const charts = await Promise.all([[4, 3], [6, 2]].map(([w, h]) => pngFromRows(rgbRows(pixels(w, h), w, h), w, h)));
    await doc.save(); // pdf-lib writes its embedded images on save
    spliceCharts(doc.context, charts);
    const images = doc.context.enumerateIndirectObjects().flatMap(([, o]) => (o instanceof PDFRawStream && String(o.dict.get(PDFName.of('Subtype'))) === '/Image' ? [o] : []));
    const dims = images.map((o) => `${o.dict.get(PDFName.of('Width'))}x${o.dict.get(PDFName.of('Height'))}`).sort();
    expect(dims).toEqual(['1x1', '4x3', '6x2']);
    for (const c of charts) expect(images.some((o) => Buffer.from(o.contents).equals(readPng(c).zdata))).toBe(true);
    // and the result still opens
    const again = await PDFDocument.load(await doc.save());
    expect(again.getPageCount()).toBe(1);
  });

  it('fails, naming the chart, when the printed page lacks one', async () => {
    const ph = chartPlaceholders(['a', 'b', 'c']);
    const doc = await pdfWith([ph.get('a')!, ph.get('c')!]);
    await doc.save();
    const chart = await pngFromRows(rgbRows(pixels(2, 2), 2, 2), 2, 2);
    expect(() => spliceCharts(doc.context, [chart, chart, chart])).toThrow(/lacks chart\(s\) 2\b/);
  });
});
