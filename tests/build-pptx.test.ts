// The built sample deck as PowerPoint: unzip it and read its XML.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPptxStructure } from '../src/qa/pptx-structure.js';
import { loadModel } from '../src/pipeline/load-model.js';
import { composeAndLayout } from '../src/pipeline/compose-deck.js';
import { irdeck, SAMPLE } from './util/cli.js';

const out = mkdtempSync(join(tmpdir(), 'irdeck-pptx-'));
const out2 = mkdtempSync(join(tmpdir(), 'irdeck-pptx2-'));
let pptx: Buffer;
let zip: JSZip;
const laid = composeAndLayout(loadModel(SAMPLE));

/** Visible text of a slide part, paragraph by paragraph. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((m) => [...m[1].matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => t[1]).join('')).map(unescapeXml).filter(Boolean);
}
const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

async function slideXml(n: number): Promise<string> {
  return zip.file(`ppt/slides/slide${n}.xml`)!.async('string');
}

beforeAll(async () => {
  const r = irdeck(['build', SAMPLE, '--format', 'pptx', '--out', out, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  pptx = readFileSync(join(out, 'fy2008-1h.pptx'));
  zip = await JSZip.loadAsync(pptx);
});

describe('PPTX of the sample deck', () => {
  it('has every slide of the deck definition, titles in order', async () => {
    const slides = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
    expect(slides.length).toBe(laid.layout.slides.length);
    expect(slides.length).toBeGreaterThanOrEqual(24);
    for (const s of laid.layout.slides) {
      const xml = await slideXml(s.number);
      expect(paragraphs(xml), `slide ${s.number}`).toContain(s.title);
    }
    const titles = laid.layout.slides.map((s) => s.title);
    expect(titles.slice(0, 4)).toEqual(['1H FY2008 Consolidated Financial Results', 'Contents', 'Summary of 1H08 Financial Results', 'II-1. Consolidated Financial Results for 1H08']);
  });

  it("the I-1 table's cells are the seed's", async () => {
    const n = laid.layout.slides.find((s) => s.id === 'results')!.number;
    const xml = await slideXml(n);
    const rows = [...xml.matchAll(/<a:tr [^>]*>([\s\S]*?)<\/a:tr>/g)].map((r) => [...r[1].matchAll(/<a:tc[^>]*>([\s\S]*?)<\/a:tc>/g)].map((c) => paragraphs(c[1]).join(' ')));
    expect(rows.slice(1)).toEqual([
      ['Total Revenues', '', '33.3', '', '30.0', '10.9%', '33.2', '34.5'],
      ['Total Costs', '81.4%', '27.1', '79.4%', '23.8', '13.7%', '', ''],
      ['Gross Margin', '18.6%', '6.2', '20.6%', '6.2', '(0.2%)', '', ''],
      ['SG&A/R&D', '15.5%', '5.2', '14.5%', '4.4', '18.4%', '', ''],
      ['Operating Income', '3.0%', '1.0', '6.1%', '1.8', '(44.6%)', '1.0', '1.9'],
      ['Income before Income Tax', '2.3%', '0.8', '5.7%', '1.7', '(54.9%)', '0.7', '1.7'],
      ['Net Income', '1.1%', '0.4', '11.6%', '3.5', '(89.4%)', '0.3', '0.8'],
    ]);
  });

  it('every number in the summary sentences is one the model computed', async () => {
    const s = laid.composed.slides.find((x) => x.id === 'summary')!;
    const xml = await slideXml(laid.layout.slides.find((x) => x.id === 'summary')!.number);
    const text = paragraphs(xml).join('\n');
    expect(text).toContain('Revenues JPY33,254 million (up 10.9% YoY)');
    expect(text).toContain('Operating income JPY1,005 million (down 44.6% YoY)');
    // each figure written by a helper appears on the slide as written
    const shown = s.tieout.filter((t) => t.element === 'bullets').map((t) => t.text);
    expect(shown.length).toBeGreaterThan(8);
    for (const t of shown) expect(text).toContain(t);
    // and no number on the slide is outside what the helpers wrote (or the period words)
    const numbers = text.match(/\d+(?:[.,]\d+)*%?/g) ?? [];
    const allowed = shown.join(' ') + ' 1H08 FY2008 FY07 2008.10.24 2008-11-14 2009-01-30 4 new subsidiaries';
    for (const num of numbers) expect(allowed, `"${num}" on the summary slide comes from no helper`).toContain(num);
  });

  it('has speaker notes saying where the numbers come from', async () => {
    const notes = Object.keys(zip.files).filter((f) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(f));
    expect(notes.length).toBe(laid.layout.slides.length);
    const n = laid.layout.slides.find((s) => s.id === 'results')!.number;
    const rels = await zip.file(`ppt/slides/_rels/slide${n}.xml.rels`)!.async('string');
    const target = /Target="\.\.\/notesSlides\/(notesSlide\d+\.xml)"/.exec(rels)![1];
    const xml = await zip.file(`ppt/notesSlides/${target}`)!.async('string');
    expect(paragraphs(xml).join('\n')).toMatch(/Where the numbers on this slide come from/);
  });

  it('passes the structure gate', async () => {
    expect(await checkPptxStructure(pptx)).toEqual([]);
  });

  it('is byte-identical when built again, elsewhere and in another time zone', () => {
    const r = irdeck(['build', SAMPLE, '--format', 'pptx', '--out', out2, '--quiet'], { env: { TZ: 'Asia/Tokyo', LANG: 'ja_JP.UTF-8' }, cwd: tmpdir() });
    expect(r.code, r.stderr).toBe(0);
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(readFileSync(join(out2, 'fy2008-1h.pptx')))).toBe(sha(pptx));
  });

  it('opens in LibreOffice with one page per slide', () => {
    const pdfDir = mkdtempSync(join(tmpdir(), 'irdeck-lo-'));
    const profile = mkdtempSync(join(tmpdir(), 'irdeck-lo-profile-'));
    execFileSync('libreoffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', pdfDir, join(out, 'fy2008-1h.pptx')], { stdio: 'ignore', timeout: 180_000 });
    const pdf = readdirSync(pdfDir).find((f) => f.endsWith('.pdf'))!;
    const info = execFileSync('pdfinfo', [join(pdfDir, pdf)], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(laid.layout.slides.length);
  });
});
