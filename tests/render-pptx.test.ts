// The PPTX renderer on a small laid-out deck: unzip what it writes and read
// the XML (slides, titles, table cells, chart caches and workbooks, package
// structure), render it twice for identical bytes, and open it in LibreOffice.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderPptx } from '../src/render/pptx.js';
import { numberFormatCode } from '../src/charts/native.js';
import type { ChartSpec } from '../src/charts/spec.js';
import { AMP_QUOTE, MARKUP, deck, tableRows, theme } from './fixtures/pptx-layout.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Visible text of some XML, paragraph by paragraph. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((m) => [...m[1].matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => unescapeXml(t[1])).join(''));
}

const specs: ChartSpec[] = deck.slides.flatMap((s) => s.elements.flatMap((e) => (e.kind === 'chart' ? [e.chart] : [])));

let pptx: Buffer;
let zip: JSZip;
const text = new Map<string, string>();
let parts: string[] = [];

async function load(buf: Buffer): Promise<{ zip: JSZip; parts: string[]; text: Map<string, string> }> {
  const z = await JSZip.loadAsync(buf);
  const names = Object.keys(z.files).filter((n) => !z.files[n].dir);
  const t = new Map<string, string>();
  for (const n of names) if (/\.(xml|rels)$/.test(n)) t.set(n, await z.files[n].async('string'));
  return { zip: z, parts: names, text: t };
}

/** Resolve a relationship target against the part owning the .rels file (root rels belong to the package). */
function resolve(relsPath: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const owner = relsPath === '_rels/.rels' ? '' : relsPath.replace(/_rels\/([^/]+)\.rels$/, '$1');
  return posix.normalize(posix.join(posix.dirname(owner) === '.' ? '' : posix.dirname(owner), target));
}

function rels(path: string): { id: string; target: string; type: string }[] {
  return [...(text.get(path) ?? '').matchAll(/<Relationship ([^>]*)\/>/g)].map((m) => ({
    id: /Id="([^"]+)"/.exec(m[1])![1],
    target: /Target="([^"]+)"/.exec(m[1])![1],
    type: /Type="([^"]+)"/.exec(m[1])![1],
  }));
}

/** The chart part drawn on a slide for a spec (frame name "Chart <id>"). */
function chartPartOf(spec: ChartSpec): string {
  for (const s of deck.slides) {
    const xml = text.get(`ppt/slides/slide${s.number}.xml`)!;
    const frame = [...xml.matchAll(/<p:graphicFrame>([\s\S]*?)<\/p:graphicFrame>/g)].find((f) => f[1].includes(`name="Chart ${spec.id}"`));
    if (!frame) continue;
    const rid = /<c:chart r:id="([^"]+)"/.exec(frame[1])![1];
    const rel = rels(`ppt/slides/_rels/slide${s.number}.xml.rels`).find((r) => r.id === rid)!;
    return resolve(`ppt/slides/_rels/slide${s.number}.xml.rels`, rel.target);
  }
  throw new Error(`chart ${spec.id} is not on any slide`);
}

interface Ser { name: string; values: (number | null)[]; formatCode: string }

function seriesOf(chartXml: string, n: number): Ser[] {
  return [...chartXml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => {
    const name = unescapeXml(/<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/.exec(m[1])![1]);
    const cache = /<c:val>[\s\S]*?<c:numCache>([\s\S]*?)<\/c:numCache>/.exec(m[1])![1];
    const values: (number | null)[] = new Array(n).fill(null);
    for (const p of cache.matchAll(/<c:pt idx="(\d+)"><c:v>([^<]+)<\/c:v><\/c:pt>/g)) values[Number(p[1])] = Number(p[2]);
    return { name, values, formatCode: /<c:formatCode>([^<]*)<\/c:formatCode>/.exec(cache)?.[1] ?? '' };
  });
}

beforeAll(async () => {
  pptx = await renderPptx(deck, { theme, charts: 'native' });
  const l = await load(pptx);
  zip = l.zip;
  parts = l.parts;
  for (const [k, v] of l.text) text.set(k, v);
});

describe('renderPptx: slides, titles, text', () => {
  it('has one slide per layout slide, each titled by a title placeholder', () => {
    const slides = parts.filter((p) => /^ppt\/slides\/slide\d+\.xml$/.test(p));
    expect(slides.length).toBe(deck.slides.length);
    for (const s of deck.slides) {
      const xml = text.get(`ppt/slides/slide${s.number}.xml`)!;
      const titleShape = [...xml.matchAll(/<p:sp>[\s\S]*?<\/p:sp>/g)].map((m) => m[0]).find((sp) => /<p:ph [^>]*type="title"/.test(sp));
      expect(titleShape, `slide ${s.number} has a title placeholder`).toBeDefined();
      expect(paragraphs(titleShape!).join('\n')).toBe(s.title);
      // and its layout has the placeholder it fills
      const layout = rels(`ppt/slides/_rels/slide${s.number}.xml.rels`).find((r) => r.type.endsWith('/slideLayout'))!;
      expect(text.get(resolve(`ppt/slides/_rels/slide${s.number}.xml.rels`, layout.target))).toMatch(/<p:ph [^>]*type="title"/);
    }
  });

  it('puts the footer and the page number on every slide', () => {
    for (const s of deck.slides) {
      const p = paragraphs(text.get(`ppt/slides/slide${s.number}.xml`)!);
      expect(p).toContain('Copyright © 2008 Example Holdings, Inc.');
      expect(p).toContain(String(s.number));
    }
  });

  it('writes markup-like text as text, escaped exactly once', () => {
    const xml = text.get('ppt/slides/slide4.xml')!;
    expect(xml.split('&lt;img src=x onerror=alert(1)&gt;').length - 1).toBe(1);
    expect(xml).not.toContain('<img');
    expect(xml).not.toContain('&amp;lt;');
    expect(xml).toContain('a &amp; b &quot;q&quot;');
    expect(paragraphs(xml).some((p) => p.includes(MARKUP) && p.includes(AMP_QUOTE))).toBe(true);
    const notes = [...text.entries()].filter(([k]) => /notesSlides\/notesSlide\d+\.xml$/.test(k)).map(([, v]) => v).join('');
    expect(notes).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(notes).not.toContain('<img');
  });

  it('writes bullets with their levels, one paragraph property per paragraph', () => {
    const xml = text.get('ppt/slides/slide2.xml')!;
    expect(xml).toContain('<a:buChar char="&#x25A0;"/>');
    expect(xml).toMatch(/<a:pPr [^>]*lvl="1"[^>]*><a:lnSpc>[\s\S]*?<a:buChar char="&#x2013;"\/>/);
    for (const [name, x] of text) {
      if (!/^ppt\/slides\/slide\d+\.xml$/.test(name)) continue;
      for (const p of x.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)) expect((p[1].match(/<a:pPr\b/g) ?? []).length, name).toBeLessThanOrEqual(1);
    }
    // a superscript note mark and the East Asian face
    expect(xml).toMatch(/baseline="30000"[^>]*>[\s\S]*?<a:t>\*1<\/a:t>/);
    expect(xml).toContain(`<a:ea typeface="${theme.fonts.eastAsian}"/>`);
  });

  it('has the speaker notes, one paragraph per line', () => {
    for (const s of deck.slides) {
      const r = rels(`ppt/slides/_rels/slide${s.number}.xml.rels`).find((x) => x.type.endsWith('/notesSlide'))!;
      const notes = text.get(resolve(`ppt/slides/_rels/slide${s.number}.xml.rels`, r.target))!;
      for (const line of s.notes.split('\n')) expect(paragraphs(notes)).toContain(line);
    }
  });

  it('gives pictures, charts and the table alt text', () => {
    const s3 = text.get('ppt/slides/slide3.xml')!;
    for (const spec of specs.filter((c) => deck.slides[2].elements.some((e) => e.kind === 'chart' && e.chart === c))) {
      expect(s3).toContain(`descr="${spec.alt.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`);
    }
    expect(text.get('ppt/slides/slide2.xml')).toContain('descr="Company logo"');
    expect(text.get('ppt/slides/slide2.xml')).toContain('descr="Consolidated results for 1H FY2008 against 1H FY2007, JPY billion"');
  });

  it('carries the deck properties and the deck date', () => {
    const core = text.get('docProps/core.xml')!;
    expect(core).toContain(`<dc:title>${deck.meta.title}</dc:title>`);
    expect(core).toContain(`<dc:creator>${deck.meta.author}</dc:creator>`);
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2008-11-14T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2008-11-14T00:00:00Z</dcterms:modified>');
    expect(core).toContain('<dc:language>en</dc:language>');
    expect(text.get('docProps/app.xml')).toContain(deck.meta.company);
    // 13.333 x 7.5 in
    expect(text.get('ppt/presentation.xml')).toContain('<p:sldSz cx="12192000" cy="6858000"/>');
    for (const f of Object.values(zip.files)) expect(f.date.toISOString()).toBe('2008-11-14T00:00:00.000Z');
  });
});

describe('renderPptx: the table', () => {
  it("has the layout's cells, in order", () => {
    const xml = text.get('ppt/slides/slide2.xml')!;
    const rows = [...xml.matchAll(/<a:tr [^>]*>([\s\S]*?)<\/a:tr>/g)].map((r) => [...r[1].matchAll(/<a:tc[^>]*>([\s\S]*?)<\/a:tc>/g)].map((c) => paragraphs(c[1]).join(' ')));
    expect(rows).toEqual(tableRows);
    expect(rows[3]).toContain('(0.2%)');
    // column widths and row heights from the layout, in EMU
    const table = deck.slides[1].elements.find((e) => e.kind === 'table')!;
    if (table.kind !== 'table') throw new Error('no table');
    const grid = [...xml.matchAll(/<a:gridCol w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(grid.map((w) => Math.round(w / 9144) / 100)).toEqual(table.columns.map((w) => Math.round(w * 100) / 100));
    // header fill and text colour from the theme
    expect(xml).toContain(`<a:srgbClr val="${theme.colors.tableHeader}"/>`);
  });
});

describe('renderPptx: native charts', () => {
  it("caches each series' values as the spec has them", () => {
    for (const spec of specs) {
      const xml = text.get(chartPartOf(spec))!;
      const sers = seriesOf(xml, spec.categories.length);
      for (const s of spec.series) {
        // a bridge's visible series is split by colour into "<name>", "<name>: decrease", ...
        const mine = sers.filter((x) => x.name === s.name || x.name.startsWith(`${s.name}: `) || x.name.startsWith(`${s.name} (`));
        expect(mine.length, `${spec.id}: ${s.name}`).toBeGreaterThan(0);
        const merged = spec.categories.map((_, j) => mine.map((x) => x.values[j]).find((v) => v !== null) ?? null);
        expect(merged, `${spec.id}: ${s.name}`).toEqual(s.values.map((v) => v ?? null));
      }
      if (spec.totalLabels) {
        const total = sers.find((x) => x.name === 'Total')!;
        const sums = spec.categories.map((_, j) => spec.series.filter((s) => s.type === 'bar' && !s.invisible).reduce((a, s) => a + (s.values[j] ?? 0), 0));
        expect(total.values).toEqual(sums);
        expect(total.formatCode).toBe(numberFormatCode(spec.totalLabels.format));
        // labelled above, left out of the legend
        expect(xml).toMatch(/<c:legendEntry><c:idx val="\d+"\/><c:delete val="1"\/><\/c:legendEntry>/);
      }
    }
  });

  it('has unique axis ids, and every plot refers to axes the chart defines', () => {
    for (const spec of specs) {
      const xml = text.get(chartPartOf(spec))!;
      const axes = [...xml.matchAll(/<c:(?:valAx|catAx|dateAx|serAx)>\s*<c:axId val="(\d+)"\/>/g)].map((m) => m[1]);
      expect(new Set(axes).size, spec.id).toBe(axes.length);
      for (const [, , body] of xml.matchAll(/<c:(barChart|lineChart|doughnutChart)>([\s\S]*?)<\/c:\1>/g)) {
        for (const m of body.matchAll(/<c:axId val="(\d+)"\/>/g)) expect(axes, spec.id).toContain(m[1]);
      }
      if (spec.kind === 'bar') expect(xml).toMatch(/<c:lineChart>|<c:barChart>/);
    }
  });

  it('draws the combo chart with its line on a secondary axis', () => {
    const spec = specs.find((s) => s.series.some((x) => x.axis === 'y2'))!;
    const xml = text.get(chartPartOf(spec))!;
    const vals = [...xml.matchAll(/<c:valAx>\s*<c:axId val="(\d+)"\/>[\s\S]*?<c:axPos val="([a-z])"\/>/g)];
    expect(vals.map((v) => v[2]).sort()).toEqual(['l', 'r']);
    const line = /<c:lineChart>([\s\S]*?)<\/c:lineChart>/.exec(xml)![1];
    const right = vals.find((v) => v[2] === 'r')![1];
    expect(line).toContain(`<c:axId val="${right}"/>`);
    expect(line).toContain('<c:grouping val="standard"/>');
    // the ratio's labels: a literal "%" after the number, not Excel's percent
    const line2 = spec.series.find((x) => x.type === 'line')!;
    expect(line).toContain(`<c:numFmt formatCode="${numberFormatCode(line2.format).replace(/"/g, '&quot;')}" sourceLinked="0"/>`);
  });

  it('draws the bridge on an invisible, unlabelled base with coloured steps', () => {
    const spec = specs.find((s) => s.series.some((x) => x.invisible))!;
    const xml = text.get(chartPartOf(spec))!;
    const sers = [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => m[1]);
    const base = sers.find((s) => s.includes(`<c:v>${spec.series[0].name}</c:v>`))!;
    expect(base).toMatch(/<c:spPr><a:noFill\/>/);
    expect(base).toContain('<c:dLbls><c:delete val="1"/></c:dLbls>');
    const fills = sers.filter((s) => s !== base).map((s) => /<c:spPr><a:solidFill><a:srgbClr val="([0-9A-F]{6})"\/>/.exec(s)![1]);
    expect(new Set(fills)).toEqual(new Set(spec.series[1].pointColors!.filter((c): c is string => Boolean(c))));
    // decreases are drawn as positive heights and read "(3,600)"
    expect(xml).toContain('formatCode="(#,##0);#,##0;#,##0"');
  });

  it('embeds the data as a workbook (editable), values and totals included', async () => {
    for (const spec of specs) {
      const part = chartPartOf(spec);
      const r = rels(part.replace(/charts\/([^/]+)$/, 'charts/_rels/$1.rels')).find((x) => x.target.endsWith('.xlsx'))!;
      const book = resolve(part.replace(/charts\/([^/]+)$/, 'charts/_rels/$1.rels'), r.target);
      expect(parts).toContain(book);
      const inner = await JSZip.loadAsync(await zip.file(book)!.async('nodebuffer'));
      const sheet = await inner.file('xl/worksheets/sheet1.xml')!.async('string');
      expect(sheet).not.toContain('<v></v>');
      // pptxgenjs' table part with its invalid range (gitbrent/PptxGenJS#1531) is gone
      expect(Object.keys(inner.files).some((n) => n.startsWith('xl/tables/'))).toBe(false);
      expect(await inner.file('[Content_Types].xml')!.async('string')).not.toContain('/xl/tables/');
      const first = spec.series.find((s) => !s.invisible)!;
      for (const v of first.values) if (v !== null) expect(sheet).toContain(`<v>${v}</v>`);
      if (spec.totalLabels) expect(sheet).toMatch(/<f>SUM\(B2,C2\)<\/f>/);
    }
  });

  it("labels the doughnut's slices with value and share, as the PNG does", () => {
    const spec = specs.find((s) => s.kind === 'doughnut')!;
    const xml = text.get(chartPartOf(spec))!;
    expect(xml).toContain('<c:doughnutChart>');
    const s = spec.series[0];
    const total = s.values.reduce<number>((a, v) => a + (v ?? 0), 0);
    const first = paragraphs(/<c:dLbl><c:idx val="0"\/>([\s\S]*?)<\/c:dLbl>/.exec(xml)![1]).filter(Boolean);
    expect(first).toEqual(['1,071', `${((100 * s.values[0]!) / total).toFixed(1)}%`]);
    // one colour per slice
    expect([...xml.matchAll(/<c:dPt><c:idx val="\d+"\/><c:bubble3D val="0"\/><c:spPr><a:solidFill><a:srgbClr val="([0-9A-F]{6})"/g)].map((m) => m[1])).toEqual(s.pointColors);
  });

  it('formats numbers with Excel codes', () => {
    expect(numberFormatCode({ decimals: 0, thousands: true, parensForNegative: true })).toBe('#,##0;(#,##0)');
    expect(numberFormatCode({ decimals: 1, thousands: true, parensForNegative: false, suffix: '%' })).toBe('#,##0.0"%"');
    expect(numberFormatCode({ decimals: 1, thousands: false, parensForNegative: true, suffix: '%' })).toBe('0.0"%";(0.0"%")');
    expect(numberFormatCode({ decimals: 2, thousands: true, parensForNegative: false, prefix: 'JPY', suffix: ' bn' })).toBe('"JPY"#,##0.00" bn"');
  });
});

describe('renderPptx: the package', () => {
  it('every relationship resolves and every part has a content type', () => {
    const ct = text.get('[Content_Types].xml')!;
    const defaults = new Set([...ct.matchAll(/<Default Extension="([^"]+)"/g)].map((m) => m[1].toLowerCase()));
    const overrides = [...ct.matchAll(/<Override PartName="\/([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(overrides).size).toBe(overrides.length);
    for (const o of overrides) expect(parts, `override for ${o}`).toContain(o);
    for (const p of parts) {
      if (p === '[Content_Types].xml') continue;
      const ext = p.slice(p.lastIndexOf('.') + 1).toLowerCase();
      expect(overrides.includes(p) || defaults.has(ext), `content type of ${p}`).toBe(true);
    }
    for (const p of parts.filter((x) => x.endsWith('.rels'))) {
      const list = rels(p);
      expect(new Set(list.map((r) => r.id)).size, p).toBe(list.length);
      for (const r of list) expect(parts, `${p} ${r.id}`).toContain(resolve(p, r.target));
    }
  });

  it('has unique shape ids on every slide, and one slide master', () => {
    for (const s of deck.slides) {
      const ids = [...text.get(`ppt/slides/slide${s.number}.xml`)!.matchAll(/<p:cNvPr id="(\d+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size, `slide ${s.number}`).toBe(ids.length);
    }
    const pres = text.get('ppt/presentation.xml')!;
    expect((pres.match(/<p:sldMasterId /g) ?? []).length).toBe(1);
    expect(parts.filter((p) => /^ppt\/slideMasters\/slideMaster\d+\.xml$/.test(p))).toEqual(['ppt/slideMasters/slideMaster1.xml']);
  });

  it('is byte-identical when rendered again, in another time zone', async () => {
    const before = process.env.TZ;
    process.env.TZ = 'Asia/Tokyo';
    try {
      const again = await renderPptx(deck, { theme, charts: 'native' });
      expect(sha(again)).toBe(sha(pptx));
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
    const third = await renderPptx(deck, { theme, charts: 'native' });
    expect(sha(third)).toBe(sha(pptx));
  });

  it("puts pictures of the charts in with charts: 'image'", async () => {
    // a 1 x 1 PNG
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const chartPngs = new Map(specs.map((s) => [s.id, png]));
    const buf = await renderPptx({ ...deck, draft: true }, { theme, charts: 'image', chartPngs });
    const l = await load(buf);
    expect(l.parts.some((p) => p.startsWith('ppt/charts/'))).toBe(false);
    expect(l.parts.some((p) => p.startsWith('ppt/embeddings/'))).toBe(false);
    const media = l.parts.filter((p) => p.startsWith('ppt/media/') && p.endsWith('.png'));
    const bodies = await Promise.all(media.map((p) => l.zip.file(p)!.async('nodebuffer')));
    expect(bodies.some((b) => b.equals(png))).toBe(true);
    const s3 = l.text.get('ppt/slides/slide3.xml')!;
    expect(s3).toContain(`name="Chart ${specs[0].id}" descr=`);
    // the draft mark on every slide
    for (const s of deck.slides) expect(paragraphs(l.text.get(`ppt/slides/slide${s.number}.xml`)!)).toContain('DRAFT');
  });
});

describe('renderPptx in LibreOffice', () => {
  it('opens with one page per slide', () => {
    const dir = mkdtempSync(join(tmpdir(), 'irdeck-render-pptx-'));
    const profile = mkdtempSync(join(tmpdir(), 'irdeck-lo-profile-'));
    const file = join(dir, 'deck.pptx');
    writeFileSync(file, pptx);
    execFileSync('libreoffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { stdio: 'ignore', timeout: 180_000 });
    const pdf = readdirSync(dir).find((f) => f.endsWith('.pdf'))!;
    const info = execFileSync('pdfinfo', [join(dir, pdf)], { encoding: 'utf8' });
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(deck.slides.length);
  }, 200_000);
});
