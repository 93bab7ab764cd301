// The Japanese edition: one data file in two languages builds both decks with
// the same figures; and Japanese as its readers expect it, in every output: no line breaks a kinsoku
// rule, lines break between phrases as the layout decided, and no text leaves
// its frame, in Chromium's PDF and in LibreOffice's rendering of the PPTX
// (measured with pdftotext -bbox-layout against the layout's boxes), in both
// samples' Japanese editions (1H and 3Q); the HTML
// carries the Japanese glyphs it needs for a reader without Noto fonts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../src/pipeline/load-model.js';
import { composeAndLayout } from '../src/pipeline/compose-deck.js';
import type { DeckLayout } from '../src/layout/types.js';
import { irdeck, lineOf, replaceOnce, ROOT, sampleText, tempFile } from './util/cli.js';
import { comparePng } from './util/image-compare.js';
import { hasJapanese, kinsokuBreaks, pdfLines, type PdfLine } from './util/pdf-words.js';
import { wordsOutsideFrames } from './util/frames.js';
import { dataLatin, htmlText, strayLatin } from './util/latin-words.js';

const out = mkdtempSync(join(tmpdir(), 'irdeck-ja-'));
/** the sample with Japanese as its primary language */
const file = tempFile('deck.yaml', replaceOnce(sampleText(), 'languages: [en]', 'languages: [ja, en]'));
/** the 3Q sample's, of which only the Japanese PDF and PPTX are built */
const file3q = join(out, 'deck3q.yaml');
writeFileSync(file3q, replaceOnce(readFileSync(join(ROOT, 'data/fy2008-3q.yaml'), 'utf8'), 'languages: [en]', 'languages: [ja, en]'));

/** A sample's Japanese edition: its layout, the lines of Chromium's PDF and of LibreOffice's rendering of its PPTX. */
interface Rendered { name: string; layout: DeckLayout; notes: string[]; pdf: PdfLine[]; lo: PdfLine[]; loPdf: string }
const SAMPLES: Rendered[] = [];
const japaneseWord = (w: { text: string }) => hasJapanese(w.text);
const lh = () => SAMPLES[0];

/** The rows of a CSV file (quoted fields may hold commas and doubled quotes). */
function csvRows(text: string): string[][] {
  return text.trim().split('\n').map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"')));
}

beforeAll(() => {
  const r = irdeck(['build', file, '--out', out, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  const r3 = irdeck(['build', file3q, '--lang', 'ja', '--format', 'pdf,pptx', '--out', out, '--quiet']);
  expect(r3.code, r3.stderr).toBe(0);
  // one LibreOffice run for both decks
  const loDir = mkdtempSync(join(tmpdir(), 'irdeck-ja-lo-'));
  const profile = mkdtempSync(join(tmpdir(), 'irdeck-lo-profile-'));
  execFileSync('libreoffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', loDir, join(out, 'deck.ja.pptx'), join(out, 'deck3q.ja.pptx')], { stdio: 'ignore', timeout: 240_000 });
  for (const [name, data, base] of [['1H', file, 'deck'], ['3Q', file3q, 'deck3q']] as const) {
    const loPdf = join(loDir, `${base}.ja.pdf`);
    const laid = composeAndLayout(loadModel(data), { lang: 'ja' });
    SAMPLES.push({ name, layout: laid.layout, notes: laid.composed.slides.map((s) => s.notes), pdf: pdfLines(join(out, `${base}.ja.pdf`)), lo: pdfLines(loPdf), loPdf });
  }
}, 400_000);

describe('both editions from one data file', () => {
  const pages = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);

  it('every output carries its language, and the two decks have the same pages', () => {
    for (const lang of ['ja', 'en']) for (const ext of ['pptx', 'pdf', 'html', 'tieout.csv']) expect(existsSync(join(out, `deck.${lang}.${ext}`)), `deck.${lang}.${ext}`).toBe(true);
    expect(existsSync(join(out, 'deck.pdf'))).toBe(false);
    expect(pages(join(out, 'deck.ja.pdf'))).toBe(26);
    expect(pages(join(out, 'deck.en.pdf'))).toBe(pages(join(out, 'deck.ja.pdf')));
  });

  it('the Japanese PDF is in Japanese, its text extractable, with the same figures as the English', () => {
    const text = execFileSync('pdftotext', [join(out, 'deck.ja.pdf'), '-'], { encoding: 'utf8' });
    // the deck's words (templates/locales/ja.deck.yaml), the locale's (ja.yaml) and the data's Japanese texts
    const flat = text.replace(/\s+/g, '');
    for (const label of ['決算説明資料', '売上高', '営業利益', '継続売上', '前年同期比', '百万円', '2009年3月期 第2四半期（累計）', '2008年11月13日', '株式会社インターネットイニシアティブ', '現金及び現金同等物', '連結子会社', '将来見通しに関する注意事項']) expect(flat).toContain(label.replace(/\s+/g, ''));
    expect(text).toMatch(/△2,152/);
    expect(execFileSync('pdfinfo', [join(out, 'deck.ja.pdf')], { encoding: 'utf8' })).toMatch(/Title:\s+2009年3月期 第2四半期（累計） 決算説明資料/);
    expect(readFileSync(join(out, 'deck.ja.pdf')).toString('latin1')).toMatch(/\/Lang\s*\(ja\)/);
    // the same figures: every number each deck shows, by data path and value, in its tie-out
    // (a chart's rows carry the chart's unit, billions in the English bridge, millions in the Japanese: counted by path)
    const figures = (lang: string) => {
      const rows = csvRows(readFileSync(join(out, `deck.${lang}.tieout.csv`), 'utf8')).slice(1).filter((c) => /^-?\d/.test(c[5] ?? '') && !/typed/.test(c[6] ?? '') && !c[4].startsWith('period'));
      const chart = new Map<string, number>();
      for (const c of rows.filter((r) => r[2].startsWith('chart '))) chart.set(c[4], (chart.get(c[4]) ?? 0) + 1);
      return new Set([...rows.filter((r) => !r[2].startsWith('chart ')).map((c) => `${c[4]}=${c[5]}`), ...[...chart].map(([p, n]) => `${p} x${n} in charts`)]);
    };
    const ja = figures('ja');
    expect(ja.size).toBeGreaterThan(150);
    expect(ja).toEqual(figures('en'));
  });

  it('--lang builds one edition; a language the file does not list is refused with its line', () => {
    const one = mkdtempSync(join(tmpdir(), 'irdeck-ja-one-'));
    const r = irdeck(['build', file, '--lang', 'ja', '--format', 'html', '--out', one, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(one).filter((f) => !f.startsWith('.')).sort()).toEqual(['deck.ja.html', 'deck.ja.tieout.csv', 'deck.ja.tieout.html']);
    const bad = irdeck(['build', file, '--lang', 'fr', '--out', one, '--quiet']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`deck\\.yaml:${lineOf(readFileSync(file, 'utf8'), 'languages: [ja, en]  ')}:\\d+ .*--lang fr: the file lists languages \\[ja, en\\]`));
  });
});

describe('no English left in the Japanese edition', () => {
  it('every Latin word of the Japanese PDF is the deck\'s own or one the data gives its Japanese readers', () => {
    const text = execFileSync('pdftotext', [join(out, 'deck.ja.pdf'), '-'], { encoding: 'utf8' });
    const allowed = dataLatin(readFileSync(file, 'utf8'));
    // service and product names of the Japanese texts, the group company written once for every language
    for (const w of ['IIJ', 'MVNO', 'FiberAccess', 'GDX', 'America']) expect(allowed.has(w), w).toBe(true);
    expect(Object.fromEntries(strayLatin(text, allowed))).toEqual({});
  });

  it('nor in what the HTML shows and says of its charts (titles, series, alt text), in both samples', () => {
    const third = tempFile('ja-3q.yaml', replaceOnce(readFileSync(join(ROOT, 'data/fy2008-3q.yaml'), 'utf8'), 'languages: [en]', 'languages: [ja, en]'));
    const dir = mkdtempSync(join(tmpdir(), 'irdeck-ja-3q-'));
    const r = irdeck(['build', third, '--lang', 'ja', '--format', 'html', '--out', dir, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    for (const [data, html] of [[file, join(out, 'deck.ja.html')], [third, join(dir, 'ja-3q.ja.html')]]) {
      const text = htmlText(readFileSync(html, 'utf8'));
      // the CAPEX breakdown's period is the data's 1H08, named as the Japanese deck names periods
      expect(text).toMatch(/設備投資の内訳（\d\d\/3期 (上期|3Q累計)）/);
      expect(Object.fromEntries(strayLatin(text, dataLatin(readFileSync(data, 'utf8')))), html).toEqual({});
    }
  }, 60_000);

  it('the speaker notes list figures and series with Japanese separators', () => {
    const notes = lh().notes;
    const summary = notes[2];
    expect(summary).toMatch(/例示の数値（公開情報なし。説明資料の数値と整合）：26,429百万円、18\.9%増、/);
    expect(notes.join('\n')).toMatch(/グラフ「継続売上と一時売上」：継続売上（[^）]+）、一時売上（/);
    expect(notes.join('\n')).not.toMatch(/百万円, |増, |減, |）; /);
  });

  it('the press releases\' quarters are the Japanese period names', () => {
    const text = execFileSync('pdftotext', ['-layout', '-f', '24', '-l', '25', join(out, 'deck.ja.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toMatch(/^\s*08\/3期 4Q\s/m);
    expect(text).toMatch(/^\s*09\/3期 2Q\s+2008年7月3日/m);
    expect(text).not.toMatch(/FY0\d/);
    // the English edition keeps the seed's FY08 2Q
    expect(execFileSync('pdftotext', ['-f', '24', '-l', '24', join(out, 'deck.en.pdf'), '-'], { encoding: 'utf8' })).toMatch(/FY08 2Q/);
  });

  it('the gate finds an English word: the quarters as the data types them, a sentence left in English', () => {
    const allowed = dataLatin(readFileSync(file, 'utf8'));
    expect([...strayLatin('FY08 2Q　2008年7月3日　Revenues rose 10.9% YoY', allowed).keys()]).toEqual(['FY', 'Revenues', 'rose', 'YoY']);
  });
});

describe('Japanese sentences are checked against the figures', () => {
  const ja = '      ja: 景気減速および不採算のシステムインテグレーション案件の影響';
  const withSentence = (s: string) => tempFile('ja-typed.yaml', replaceOnce(readFileSync(file, 'utf8'), ja, `      ja: ${s}`));

  it('a contradiction is an error with its line and the right figure', () => {
    const typed = withSentence('営業利益は前年同期比5.0%増');
    const r = irdeck(['check', typed]);
    expect(r.code).toBe(2);
    const line = lineOf(readFileSync(typed, 'utf8'), '営業利益は前年同期比5.0%増');
    expect(r.stderr).toMatch(new RegExp(`ja-typed\\.yaml:${line}:\\d+  error  commentary\\.revenues\\[0\\]: "5\\.0%増" \\(subject: 営業利益\\), but 営業利益 fell 44\\.6% YoY`));
    expect(r.stderr).toMatch(/\(text\/contradiction\)/);
  });

  it('the true sentence is clean; so is every Japanese sentence of both samples', () => {
    expect(irdeck(['check', withSentence('営業利益は前年同期比44.6%減')]).code).toBe(0);
    const third = tempFile('ja-3q.yaml', replaceOnce(readFileSync(join(ROOT, 'data/fy2008-3q.yaml'), 'utf8'), 'languages: [en]', 'languages: [ja, en]'));
    const r = irdeck(['check', third]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('reference images of the Japanese deck', () => {
  // every slide as Chromium prints it and as LibreOffice shows the PPTX, against images a person looked at
  const rasterize = (pdf: string, prefix: string) => {
    execFileSync('pdftoppm', ['-r', '36', '-png', pdf, prefix]);
    const dir = join(prefix, '..');
    return readdirSync(dir).filter((f) => f.startsWith(`${prefix.split('/').pop()}-`) && f.endsWith('.png')).sort().map((f) => join(dir, f));
  };
  it('the PDF pages match tests/refs/pdf-ja, LibreOffice\'s PPTX pages tests/refs/pptx-ja', () => {
    const img = mkdtempSync(join(tmpdir(), 'irdeck-ja-img-'));
    for (const [kind, pdf, tolerance] of [['pdf', join(out, 'deck.ja.pdf'), 0.002], ['pptx', lh().loPdf, 0.005]] as const) {
      const pages = rasterize(pdf, join(img, kind));
      expect(pages.length).toBe(26);
      const ref = (i: number) => join(ROOT, `tests/refs/${kind}-ja/slide-${String(i + 1).padStart(2, '0')}.png`);
      const bad = pages.map((p, i) => ({ i: i + 1, r: comparePng(readFileSync(p), ref(i), { maxDiffRatio: tolerance }) })).filter((x) => !x.r.ok);
      expect(bad.map((b) => `${kind} slide ${b.i}: ${b.r.message ?? b.r.diffRatio}`)).toEqual([]);
    }
  });
});

// both samples' Japanese editions (SAMPLES is filled in beforeAll: the tests take its index)
describe.each([{ sample: '1H', i: 0 }, { sample: '3Q', i: 1 }])('Japanese lines of the $sample sample', ({ i }) => {
  it('the decks have Japanese on most slides', () => {
    const pages = (lines: PdfLine[]) => new Set(lines.filter((l) => hasJapanese(l.text)).map((l) => l.page)).size;
    expect(pages(SAMPLES[i].pdf)).toBeGreaterThan(15);
    expect(pages(SAMPLES[i].lo)).toBeGreaterThan(15);
  });

  it('no line of the PDF breaks a kinsoku rule', () => {
    expect(kinsokuBreaks(SAMPLES[i].pdf)).toEqual([]);
  });

  it('no line of LibreOffice\'s rendering of the PPTX breaks a kinsoku rule', () => {
    expect(kinsokuBreaks(SAMPLES[i].lo)).toEqual([]);
  });

  it('the lines of a paragraph are the layout\'s, in both renderings', () => {
    // every line the layout chose for a Japanese paragraph is a line (or the end of one) in both PDFs
    const { layout, pdf, lo } = SAMPLES[i];
    const paraLines = layout.slides.flatMap((s) => s.elements.flatMap((e) => (e.kind === 'text' ? e.paragraphs : []))
      .filter((p) => p.lineStarts?.length).map((p) => ({ page: s.number, text: p.runs.map((r) => r.text).join(''), starts: p.lineStarts! })));
    expect(paraLines.length).toBeGreaterThan(10);
    const squash = (t: string) => t.replace(/\s+/g, '');
    for (const [name, lines] of [['PDF', pdf], ['LibreOffice', lo]] as const) {
      const missing: string[] = [];
      for (const p of paraLines) {
        const onPage = lines.filter((l) => l.page === p.page).map((l) => squash(l.text));
        [0, ...p.starts].forEach((a, k) => {
          const want = squash(p.text.slice(a, p.starts[k] ?? p.text.length));
          if (!onPage.some((l) => l.endsWith(want) || l.startsWith(want) || l === want)) missing.push(`slide ${p.page}: ${want}`);
        });
      }
      expect(missing, name).toEqual([]);
    }
  });
});

describe.each([{ sample: '1H', i: 0 }, { sample: '3Q', i: 1 }])('Japanese text of the $sample sample stays in its frame', ({ i }) => {
  it('in the PDF', () => {
    // Chromium prints the CJK face as Type 3 glyphs, whose boxes poppler makes a line tall: horizontal extent and centre only
    expect(wordsOutsideFrames(SAMPLES[i].layout, SAMPLES[i].pdf, japaneseWord, { x: 1.5, y: 30 })).toEqual([]);
  });

  it('in LibreOffice\'s rendering of the PPTX', () => {
    expect(wordsOutsideFrames(SAMPLES[i].layout, SAMPLES[i].lo, japaneseWord)).toEqual([]);
  });
});

describe('the checks of Japanese lines fail', () => {
  it('the check of the rules finds a broken line', () => {
    expect(kinsokuBreaks([{ page: 1, text: '、増加しました' }, { page: 1, text: '売上高（' }, { page: 1, text: 'ーの増加' }, { page: 1, text: 'っています' }])).toHaveLength(4);
    expect(kinsokuBreaks([{ page: 1, text: '売上高は、' }, { page: 1, text: '（累計）' }])).toEqual([]);
  });

  it('the check finds a word pushed out of its frame', () => {
    const { layout, lo } = lh();
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
    const zip = await JSZip.loadAsync(readFileSync(join(out, 'deck.ja.pptx')));
    const slides = await Promise.all(Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
    const paras = slides.flatMap((x) => x.match(/<a:p>[\s\S]*?<\/a:p>/g) ?? []).filter((p) => hasJapanese(p.replace(/<[^>]+>/g, '')));
    expect(paras.length).toBeGreaterThan(50);
    for (const p of paras) expect(p).toMatch(/<a:pPr eaLnBrk="1" hangingPunct="1"/);
    expect(paras.filter((p) => p.includes('<a:br/>')).length).toBeGreaterThan(10);
    expect(slides.join('')).toContain('<a:ea typeface="Yu Gothic"/>');
  });

  it('the HTML carries a font with every Japanese character it shows', () => {
    const html = readFileSync(join(out, 'deck.ja.html'), 'utf8');
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
