// The sample deck as HTML and PDF: same slides as the PPTX, text as text,
// nothing fetched from anywhere, reproducible bytes.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFDict, PDFName, PDFRawStream } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../src/pipeline/load-model.js';
import { composeAndLayout } from '../src/pipeline/compose-deck.js';
import { tieOutRows } from '../src/pipeline/tieout.js';
import { irdeck, SAMPLE, sampleText, tempFile } from './util/cli.js';
import { readPng } from '../src/util/png.js';

const out = mkdtempSync(join(tmpdir(), 'irdeck-html-'));
const laid = composeAndLayout(loadModel(SAMPLE));
let html: string;
let pdf: Buffer;
let pdfText: string;

beforeAll(() => {
  const r = irdeck(['build', SAMPLE, '--format', 'html,pdf', '--out', out, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  html = readFileSync(join(out, 'fy2008-1h.html'), 'utf8');
  pdf = readFileSync(join(out, 'fy2008-1h.pdf'));
  pdfText = execFileSync('pdftotext', ['-layout', join(out, 'fy2008-1h.pdf'), '-'], { encoding: 'utf8' });
});

describe('HTML', () => {
  it('one section per slide, titles as headings', () => {
    expect(html.match(/<section class="slide"/g)?.length).toBe(laid.layout.slides.length);
    expect(html.match(/<h1[ >]/g)?.length).toBe(laid.layout.slides.length);
  });

  it('requests nothing from outside: no http(s) in src, href or url()', () => {
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?\s*(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<script/i); // a file build runs no script at all
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
  });
});

describe('PDF', () => {
  it('one 960 x 540 pt page per slide', async () => {
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(laid.layout.slides.length);
    for (const p of doc.getPages()) expect([Math.round(p.getWidth()), Math.round(p.getHeight())]).toEqual([960, 540]);
  });

  it('text holds every title and the I-1 table numbers', () => {
    for (const s of laid.layout.slides) expect(pdfText.replace(/\s+/g, ' ')).toContain(s.title.replace(/\s+/g, ' '));
    const row = pdfText.split('\n').find((l) => l.includes('Operating Income') && l.includes('(44.6%)'))!;
    expect(row.trim().split(/\s{2,}/)).toEqual(['Operating Income', '3.0%', '1.0', '6.1%', '1.8', '(44.6%)', '1.0', '1.9']);
  });

  it('has a title, language, one bookmark per slide and is tagged', async () => {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(doc.getTitle()).toBe('1H FY2008 Consolidated Financial Results');
    expect(String(doc.catalog.get(PDFName.of('Lang')))).toContain('en');
    expect(doc.catalog.get(PDFName.of('StructTreeRoot'))).toBeDefined();
    const outlines = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict);
    expect(Number(String(outlines.get(PDFName.of('Count'))))).toBe(laid.layout.slides.length);
  });

  it('carries the charts\' alt text', () => {
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/Alt/);
  });

  it('carries every chart at full size: the HTML\'s PNG data, no placeholder left', async () => {
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const images = doc.context.enumerateIndirectObjects().flatMap(([, o]) => (o instanceof PDFRawStream && String(o.dict.get(PDFName.of('Subtype'))) === '/Image' ? [o] : []));
    const size = (o: PDFRawStream, k: string) => Number(String(o.dict.get(PDFName.of(k))));
    expect(images.filter((o) => size(o, 'Width') === 1 && size(o, 'Height') === 1)).toEqual([]);
    const pngs = [...html.matchAll(/<figure class="el chart"[^>]*><img src="data:image\/png;base64,([^"]+)"/g)].map((m) => readPng(Buffer.from(m[1], 'base64')));
    expect(pngs.length).toBe(laid.layout.slides.flatMap((s) => s.elements.filter((e) => e.kind === 'chart')).length);
    for (const png of pngs) {
      const same = images.filter((o) => Buffer.from(o.contents).equals(png.zdata));
      expect(same.length, `chart ${png.width}x${png.height}`).toBe(1);
      expect([size(same[0], 'Width'), size(same[0], 'Height')]).toEqual([png.width, png.height]);
      expect(String(same[0].dict.get(PDFName.of('DecodeParms')))).toMatch(/\/Predictor 15[\s\S]*\/Colors 3/);
    }
  });

  it('every number in its text appears in the tie-out report', () => {
    const rows = tieOutRows(laid);
    const texts = rows.map((r) => r.shown).join(' | ');
    // the frame: page numbers and the footer's copyright year are not figures
    const body = pdfText.replace(/Copyright © \d{4}[^\n]*/g, '').split('\f').map((page, i) => page.replace(new RegExp(`\\b${i + 1}\\s*$`), '')).join('\n');
    const numbers = body.match(/\d+(?:[.,]\d+)*%?/g) ?? [];
    const missing = [...new Set(numbers.filter((n) => !texts.includes(n)))];
    expect(missing).toEqual([]);
    expect(rows.some((r) => r.shown === '33,254' || r.shown.includes('33,254'))).toBe(true);
  });

  it('is byte-identical when built again under another time zone and locale', async () => {
    const out2 = mkdtempSync(join(tmpdir(), 'irdeck-pdf2-'));
    const r = irdeck(['build', SAMPLE, '--format', 'html,pdf', '--out', out2, '--quiet'], { env: { TZ: 'Asia/Tokyo', LANG: 'ja_JP.UTF-8' }, cwd: tmpdir() });
    expect(r.code, r.stderr).toBe(0);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    // the HTML first: if it differs, the PDF cannot be the same, and this says why
    expect(sha(readFileSync(join(out2, 'fy2008-1h.html')))).toBe(sha(Buffer.from(html)));
    const pdf2 = readFileSync(join(out2, 'fy2008-1h.pdf'));
    if (sha(pdf2) !== sha(pdf)) {
      // say where they differ, so that a failure seen only in CI can be understood from its log
      const [a, b] = [pdfSummary(pdf), pdfSummary(pdf2)];
      expect(await b, 'the PDFs differ; their summaries').toEqual(await a);
    }
    expect(sha(pdf2)).toBe(sha(pdf));
  });
});

/** What a PDF holds, object by object kind, for a readable difference. */
async function pdfSummary(bytes: Buffer): Promise<Record<string, unknown>> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const kinds: Record<string, number> = {};
  const streams: string[] = [];
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    const dict = obj instanceof PDFRawStream ? obj.dict : obj instanceof PDFDict ? obj : undefined;
    const kind = `${dict?.get(PDFName.of('Type')) ?? ''}${dict?.get(PDFName.of('Subtype')) ?? ''}` || obj.constructor.name;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    if (obj instanceof PDFRawStream) streams.push(`${ref.objectNumber} ${kind} ${obj.contents.length} ${createHash('sha1').update(obj.contents).digest('hex').slice(0, 8)}`);
  }
  return { objects: doc.context.enumerateIndirectObjects().length, kinds, streams, size: bytes.length };
}

describe('data text stays text', () => {
  it('markup in the data appears as text in HTML and PDF', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const file = tempFile('evil.yaml', sampleText().replace('en: IIJ to Open New Nerima Data Center', `en: '${evil}'`));
    const o = mkdtempSync(join(tmpdir(), 'irdeck-evil-'));
    const r = irdeck(['build', file, '--format', 'html,pdf', '--out', o, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const h = readFileSync(join(o, 'evil.html'), 'utf8');
    expect(h).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(h).not.toContain(evil);
    const t = execFileSync('pdftotext', [join(o, 'evil.pdf'), '-'], { encoding: 'utf8' });
    expect(t).toContain(evil);
  });
});

describe('browser faults', () => {
  const fake = (body: string) => {
    const f = tempFile('fake-chrome', `#!/bin/sh\n${body}\n`);
    execFileSync('chmod', ['+x', f]);
    return f;
  };
  it('a browser that exits at once: clear error, PPTX and HTML kept', () => {
    const o = mkdtempSync(join(tmpdir(), 'irdeck-crash-'));
    const r = irdeck(['build', SAMPLE, '--out', o, '--quiet'], { env: { IRDECK_CHROME: fake('exit 3') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/browser .* did not start|crashed/);
    expect(readFileSync(join(o, 'fy2008-1h.pptx')).length).toBeGreaterThan(1000);
    expect(readFileSync(join(o, 'fy2008-1h.html')).length).toBeGreaterThan(1000);
  });
  it('a browser that hangs: the build ends within the timeout', () => {
    const o = mkdtempSync(join(tmpdir(), 'irdeck-hang-'));
    const t0 = Date.now();
    const r = irdeck(['build', SAMPLE, '--out', o, '--quiet', '--timeout', '3'], { env: { IRDECK_CHROME: fake('sleep 600') } });
    expect(r.code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(r.stderr).toMatch(/did not start within 3 s|took longer/);
  });
  it('IRDECK_CHROME naming a missing file says so', () => {
    const r = irdeck(['build', SAMPLE, '--format', 'pdf', '--out', mkdtempSync(join(tmpdir(), 'irdeck-x-')), '--quiet'], { env: { IRDECK_CHROME: '/nope/chrome' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('IRDECK_CHROME=/nope/chrome, but there is no such file');
  });
});
