// DeckLayout -> PPTX bytes through pptxgenjs. Every element is drawn exactly
// at its layout box (the one geometry the HTML and PDF also draw); titles are
// real title placeholders, tables are tables, charts are native and editable
// (or the PNGs rendered for the HTML, with `charts: 'image'`), and the speaker
// notes say where the numbers come from. Text is plain text: pptxgenjs escapes
// it once for XML and nothing here treats it as markup.
//
// pptxgenjs's package is then re-packed (see finishPackage): its known
// PowerPoint "repair" triggers are fixed, each next to its upstream issue, and
// everything that differs between two builds of the same deck (dates, zip
// entry times and order, a process-wide chart counter) is made fixed, so the
// same deck gives the same bytes on any machine, in any time zone.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import PptxGenJS from 'pptxgenjs';
import { addNativeChart, finishNativeCharts, type NativeChart } from '../charts/native.js';
import { packageOrder, stableZip, unpackParts } from '../util/ooxml-package.js';
import type { Box, DeckLayout, ImageElement, Paragraph, Run, ShapeElement, SlideLayout, TableElement, TextElement } from '../layout/types.js';
import { runsByLine } from '../layout/lines.js';
import { hasJapanese } from '../util/linebreak-ja.js';
import type { Theme } from '../theme.js';
import { IrdeckError } from '../errors.js';
import { chartStyleOf } from './style.js';
import { escapeXml as xmlEsc } from '../util/escape.js';
import { unreachable } from '../util/unreachable.js';
import { conformPart } from '../util/ooxml-conform.js';

export interface PptxRenderOptions {
  theme: Theme;
  charts: 'native' | 'image';
  /** PNG of each chart by spec id, for `charts: 'image'` */
  chartPngs?: Map<string, Buffer>;
}

const PT_PER_IN = 72;
const BLANK_MASTER = 'IRDECK_BLANK';

/** PowerPoint wants a language with a region ("en-US"); BCP 47 "en" is mapped to the usual one. */
function pptLang(lang: string): string {
  if (lang.includes('-')) return lang;
  const usual: Record<string, string> = { en: 'en-US', ja: 'ja-JP', de: 'de-DE', fr: 'fr-FR', zh: 'zh-CN', ko: 'ko-KR', es: 'es-ES', it: 'it-IT' };
  return usual[lang.toLowerCase()] ?? lang;
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;
const pos = (b: Box) => ({ x: round4(b.x), y: round4(b.y), w: round4(b.w), h: round4(b.h) });

// ---------------------------------------------------------------- text

/** A bullet character as pptxgenjs takes it: four hex digits. */
function bulletCode(ch: string): string | undefined {
  const cp = ch.codePointAt(0);
  if (cp === undefined || cp > 0xffff) return undefined;
  return cp.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * The paragraphs of a text element as pptxgenjs text runs. A paragraph ends
 * with `breakLine`; paragraph properties (align, bullet, indent, space
 * before) go on its first run. The indent of a bullet paragraph is the one the
 * layout measured with: 0.25 in + 0.3 in per level.
 */
function textRuns(el: TextElement, lang: string): PptxGenJS.TextProps[] {
  const st = el.style;
  const out: PptxGenJS.TextProps[] = [];
  el.paragraphs.forEach((p: Paragraph, pi) => {
    const { runs, breakBefore } = lineBeginnings(p.runs.length ? p.runs : [{ text: '' }], p.lineStarts);
    const align = p.align ?? st.align;
    const last = pi === el.paragraphs.length - 1;
    runs.forEach((r, ri) => {
      const o: PptxGenJS.TextPropsOptions = {
        bold: r.bold ?? st.bold ?? false,
        italic: r.italic ?? false,
        color: r.color ?? st.color,
        fontFace: st.font,
        fontSize: st.size,
        lang,
        align,
        breakLine: ri === runs.length - 1 && !last,
      };
      if (r.superscript) o.superscript = true;
      if (breakBefore.has(r)) o.softBreakBefore = true;
      if (ri === 0) {
        if (p.spaceBefore) o.paraSpaceBefore = p.spaceBefore;
        const code = p.bullet ? bulletCode(p.bullet) : undefined;
        if (code) {
          const level = Math.max(0, p.level);
          const indentPt = (0.25 + 0.3 * level) * PT_PER_IN;
          // pptxgenjs: marL = indent * (1 + level), hanging indent = indent
          o.bullet = { characterCode: code, indent: indentPt / (1 + level) };
          if (level > 0) o.indentLevel = level;
        } else {
          o.bullet = false;
        }
      }
      out.push({ text: r.text, options: o });
    });
  });
  return out;
}

/**
 * A Japanese paragraph's runs cut where the layout starts its lines, each
 * line's first run marked for a soft break (<a:br/>): PowerPoint breaks
 * Japanese between any two characters, so the layout's breaks are written out.
 */
function lineBeginnings(runs: Run[], lineStarts: number[] | undefined): { runs: Run[]; breakBefore: Set<Run> } {
  if (!lineStarts) return { runs, breakBefore: new Set() };
  const lines = runsByLine(runs, lineStarts);
  return { runs: lines.flat(), breakBefore: new Set(lines.slice(1).map((l) => l[0]).filter(Boolean)) };
}

function addText(slide: PptxGenJS.Slide, el: TextElement, lang: string): void {
  const st = el.style;
  const opts: PptxGenJS.TextPropsOptions = {
    ...pos(el.box),
    objectName: `Text ${el.id}`,
    fontFace: st.font,
    fontSize: st.size,
    color: st.color,
    align: st.align,
    valign: st.valign,
    margin: st.inset * PT_PER_IN,
    lineSpacingMultiple: st.lineHeight,
    wrap: true,
    lang,
  };
  if (st.fill) opts.fill = { color: st.fill };
  if (el.role === 'title') opts.placeholder = 'title';
  slide.addText(textRuns(el, lang), opts);
}

// ---------------------------------------------------------------- tables

function addTable(slide: PptxGenJS.Slide, el: TableElement, lang: string): void {
  const st = el.style;
  const border: PptxGenJS.BorderProps = { type: 'solid', pt: 0.75, color: st.border };
  const rows: PptxGenJS.TableRow[] = el.rows.map((row, r) => {
    const header = r < el.headerRows;
    const stripe = !header && st.stripeFill && (r - el.headerRows) % 2 === 1 ? st.stripeFill : undefined;
    return row.map((cell) => {
      const fill = cell.fill ?? (header ? st.headerFill : stripe);
      const color = cell.color ?? (header ? st.headerColor : st.color);
      const bold = cell.bold ?? header;
      const { runs, breakBefore } = lineBeginnings(cell.runs.length ? cell.runs : [{ text: '' }], cell.lineStarts);
      const text: PptxGenJS.TextProps[] = runs.map((x) => ({
        text: x.text,
        options: {
          bold: x.bold ?? bold, italic: x.italic ?? false, color: x.color ?? color, superscript: x.superscript || undefined, fontFace: st.font, fontSize: st.size, lang,
          ...(breakBefore.has(x) ? { softBreakBefore: true } : {}),
        },
      }));
      const options: PptxGenJS.TableCellProps = {
        align: cell.align ?? (header ? 'center' : 'left'),
        valign: 'middle',
        bold,
        color,
        border: [border, border, border, border],
        // inches below 1 are read as inches by pptxgenjs
        margin: [st.inset, st.inset, st.inset, st.inset],
      };
      if (fill) options.fill = { color: fill };
      if (cell.colspan && cell.colspan > 1) options.colspan = cell.colspan;
      if (cell.rowspan && cell.rowspan > 1) options.rowspan = cell.rowspan;
      return { text, options };
    });
  });
  slide.addTable(rows, {
    ...pos(el.box),
    objectName: `Table ${el.id}`,
    colW: el.columns.map(round4),
    rowH: el.rowHeights.map(round4),
    fontFace: st.font,
    fontSize: st.size,
    color: st.color,
    autoPage: false,
  });
}

// ---------------------------------------------------------------- images and shapes

/** A data URI for an image file: PNG and JPEG as they are, SVG rasterized (PowerPoint and LibreOffice read PNG alike). */
async function imageData(path: string, box: Box): Promise<string> {
  const bytes = readFileSync(path);
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return `image/png;base64,${bytes.toString('base64')}`;
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return `image/jpeg;base64,${bytes.toString('base64')}`;
  if (/\.svg$/i.test(path) || /^\s*(<\?xml|<svg)/.test(bytes.subarray(0, 200).toString('utf8'))) {
    // pptxgenjs' SVG support needs a browser for the PNG fallback, and an SVG
    // image has made PowerPoint offer repairs (gitbrent/PptxGenJS#1150):
    // draw it at 192 px per inch instead
    const { createCanvas, loadImage } = await import('@napi-rs/canvas');
    const img = await loadImage(bytes);
    const canvas = createCanvas(Math.max(1, Math.round(box.w * 192)), Math.max(1, Math.round(box.h * 192)));
    canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
    return `image/png;base64,${(await canvas.encode('png')).toString('base64')}`;
  }
  throw new IrdeckError(`image ${path}: only PNG, JPEG and SVG images can be placed`);
}

async function addImage(slide: PptxGenJS.Slide, el: ImageElement): Promise<void> {
  slide.addImage({ ...pos(el.box), data: await imageData(el.path, el.box), altText: el.alt, objectName: `Picture ${el.id}` });
}

function addShape(pptx: PptxGenJS, slide: PptxGenJS.Slide, el: ShapeElement): void {
  if (el.shape === 'line') {
    slide.addShape(pptx.ShapeType.line, { ...pos(el.box), objectName: `Line ${el.id}`, line: { color: el.line?.color ?? el.fill ?? '000000', width: el.line?.width ?? 0.75 } });
    return;
  }
  slide.addShape(pptx.ShapeType.rect, {
    ...pos(el.box),
    objectName: `Shape ${el.id}`,
    fill: el.fill ? { color: el.fill } : undefined,
    line: el.line ? { color: el.line.color, width: el.line.width } : undefined,
  });
}

// ---------------------------------------------------------------- slides

function titleOf(s: SlideLayout): TextElement | undefined {
  return s.elements.find((e): e is TextElement => e.kind === 'text' && e.role === 'title');
}

/**
 * One slide layout per place a title takes (the cover's, the content
 * slides'), each with a title placeholder there: a slide's title text is put
 * in that placeholder, so PowerPoint's outline, accessibility checker and
 * screen readers see it as the slide's title. (pptxgenjs gives a placeholder
 * the layout's position, not the slide text's, hence a layout per position.)
 */
function defineMasters(pptx: PptxGenJS, deck: DeckLayout): Map<SlideLayout, string> {
  const names = new Map<string, string>();
  const bySlide = new Map<SlideLayout, string>();
  pptx.defineSlideMaster({ title: BLANK_MASTER, background: { color: 'FFFFFF' }, objects: [] });
  for (const s of deck.slides) {
    const t = titleOf(s);
    if (!t) {
      bySlide.set(s, BLANK_MASTER);
      continue;
    }
    const key = [t.box.x, t.box.y, t.box.w, t.box.h].map(round4).join(',');
    let name = names.get(key);
    if (!name) {
      name = `IRDECK_TITLE_${names.size + 1}`;
      names.set(key, name);
      pptx.defineSlideMaster({
        title: name,
        background: { color: 'FFFFFF' },
        objects: [{
          placeholder: {
            options: {
              name: 'title', type: 'title', ...pos(t.box),
              fontFace: t.style.font, fontSize: t.style.size, color: t.style.color, bold: Boolean(t.style.bold),
              align: t.style.align, valign: t.style.valign, margin: t.style.inset * PT_PER_IN,
            },
            text: '',
          },
        }],
      });
    }
    bySlide.set(s, name);
  }
  return bySlide;
}

function draftMark(slide: PptxGenJS.Slide, deck: DeckLayout, theme: Theme): void {
  const w = deck.width * 0.75;
  const h = 2.2;
  slide.addText(deck.draftMark, {
    x: round4((deck.width - w) / 2), y: round4((deck.height - h) / 2), w: round4(w), h,
    objectName: 'Draft mark',
    fontFace: theme.fonts.latin, fontSize: 120, bold: true, color: theme.colors.accent, transparency: 80,
    align: 'center', valign: 'middle', rotate: 330, margin: 0, wrap: false,
  });
}

/** The deck as PPTX bytes; the same deck always gives the same bytes. */
export async function renderPptx(deck: DeckLayout, opts: PptxRenderOptions): Promise<Buffer> {
  const { theme } = opts;
  const pptx = new PptxGenJS();
  if (Math.abs(deck.width - 13.333) < 0.01 && Math.abs(deck.height - 7.5) < 0.01) pptx.layout = 'LAYOUT_WIDE';
  else {
    pptx.defineLayout({ name: 'IRDECK', width: deck.width, height: deck.height });
    pptx.layout = 'IRDECK';
  }
  pptx.title = deck.meta.title;
  pptx.author = deck.meta.author;
  pptx.subject = deck.meta.subject;
  pptx.company = deck.meta.company;
  pptx.revision = '1';
  pptx.theme = { headFontFace: theme.fonts.latin, bodyFontFace: theme.fonts.latin };
  const lang = pptLang(deck.meta.lang);
  const masters = defineMasters(pptx, deck);
  const style = chartStyleOf(theme);
  const charts: NativeChart[] = [];

  for (const s of deck.slides) {
    const slide = pptx.addSlide({ masterName: masters.get(s) });
    // drawing order = reading order for screen readers: background bands
    // first (they stay behind), then the title, then the rest as laid out
    // (other elements do not overlap, so their order does not change the look)
    const title = titleOf(s);
    const ordered = [...s.elements.filter((e) => e.background), ...(title && !title.background ? [title] : []), ...s.elements.filter((e) => !e.background && e !== title)];
    for (const el of ordered) {
      switch (el.kind) {
        case 'text':
          addText(slide, el, lang);
          break;
        case 'table':
          addTable(slide, el, lang);
          break;
        case 'image':
          await addImage(slide, el);
          break;
        case 'shape':
          addShape(pptx, slide, el);
          break;
        case 'chart':
          if (opts.charts === 'native') charts.push(addNativeChart(slide, el.chart, el.box, style));
          else {
            const png = opts.chartPngs?.get(el.chart.id);
            if (!png) throw new IrdeckError(`slide ${s.number}: no picture of chart "${el.chart.id}" was rendered`);
            slide.addImage({ ...pos(el.box), data: `image/png;base64,${png.toString('base64')}`, altText: el.chart.alt, objectName: `Chart ${el.chart.id}` });
          }
          break;
        default:
          unreachable(el, 'element kind');
      }
    }
    if (deck.draft) draftMark(slide, deck, theme);
    if (s.notes) slide.addNotes(s.notes);
  }

  const written = (await pptx.write({ outputType: 'nodebuffer', compression: false })) as Buffer;
  return finishPackage(written, charts, deck, opts, lang);
}

// ---------------------------------------------------------------- re-packing

/** Table captions by object name, for the alt text pptxgenjs cannot write on tables. */
function tableCaptions(deck: DeckLayout): Map<number, Map<string, string>> {
  const out = new Map<number, Map<string, string>>();
  deck.slides.forEach((s, i) => {
    const m = new Map<string, string>();
    for (const e of s.elements) if (e.kind === 'table' && e.caption) m.set(`Table ${e.id}`, e.caption);
    out.set(i + 1, m);
  });
  return out;
}

/** A shape tree's fixes (slides, layouts, masters). */
function fixShapeTree(xml: string, eastAsian: string): string {
  let out = xml;
  // gitbrent/PptxGenJS#1532: a table's <p:cNvPr> id is computed apart from the
  // other shapes' (tableNum * slideNum + 1) and collides with them; ids must be
  // unique within a slide: number them all in document order
  let id = 0;
  out = out.replace(/<p:cNvPr id="\d+"/g, () => `<p:cNvPr id="${++id}"`);
  // gitbrent/PptxGenJS#1081 (PR #1083): pptxgenjs writes an <a:pPr> before
  // every run of a paragraph; a paragraph may have one, first. Keep the first.
  out = out.replace(/<a:p>([\s\S]*?)<\/a:p>/g, (whole, body: string) => {
    let seen = false;
    const fixed = body.replace(/<a:pPr\b[^>]*\/>|<a:pPr\b[^>]*>[\s\S]*?<\/a:pPr>/g, (pPr: string) => {
      if (seen) return '';
      seen = true;
      return pPr;
    });
    return `<a:p>${japaneseParagraph(fixed)}</a:p>`;
  });
  // shapes without a line get an empty <a:ln></a:ln>: say "no line"
  out = out.replace(/<a:ln><\/a:ln>/g, '<a:ln><a:noFill/></a:ln>');
  // gitbrent/PptxGenJS#1441: a shape without text has no <p:txBody>; PowerPoint
  // repairs the file by adding one
  out = out.replace(/<p:sp>([\s\S]*?)<\/p:sp>/g, (whole, body: string) =>
    body.includes('<p:txBody>') ? whole : `<p:sp>${body}<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US" dirty="0"/></a:p></p:txBody></p:sp>`);
  // East Asian text in the theme's East Asian face: pptxgenjs repeats the
  // Latin face (Arial has no Japanese glyphs) in <a:ea>
  out = out.replace(/<a:ea typeface="(?!\+)[^"]*"[^>]*\/>/g, `<a:ea typeface="${xmlEsc(eastAsian)}"/>`);
  // layout whitespace pptxgenjs leaves inside <p:ph .../>
  out = out.replace(/<p:ph\s+([^>]*?)\s*\/>/g, (m, attrs: string) => `<p:ph ${attrs.trim().replace(/\s+/g, ' ')}/>`);
  return out;
}

/**
 * A paragraph with Japanese in it says so: East Asian line breaking (kinsoku)
 * on, should PowerPoint have to break a line the layout did not, and
 * punctuation allowed to hang past the right edge rather than push a phrase
 * to a line of its own. The layout's own breaks are <a:br/> (textRuns).
 */
function japaneseParagraph(body: string): string {
  const text = [...body.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join('');
  if (!hasJapanese(text)) return body;
  const attrs = ' eaLnBrk="1" hangingPunct="1"';
  return /^<a:pPr\b/.test(body) ? body.replace(/^<a:pPr\b/, `<a:pPr${attrs}`) : `<a:pPr${attrs}/>${body}`;
}

/** A slide's title placeholder is named as PowerPoint names it, and has no prompt of its own (that is the layout's). */
function fixSlideTitle(xml: string): string {
  return xml.replace(/<p:sp>[\s\S]*?<\/p:sp>/g, (sp) =>
    /<p:ph [^>]*type="title"/.test(sp) ? sp.replace(/(<p:cNvPr id="\d+" name=")[^"]*"/, '$1Title"').replace(' hasCustomPrompt="1"', '') : sp);
}

/**
 * pptxgenjs stores a picture once per slide (the logo of every slide is a
 * part of its own): identical media parts are stored once and shared.
 */
function dedupeMedia(files: Map<string, Buffer | string>): void {
  const first = new Map<string, string>();
  const replaced = new Map<string, string>();
  for (const name of [...files.keys()].filter((n) => n.startsWith('ppt/media/')).sort(packageOrder)) {
    const content = files.get(name)!;
    const hash = `${name.split('.').pop()}:${createHash('sha256').update(content).digest('hex')}`;
    const kept = first.get(hash);
    if (kept) replaced.set(name, kept);
    else first.set(hash, name);
  }
  if (!replaced.size) return;
  for (const [name, content] of files) {
    if (!name.endsWith('.rels') || typeof content !== 'string') continue;
    files.set(name, content.replace(/Target="\.\.\/media\/([^"]+)"/g, (m, file: string) => {
      const to = replaced.get(`ppt/media/${file}`);
      return to ? `Target="../media/${to.slice('ppt/media/'.length)}"` : m;
    }));
  }
  for (const name of replaced.keys()) files.delete(name);
}

/** Notes as one paragraph per line (pptxgenjs writes the whole text, newlines and all, into one <a:t>). */
function fixNotes(xml: string, lang: string): string {
  return xml.replace(/<a:p><a:r><a:rPr lang="en-US" dirty="0"\/><a:t>([\s\S]*?)<\/a:t><\/a:r><a:endParaRPr lang="en-US" dirty="0"\/><\/a:p>/, (whole, text: string) =>
    text
      .split(/\r?\n/)
      .map((line) => (line ? `<a:p><a:r><a:rPr lang="${lang}" dirty="0"/><a:t>${line}</a:t></a:r></a:p>` : `<a:p><a:endParaRPr lang="${lang}" dirty="0"/></a:p>`))
      .join(''));
}

function fixContentTypes(xml: string, parts: string[]): string {
  const present = new Set(parts.map((p) => `/${p}`));
  const exts = new Set(parts.map((p) => (/\.([^./]+)$/.exec(p)?.[1] ?? '').toLowerCase()));
  let out = xml.replace(/\s*<Override PartName="([^"]+)"[^>]*\/>/g, (m, part: string) => {
    // gitbrent/PptxGenJS#1444: one slideMaster override per *slide*
    // (slideMaster2.xml ... which do not exist); also any other part not written
    if (!present.has(part)) return '';
    return m.trim();
  });
  // gitbrent/PptxGenJS#1449: defaults for media types the deck does not hold
  // (and "image/jpg", not a registered type)
  out = out.replace(/\s*<Default Extension="([^"]+)"[^>]*\/>/g, (m, ext: string) => (ext === 'xml' || ext === 'rels' || exts.has(ext.toLowerCase()) ? m.trim() : ''));
  // a part added here (the notes master's theme) needs its override
  const overrides = new Set([...out.matchAll(/<Override PartName="([^"]+)"/g)].map((m) => m[1]));
  const add: string[] = [];
  for (const p of parts) {
    if (/^ppt\/theme\/theme\d+\.xml$/.test(p) && !overrides.has(`/${p}`)) add.push(`<Override PartName="/${p}" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>`);
  }
  return out.replace('</Types>', `${add.join('')}</Types>`);
}

function fixCore(xml: string, deck: DeckLayout, stamp: string): string {
  let out = xml
    .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${stamp}$2`)
    .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${stamp}$2`);
  const extra = [`<dc:language>${xmlEsc(deck.meta.lang)}</dc:language>`];
  if (deck.meta.keywords?.length) extra.push(`<cp:keywords>${xmlEsc(deck.meta.keywords.join(', '))}</cp:keywords>`);
  out = out.replace('</cp:coreProperties>', `${extra.join('')}</cp:coreProperties>`);
  return out.replace(/>\s+</g, '><');
}

/**
 * The package pptxgenjs wrote, finished: native charts completed, repair
 * triggers fixed, and re-packed to the same bytes for the same deck.
 */
async function finishPackage(written: Buffer, charts: NativeChart[], deck: DeckLayout, opts: PptxRenderOptions, lang: string): Promise<Buffer> {
  // gitbrent/PptxGenJS#1449: pptxgenjs's empty folder entries are not parts (unpackParts drops them)
  const files = unpackParts(written);
  const date = new Date(`${deck.meta.date}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new IrdeckError(`deck date "${deck.meta.date}" is not an ISO date`);
  const stamp = `${deck.meta.date}T00:00:00Z`;
  const eastAsian = opts.theme.fonts.eastAsian;

  await finishNativeCharts(charts, files, { eastAsian, date });
  renumberCharts(files);

  const captions = tableCaptions(deck);
  for (const [name, content] of [...files]) {
    if (typeof content !== 'string') continue;
    let xml = content;
    const slide = /^ppt\/slides\/slide(\d+)\.xml$/.exec(name);
    if (/^ppt\/(slides|slideLayouts|slideMasters)\/[^/]+\.xml$/.test(name)) xml = fixShapeTree(xml, eastAsian);
    if (slide) {
      xml = fixSlideTitle(xml);
      for (const [objName, caption] of captions.get(Number(slide[1])) ?? []) {
        xml = xml.replace(`name="${xmlEsc(objName)}"/>`, `name="${xmlEsc(objName)}" descr="${xmlEsc(caption)}"/>`);
      }
    }
    if (/^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(name)) xml = fixNotes(xml, lang);
    if (/^ppt\/theme\/theme\d+\.xml$/.test(name)) xml = xml.replace(/<a:ea typeface=""\/>/g, `<a:ea typeface="${xmlEsc(eastAsian)}"/>`);
    if (name === 'docProps/core.xml') xml = fixCore(xml, deck, stamp);
    files.set(name, conformPart('package', name, xml));
  }

  // gitbrent/PptxGenJS#1449: the notes master shares the slide master's theme;
  // give it a theme part of its own, as PowerPoint writes it
  const notesRels = files.get('ppt/notesMasters/_rels/notesMaster1.xml.rels');
  const theme1 = files.get('ppt/theme/theme1.xml');
  if (typeof notesRels === 'string' && typeof theme1 === 'string' && !files.has('ppt/theme/theme2.xml')) {
    files.set('ppt/theme/theme2.xml', theme1);
    files.set('ppt/notesMasters/_rels/notesMaster1.xml.rels', notesRels.replace('../theme/theme1.xml', '../theme/theme2.xml'));
  }
  dedupeMedia(files);
  const ct = files.get('[Content_Types].xml');
  if (typeof ct === 'string') files.set('[Content_Types].xml', fixContentTypes(ct, [...files.keys()]));

  return stableZip(files, { date }, packageOrder);
}

/**
 * pptxgenjs numbers chart parts with a counter shared by every presentation
 * of the process (chart7.xml for the first chart of a second deck): charts
 * and their workbooks are renumbered 1..n in the order they were added.
 */
function renumberCharts(files: Map<string, Buffer | string>): void {
  const numbers = [...files.keys()].map((n) => /^ppt\/charts\/chart(\d+)\.xml$/.exec(n)?.[1]).filter((n): n is string => n !== undefined).map(Number).sort((a, b) => a - b);
  const chartMap = new Map(numbers.map((n, i) => [n, i + 1]));
  if (numbers.every((n, i) => n === i + 1)) return;
  const books = [...files.keys()].map((n) => /^ppt\/embeddings\/Microsoft_Excel_Worksheet(\d+)\.xlsx$/.exec(n)?.[1]).filter((n): n is string => n !== undefined).map(Number).sort((a, b) => a - b);
  const bookMap = new Map(books.map((n, i) => [n, i + 1]));
  const renameText = (s: string) =>
    s
      .replace(/(charts\/chart)(\d+)(\.xml)/g, (m, a: string, n: string, b: string) => `${a}${chartMap.get(Number(n)) ?? n}${b}`)
      .replace(/(Microsoft_Excel_Worksheet)(\d+)(\.xlsx)/g, (m, a: string, n: string, b: string) => `${a}${bookMap.get(Number(n)) ?? n}${b}`);
  const renamed = new Map<string, Buffer | string>();
  for (const [name, content] of files) {
    const newName = renameText(name).replace(/(charts\/_rels\/chart)(\d+)(\.xml\.rels)/, (m, a: string, n: string, b: string) => `${a}${chartMap.get(Number(n)) ?? n}${b}`);
    renamed.set(newName, typeof content === 'string' && /\.(rels|xml)$/.test(name) ? renameText(content) : content);
  }
  files.clear();
  for (const [k, v] of renamed) files.set(k, v);
}
