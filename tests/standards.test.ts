// Every deck the tests build, held to the standards (ISO/IEC 29500 schemas, PDF/UA-1, HTML and
// WCAG 2.1 AA), and each check shown to fail on a file broken on purpose. A new edition or option
// is one more line in DECKS.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import JSZip from 'jszip';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFString } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPptxStructure } from '../src/qa/pptx-structure.js';
import { bilingualSample, irdeck, ROOT } from './util/cli.js';
import { axeViolations, htmlValidateErrors } from './util/html-standards.js';
import { ooxmlSchemaErrors } from './util/ooxml-schema.js';
import { pdfUaProblems, readPdfReport } from './util/pdfua.js';
import { chartNumberProblems } from './util/chart-numbers.js';
import { hasJapanese } from './util/pdf-words.js';
import { htmlLang, standardsProblems, uaExpect, type StandardsReport } from './util/standards.js';

/** `data` is under data/ or absolute (a bilingual copy); `bases` are the output names the build writes, one per edition. */
interface Deck { label: string; data: string; args: string[]; bases: string[] }
const DECKS: Deck[] = [
  { label: '1H sample', data: 'data/fy2008-1h.yaml', args: [], bases: ['fy2008-1h'] },
  { label: '3Q sample', data: 'data/fy2008-3q.yaml', args: [], bases: ['fy2008-3q'] },
  { label: '1H sample, charts as pictures', data: 'data/fy2008-1h.yaml', args: ['--charts', 'image', '--format', 'pptx'], bases: ['fy2008-1h'] },
  // the Japanese edition of each sample; the 1H file built in both its languages, the English edition held to en
  { label: '1H sample in Japanese and English', data: bilingualSample('data/fy2008-1h.yaml'), args: [], bases: ['fy2008-1h.ja', 'fy2008-1h.en'] },
  { label: '3Q sample in Japanese', data: bilingualSample('data/fy2008-3q.yaml'), args: ['--lang', 'ja'], bases: ['fy2008-3q.ja'] },
];

const built = new Map<Deck, { out: string; report: StandardsReport }>();

beforeAll(async () => {
  for (const d of DECKS) {
    const out = mkdtempSync(join(tmpdir(), 'irdeck-std-'));
    const r = irdeck(['build', resolve(ROOT, d.data), '--out', out, '--quiet', ...d.args]);
    expect(r.code, r.stderr).toBe(0);
    built.set(d, { out, report: await standardsProblems(out, resolve(ROOT, d.data)) });
  }
}, 600_000);

describe.each(DECKS)('$label', (d) => {
  it('every XML part of the PPTX and of its workbooks is valid against the ISO/IEC 29500 Transitional schemas', () => {
    expect(built.get(d)!.report.pptx).toEqual([]);
    for (const base of d.bases) expect(ooxmlSchemaErrors([join(built.get(d)!.out, `${base}.pptx`)]).parts).toBeGreaterThan(50);
  });
  it('the PDF keeps the PDF/UA-1 rules checked by machine', () => {
    expect(built.get(d)!.report.pdf).toEqual([]);
  });
  it('the HTML is valid (html-validate standard)', () => {
    expect(built.get(d)!.report.html).toEqual([]);
  });
  it('the HTML has no axe-core violation (WCAG 2.1 AA and best practice)', () => {
    expect(built.get(d)!.report.axe).toEqual([]);
  });
});

const first = () => built.get(DECKS[0])!.out;
const bilingual = () => DECKS.find((d) => d.bases.length > 1)!;
const japanese3q = () => DECKS.find((d) => d.bases[0] === 'fy2008-3q.ja')!;

describe('each edition in its own language', () => {
  it('the Japanese PDFs say ja, with a Japanese title and Alt texts, their HTML lang="ja"; the English edition of the same build says en', () => {
    for (const [d, base, lang] of [[bilingual(), 'fy2008-1h.ja', 'ja'], [bilingual(), 'fy2008-1h.en', 'en'], [japanese3q(), 'fy2008-3q.ja', 'ja']] as const) {
      const r = readPdfReport(join(built.get(d)!.out, `${base}.pdf`));
      expect(r.lang, base).toBe(lang);
      expect(r.xmp).toContain(`<dc:language><rdf:Bag><rdf:li>${lang}</rdf:li>`);
      expect(hasJapanese(r.infoTitle ?? ''), `${base}: ${r.infoTitle}`).toBe(lang === 'ja');
      expect(r.xmp).toContain(`<rdf:li xml:lang="x-default">${r.infoTitle}</rdf:li>`);
      const alts = r.elements.filter((e) => e.type === 'Figure').map((e) => e.alt ?? '');
      expect(alts.length).toBeGreaterThan(30);
      expect(alts.filter((a) => hasJapanese(a) !== (lang === 'ja')), base).toEqual([]);
      expect(htmlLang(readFileSync(join(built.get(d)!.out, `${base}.html`), 'utf8')), base).toBe(lang);
    }
  });

  it('the check fails on a Japanese page that says lang="en"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'irdeck-std-badlang-'));
    const html = readFileSync(join(built.get(bilingual())!.out, 'fy2008-1h.ja.html'), 'utf8');
    expect(html).toContain('<html lang="ja">');
    writeFileSync(join(dir, 'fy2008-1h.ja.html'), html.replace('<html lang="ja">', '<html lang="en">'));
    expect((await standardsProblems(dir, bilingual().data)).html).toEqual([expect.stringMatching(/fy2008-1h\.ja\.html: html lang is "en", not ja$/)]);
  });
});

describe.each(DECKS)('$label: "Edit Data" shows the numbers as the data file writes them', (d) => {
  it('each value in the chart caches and workbooks is its shortest decimal, without float noise, and the two agree', async () => {
    for (const base of d.bases) {
      const r = await chartNumberProblems(readFileSync(join(built.get(d)!.out, `${base}.pptx`)), resolve(ROOT, d.data));
      expect(r.problems).toEqual([]);
      if (d.args.includes('image')) { expect(r.charts).toBe(0); continue; }
      expect(r.charts).toBeGreaterThan(10);
      expect(r.compared).toBeGreaterThan(100);
    }
  });
});

describe('the number check fails on float noise', () => {
  it('13379.400000000001 in a cache, 0.9999999999999999 in a workbook', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(first(), 'fy2008-1h.pptx')));
    const chart = await zip.file('ppt/charts/chart1.xml')!.async('string');
    expect(chart).toContain('<c:v>13379.4</c:v>');
    zip.file('ppt/charts/chart1.xml', chart.replace('<c:v>13379.4</c:v>', '<c:v>13379.400000000001</c:v>'));
    const book = await JSZip.loadAsync(await zip.file('ppt/embeddings/Microsoft_Excel_Worksheet2.xlsx')!.async('nodebuffer'));
    const sheet = await book.file('xl/worksheets/sheet1.xml')!.async('string');
    book.file('xl/worksheets/sheet1.xml', sheet.replace(/(<c r="B2"[^>]*>(?:<f>[^<]*<\/f>)?<v>)[^<]*/, '$10.9999999999999999'));
    zip.file('ppt/embeddings/Microsoft_Excel_Worksheet2.xlsx', await book.generateAsync({ type: 'nodebuffer' }));
    const r = await chartNumberProblems(await zip.generateAsync({ type: 'nodebuffer' }), resolve(ROOT, DECKS[0].data));
    expect(r.problems).toEqual(expect.arrayContaining([
      'ppt/charts/chart1.xml cache B11: 13379.400000000001',
      expect.stringMatching(/^ppt\/charts\/chart1\.xml B11: cache 13379\.400000000001, workbook 13379\.4$/),
      'ppt/charts/chart2.xml workbook B2: 0.9999999999999999',
    ]));
  });
});

describe('the schema check fails on a broken part', () => {
  async function broken(edit: (zip: JSZip) => Promise<void>): Promise<string[]> {
    const zip = await JSZip.loadAsync(readFileSync(join(first(), 'fy2008-1h.pptx')));
    await edit(zip);
    const file = join(mkdtempSync(join(tmpdir(), 'irdeck-std-bad-')), 'bad.pptx');
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    return ooxmlSchemaErrors([file]).errors;
  }
  const swap = async (zip: JSZip, part: string, f: (xml: string) => string) => {
    const xml = await zip.file(part)!.async('string');
    const to = f(xml);
    expect(to).not.toBe(xml);
    zip.file(part, to);
  };

  it('an element out of order (p:notesMasterIdLst after p:sldIdLst, as pptxgenjs writes it)', async () => {
    const errors = await broken((z) => swap(z, 'ppt/presentation.xml', (x) => {
      const list = /<p:notesMasterIdLst>.*?<\/p:notesMasterIdLst>/.exec(x)![0];
      return x.replace(list, '').replace('</p:sldIdLst>', `</p:sldIdLst>${list}`);
    }));
    expect(errors.join('\n')).toMatch(/ppt\/presentation\.xml:\d+: .*notesMasterIdLst.*not expected/);
  });

  it('an element out of order inside an embedded workbook', async () => {
    const errors = await broken(async (z) => {
      const name = Object.keys(z.files).find((n) => n.endsWith('.xlsx'))!;
      const book = await JSZip.loadAsync(await z.file(name)!.async('nodebuffer'));
      await swap(book, 'xl/styles.xml', (x) => x.replace(/(<fonts[\s\S]*?<\/fonts>)(<fills[\s\S]*?<\/fills>)/, '$2$1'));
      z.file(name, await book.generateAsync({ type: 'nodebuffer' }));
    });
    expect(errors.join('\n')).toMatch(/\.xlsx!xl\/styles\.xml:\d+: .*fonts.*not expected/);
  });

  it('Markup Compatibility: ignorable extensions are dropped, an AlternateContent is read as its Fallback', async () => {
    const MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x99="urn:example:x99" mc:Ignorable="x99"';
    const ok = await broken((z) => swap(z, 'ppt/slides/slide2.xml', (x) => x.replace('<p:sld ', `<p:sld ${MC} x99:flag="1" `).replace('</p:cSld>', '<x99:extra/></p:cSld>')));
    expect(ok).toEqual([]);
    const alt = (fallback: string) => `<mc:AlternateContent><mc:Choice Requires="x99"><x99:shape/></mc:Choice><mc:Fallback>${fallback}</mc:Fallback></mc:AlternateContent>`;
    const good = await broken((z) => swap(z, 'ppt/slides/slide2.xml', (x) => x.replace('<p:sld ', `<p:sld ${MC} `).replace(/(<p:spTree>[\s\S]*?<\/p:grpSpPr>)/, `$1${alt('')}`)));
    expect(good).toEqual([]);
    const bad = await broken((z) => swap(z, 'ppt/slides/slide2.xml', (x) => x.replace('<p:sld ', `<p:sld ${MC} `).replace(/(<p:spTree>[\s\S]*?<\/p:grpSpPr>)/, `$1${alt('<p:bogus/>')}`)));
    expect(bad.join('\n')).toMatch(/slide2\.xml:\d+: .*bogus/);
  });
});

describe('the PPTX structure gate knows the repair triggers', () => {
  it('notes master list after the slide list, bgPr without effectLst, a workbook without cellXfs', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(first(), 'fy2008-1h.pptx')));
    const pres = await zip.file('ppt/presentation.xml')!.async('string');
    const list = /<p:notesMasterIdLst>.*?<\/p:notesMasterIdLst>/.exec(pres)![0];
    zip.file('ppt/presentation.xml', pres.replace(list, '').replace('</p:sldIdLst>', `</p:sldIdLst>${list}`));
    const layout = await zip.file('ppt/slideLayouts/slideLayout2.xml')!.async('string');
    expect(layout).toContain('<a:effectLst/></p:bgPr>');
    zip.file('ppt/slideLayouts/slideLayout2.xml', layout.replace('<a:effectLst/></p:bgPr>', '</p:bgPr>'));
    const name = Object.keys(zip.files).find((n) => n.endsWith('.xlsx'))!;
    const book = await JSZip.loadAsync(await zip.file(name)!.async('nodebuffer'));
    const styles = await book.file('xl/styles.xml')!.async('string');
    book.file('xl/styles.xml', styles.replace(/<cellXfs[\s\S]*?<\/cellXfs>/, ''));
    zip.file(name, await book.generateAsync({ type: 'nodebuffer' }));
    const problems = await checkPptxStructure(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(problems.map((p) => `${p.part} ${p.rule}`).sort()).toEqual([
      `${name}!xl/styles.xml xlsx/cell-formats`,
      'ppt/presentation.xml pptx/presentation-order',
      'ppt/slideLayouts/slideLayout2.xml pptx/bgpr-effects',
    ]);
    expect(problems.find((p) => p.rule === 'pptx/bgpr-effects')!.message).toContain('gitbrent/PptxGenJS#1442');
  });
});

describe('the PDF/UA check fails on a broken PDF', () => {
  /** The 1H sample's PDF edited; `lang: 'ja'` its Japanese edition's, held to what the Japanese edition must say. */
  async function brokenPdf(edit: (doc: PDFDocument) => void, lang?: 'ja'): Promise<string[]> {
    const pdf = lang ? join(built.get(bilingual())!.out, 'fy2008-1h.ja.pdf') : join(first(), 'fy2008-1h.pdf');
    const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
    edit(doc);
    const file = join(mkdtempSync(join(tmpdir(), 'irdeck-std-badpdf-')), 'bad.pdf');
    writeFileSync(file, await doc.save({ useObjectStreams: false }));
    return pdfUaProblems(readPdfReport(file), lang ? uaExpect(bilingual().data, lang) : uaExpect(resolve(ROOT, DECKS[0].data)));
  }
  const structElems = (doc: PDFDocument, type: string): PDFDict[] => {
    const out: PDFDict[] = [];
    const seen = new Set<unknown>();
    const walk = (o: unknown): void => {
      const n = o instanceof PDFRef ? doc.context.lookup(o) : o;
      if (seen.has(n)) return;
      seen.add(n);
      if (n instanceof PDFArray) n.asArray().forEach(walk);
      else if (n instanceof PDFDict) {
        if (String(n.get(PDFName.of('S'))) === `/${type}`) out.push(n);
        walk(n.get(PDFName.of('K')));
      }
    };
    walk(doc.catalog.lookup(PDFName.of('StructTreeRoot')));
    return out;
  };

  it('a Figure without Alt', async () => {
    const problems = await brokenPdf((doc) => structElems(doc, 'Figure')[0].delete(PDFName.of('Alt')));
    expect(problems).toEqual([expect.stringMatching(/^7\.3-1: page \d+: a Figure without Alt$/)]);
  });

  it('a Japanese PDF with an English Alt, its catalog saying en and its title the English one', async () => {
    expect(await brokenPdf(() => undefined, 'ja')).toEqual([]);
    const problems = await brokenPdf((doc) => {
      structElems(doc, 'Figure')[5].set(PDFName.of('Alt'), PDFString.of('Recurring and one-time revenues: a bar chart'));
      doc.catalog.set(PDFName.of('Lang'), PDFString.of('en'));
      doc.setTitle('1H FY2008 Consolidated Financial Results');
    }, 'ja');
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^alt-language: page \d+: an Alt not in ja: Recurring and one-time/), '7.2-29: catalog Lang is "en"', '7.1-9: Info title is "1H FY2008 Consolidated Financial Results"',
    ]));
  });

  it('a drawing neither tagged nor Artifact, and no XMP', async () => {
    const problems = await brokenPdf((doc) => {
      const page = doc.getPages()[1];
      page.node.set(PDFName.of('Contents'), doc.context.obj([page.node.get(PDFName.of('Contents'))!, doc.context.register(PDFRawStream.of(doc.context.obj({}), Buffer.from('0 0 5 5 re f')))]));
      doc.catalog.delete(PDFName.of('Metadata'));
    });
    expect(problems).toEqual(expect.arrayContaining(['7.1-8: no XMP metadata stream in the catalog', '7.1-3: page 2: 1 x f neither tagged nor Artifact']));
  });

  it('a list item whose content is not in LBody, and a heading that skips a level', async () => {
    const problems = await brokenPdf((doc) => {
      structElems(doc, 'LBody')[0].set(PDFName.of('S'), PDFName.of('P'));
      structElems(doc, 'H1')[1].set(PDFName.of('S'), PDFName.of('H3'));
    });
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^7\.2-20: page \d+: LI holds P$/), expect.stringMatching(/^7\.4\.2-1: page \d+: H3 after H1$/)]));
  });
});

describe('the HTML checks fail on broken HTML', () => {
  const html = () => readFileSync(join(first(), 'fy2008-1h.html'), 'utf8');

  it('html-validate: a div in a heading', async () => {
    const bad = html().replace('<span class="box"', '<div class="box"').replace(/(<h1 [^>]*><div class="box"[\s\S]*?)<\/span><\/h1>/, '$1</div></h1>');
    expect(await htmlValidateErrors(html())).toEqual([]);
    expect((await htmlValidateErrors(bad)).join('\n')).toMatch(/element-permitted-content: <div> element is not permitted as content under <h1>/);
  });

  it('axe-core: a header cell with no text, a picture without alt', async () => {
    const bad = html().replace(/<th style="([^"]*)" scope="col">[^<]*<\/th>/, '<th style="$1"></th>').replace(/(<img class="el image"[^>]*) alt="[^"]*"/, '$1');
    const file = join(mkdtempSync(join(tmpdir(), 'irdeck-std-badhtml-')), 'bad.html');
    writeFileSync(file, bad);
    const found = (await axeViolations([file])).join('\n');
    expect(found).toMatch(/empty-table-header/);
    expect(found).toMatch(/image-alt/);
  });
});
