// Japanese as its readers expect it, in every output: no line breaks a kinsoku
// rule, lines break between phrases as the layout decided, and no text leaves
// its frame, in Chromium's PDF and in LibreOffice's rendering of the PPTX
// (measured with pdftotext -bbox-layout against the layout's boxes); the HTML
// carries the Japanese glyphs it needs for a reader without Noto fonts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../src/pipeline/load-model.js';
import { composeAndLayout } from '../src/pipeline/compose-deck.js';
import type { DeckLayout } from '../src/layout/types.js';
import { irdeck, replaceOnce, sampleText, tempFile } from './util/cli.js';
import { hasJapanese, kinsokuBreaks, pdfLines, type PdfLine } from './util/pdf-words.js';
import { wordsOutsideFrames } from './util/frames.js';

const out = mkdtempSync(join(tmpdir(), 'irdeck-ja-'));
/** the sample with Japanese as its primary language */
const file = tempFile('ja.yaml', replaceOnce(sampleText(), 'languages: [en, ja]', 'languages: [ja, en]'));
let layout: DeckLayout;
let pdf: PdfLine[];
let lo: PdfLine[];
const japaneseWord = (w: { text: string }) => hasJapanese(w.text);

/** The lines that lie in no chart's box. */
function outsideCharts(lines: PdfLine[]): PdfLine[] {
  return lines.filter((l) => !layout.slides[l.page - 1]?.elements.some((e) => e.kind === 'chart'
    && l.words[0].xMin >= e.box.x * 72 && l.words[0].xMin <= (e.box.x + e.box.w) * 72 && l.words[0].yMin >= e.box.y * 72 && l.words[0].yMin <= (e.box.y + e.box.h) * 72));
}

beforeAll(() => {
  const r = irdeck(['build', file, '--out', out, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  layout = composeAndLayout(loadModel(file)).layout;
  pdf = pdfLines(join(out, 'ja.pdf'));
  const loDir = mkdtempSync(join(tmpdir(), 'irdeck-ja-lo-'));
  const profile = mkdtempSync(join(tmpdir(), 'irdeck-lo-profile-'));
  execFileSync('libreoffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', loDir, join(out, 'ja.pptx')], { stdio: 'ignore', timeout: 180_000 });
  lo = pdfLines(join(loDir, 'ja.pdf'));
}, 300_000);

describe('Japanese lines', () => {
  it('the decks have Japanese on most slides', () => {
    const pages = (lines: PdfLine[]) => new Set(lines.filter((l) => hasJapanese(l.text)).map((l) => l.page)).size;
    expect(pages(pdf)).toBeGreaterThan(15);
    expect(pages(lo)).toBeGreaterThan(15);
  });

  it('no line of the PDF breaks a kinsoku rule', () => {
    expect(kinsokuBreaks(pdf)).toEqual([]);
  });

  it('no line of LibreOffice\'s rendering of the PPTX breaks a kinsoku rule', () => {
    // native charts' labels are single phrases that LibreOffice may set rotated (poppler then gives a line per glyph)
    expect(kinsokuBreaks(outsideCharts(lo))).toEqual([]);
  });

  it('the check of the rules finds a broken line', () => {
    expect(kinsokuBreaks([{ page: 1, text: '、増加しました' }, { page: 1, text: '売上高（' }, { page: 1, text: 'ーの増加' }, { page: 1, text: 'っています' }])).toHaveLength(4);
    expect(kinsokuBreaks([{ page: 1, text: '売上高は、' }, { page: 1, text: '（累計）' }])).toEqual([]);
  });

  it('the lines of a paragraph are the layout\'s, in both renderings', () => {
    // every line the layout chose for a Japanese paragraph is a line (or the end of one) in both PDFs
    const paraLines = layout.slides.flatMap((s) => s.elements.flatMap((e) => (e.kind === 'text' ? e.paragraphs : []))
      .filter((p) => p.lineStarts?.length).map((p) => ({ page: s.number, text: p.runs.map((r) => r.text).join(''), starts: p.lineStarts! })));
    expect(paraLines.length).toBeGreaterThan(10);
    const squash = (t: string) => t.replace(/\s+/g, '');
    for (const [name, lines] of [['PDF', pdf], ['LibreOffice', lo]] as const) {
      const missing: string[] = [];
      for (const p of paraLines) {
        const onPage = lines.filter((l) => l.page === p.page).map((l) => squash(l.text));
        [0, ...p.starts].forEach((a, i) => {
          const want = squash(p.text.slice(a, p.starts[i] ?? p.text.length));
          if (!onPage.some((l) => l.endsWith(want) || l.startsWith(want) || l === want)) missing.push(`slide ${p.page}: ${want}`);
        });
      }
      expect(missing, name).toEqual([]);
    }
  });
});

describe('Japanese text stays in its frame', () => {
  it('in the PDF', () => {
    // Chromium prints the CJK face as Type 3 glyphs, whose boxes poppler makes a line tall: horizontal extent and centre only
    expect(wordsOutsideFrames(layout, pdf, japaneseWord, { x: 1.5, y: 30 })).toEqual([]);
  });

  it('in LibreOffice\'s rendering of the PPTX', () => {
    expect(wordsOutsideFrames(layout, lo, japaneseWord)).toEqual([]);
  });

  it('the check finds a word pushed out of its frame', () => {
    const line = lo.find((l) => l.words.some(japaneseWord))!;
    const w = line.words.find(japaneseWord)!;
    // off every frame, and running past the slide's right edge from its own frame
    const moved: PdfLine = { ...line, words: [{ ...w, xMin: 2000, xMax: 2050 }] };
    const wide: PdfLine = { ...line, words: [{ ...w, xMax: 2 * 960 - w.xMin }] };
    expect(wordsOutsideFrames(layout, [moved, wide], japaneseWord).length).toBe(2);
  });
});

describe('the PPTX and the HTML say how Japanese is set', () => {
  it('Japanese paragraphs of the PPTX break where the layout did, with East Asian line breaking on, in Yu Gothic', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(out, 'ja.pptx')));
    const slides = await Promise.all(Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
    const paras = slides.flatMap((x) => x.match(/<a:p>[\s\S]*?<\/a:p>/g) ?? []).filter((p) => hasJapanese(p.replace(/<[^>]+>/g, '')));
    expect(paras.length).toBeGreaterThan(50);
    for (const p of paras) expect(p).toMatch(/<a:pPr eaLnBrk="1" hangingPunct="1"/);
    expect(paras.filter((p) => p.includes('<a:br/>')).length).toBeGreaterThan(10);
    expect(slides.join('')).toContain('<a:ea typeface="Yu Gothic"/>');
  });

  it('the HTML carries a font with every Japanese character it shows', () => {
    const html = readFileSync(join(out, 'ja.html'), 'utf8');
    const faces = [...html.matchAll(/@font-face\{font-family:'Noto Sans CJK JP';font-weight:(\d+);[^}]*url\(data:font\/otf;base64,([^)]+)\)/g)];
    expect(faces.map((f) => f[1])).toEqual(['400', '700']);
    const text = html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, '');
    const used = [...new Set(text.match(/[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/gu))];
    expect(used.length).toBeGreaterThan(300);
    for (const [, weight, b64] of faces) {
      const font = join(out, `cjk-${weight}.otf`);
      writeFileSync(font, Buffer.from(b64, 'base64'));
      const charset = execFileSync('fc-query', ['-f', '%{charset}', font], { encoding: 'utf8' });
      const ranges = charset.trim().split(/\s+/).map((r) => r.split('-').map((h) => parseInt(h, 16)));
      const covered = (c: string) => ranges.some(([a, b = a]) => c.codePointAt(0)! >= a && c.codePointAt(0)! <= b);
      expect(used.filter((c) => !covered(c)), `weight ${weight}`).toEqual([]);
      // a subset: far smaller than the 16 MB face
      expect(b64.length).toBeLessThan(400_000);
    }
  });
});
