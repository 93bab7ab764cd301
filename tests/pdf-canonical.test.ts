// The PDF's bytes depend on what the pages show, not on how the browser happened
// to share images or number objects: two PDFs with the same pages, one with the
// logo shared and one with it written twice in another object order, finish to
// the same bytes, and the result is still a valid PDF with the same pages.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFRawStream, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { finishPdf } from '../src/render/pdf.js';
import type { DeckLayout } from '../src/layout/types.js';
import { ROOT } from './util/cli.js';

const deck = { meta: { title: 'T', author: 'A', subject: 'S', company: 'C', lang: 'en', date: '2008-11-13' } } as DeckLayout;
const logo = readFileSync(join(ROOT, 'assets/logo.png'));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function twoPages(shareLogo: boolean, fontFirst: boolean, subsetTag = 'AAAAAA'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  // a subset font as Chromium names it: the six letters only count subsets
  const file = doc.context.flateStream(new Uint8Array([1, 2, 3, 4]));
  const descriptor = doc.context.obj({ Type: 'FontDescriptor', FontName: `${subsetTag}+Liberation`, FontFile2: doc.context.register(file) });
  const font = doc.context.obj({ Type: 'Font', Subtype: 'TrueType', BaseFont: `${subsetTag}+Liberation`, FontDescriptor: doc.context.register(descriptor) });
  doc.catalog.set(PDFName.of('TestFont'), doc.context.register(font));
  doc.setCreationDate(new Date(shareLogo ? 0 : 1e12)); // a creator date that the finish replaces
  const helvetica = fontFirst ? await doc.embedFont(StandardFonts.Helvetica) : undefined;
  const shared = await doc.embedPng(logo);
  for (const text of ['one', 'two']) {
    const page = doc.addPage([960, 540]);
    const img = shareLogo ? shared : await doc.embedPng(logo);
    page.drawImage(img, { x: 10, y: 10, width: 90, height: 30 });
    page.drawText(text, { x: 100, y: 100, size: 20, font: helvetica ?? (await doc.embedFont(StandardFonts.Helvetica)) });
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

function imageCount(doc: PDFDocument): number {
  return doc.context.enumerateIndirectObjects().filter(([, o]) => o instanceof PDFRawStream && String(o.dict.get(PDFName.of('Subtype'))) === '/Image').length;
}

describe('canonical PDF', () => {
  it('the same pages give the same bytes, however the images were shared and objects numbered', async () => {
    const a = await twoPages(true, true);
    const b = await twoPages(false, false, 'BAAAAA');
    expect(sha(a)).not.toBe(sha(b)); // the inputs really differ
    expect(imageCount(await PDFDocument.load(b))).toBeGreaterThan(imageCount(await PDFDocument.load(a)));
    const fa = await finishPdf(a, deck);
    const fb = await finishPdf(b, deck);
    expect(sha(fb)).toBe(sha(fa));
    const doc = await PDFDocument.load(fa);
    expect(doc.getPageCount()).toBe(2);
    expect(imageCount(doc)).toBe(1);
    expect(doc.getTitle()).toBe('T');
    const raw = Buffer.from(fa).toString('latin1');
    expect(raw).not.toMatch(/[AB]AAAAA\+Liberation/);
    expect(raw).toMatch(/\/FontName \/[A-Z]{6}\+Liberation/);
  });

  it('numbers objects 1..n and drops what nothing refers to', async () => {
    const src = await PDFDocument.load(await twoPages(false, false));
    src.context.register(src.context.obj({ Orphan: true }));
    const withOrphan = Buffer.from(await src.save({ useObjectStreams: false }));
    expect(withOrphan.toString('latin1')).toContain('/Orphan');
    const out = await finishPdf(withOrphan, deck);
    expect(Buffer.from(out).toString('latin1')).not.toContain('/Orphan');
    const doc = await PDFDocument.load(out);
    const numbers = doc.context.enumerateIndirectObjects().map(([r]) => r.objectNumber).sort((x, y) => x - y);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });
});
