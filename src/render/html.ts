// DeckLayout -> one self-contained HTML file. The page shell and one partial
// per element kind are Handlebars templates (templates/html/), with escaping
// ON: every text from the data is shown as text. Each element sits at its
// layout box in inches, so the HTML (and the PDF printed from it) shows the
// slides exactly where the PPTX has them. Fonts and images are inlined; the
// file makes no request to anywhere.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type Handlebars from 'handlebars';
import type { DeckLayout, Element, Paragraph, SlideLayout, TableElement, TextElement } from '../layout/types.js';
import type { Theme } from '../theme.js';
import { findFont, twinOf } from '../util/fonts.js';
import { PROJECT_ROOT } from '../util/project-root.js';
import { JA_LINE_EM, runsByLine } from '../layout/lines.js';
import { unreachable } from '../util/unreachable.js';
import { htmlTemplates } from './html-templates.js';
import { installedNames } from './font-names.js';

export interface HtmlOptions {
  theme: Theme;
  chartPngs: Map<string, Buffer>;
  draft?: boolean;
  /** server-sent events path of the live preview; omitted for files */
  liveReload?: string;
  mode?: 'document' | 'print';
  /** fonts inlined (the default: a file that shows the same anywhere) or, for printing, the installed files (fontFaces) */
  fonts?: 'inline' | 'installed';
  /** @font-face rules of the Japanese characters the deck uses (render/cjk-font.ts), for a file that shows them anywhere */
  cjkFontCss?: string;
  /** irdeck's cache folder (the templates precompiled, what fontconfig names the fonts); none: made afresh */
  cacheDir?: string;
  /** the page's templates (default: the project's templates/html/) */
  templatesDir?: string;
}

const PX_PER_IN = 96;

const inch = (x: number) => `${+x.toFixed(4)}in`;
const boxStyle = (e: Element) => `left:${inch(e.box.x)};top:${inch(e.box.y)};width:${inch(e.box.w)};height:${inch(e.box.h)}`;
const hex = (c: string) => `#${c.replace(/[^0-9A-Fa-f]/g, '').slice(0, 6)}`;

function fontStack(face: string, theme: Theme): string {
  return `'${face}', '${twinOf(face)}', '${twinOf(theme.fonts.eastAsian)}', sans-serif`;
}

function textView(el: TextElement, theme: Theme) {
  const st = el.style;
  const justify = st.valign === 'middle' ? 'center' : st.valign === 'bottom' ? 'flex-end' : 'flex-start';
  const heading = el.role === 'title';
  return {
    partial: 'text',
    tag: heading ? 'h1' : 'div',
    // a heading holds phrasing content only: its box and paragraphs are spans shown as blocks
    boxTag: heading ? 'span' : 'div',
    id: el.id,
    role: el.role,
    // footers and page numbers repeat on every slide: page furniture, not content (the PDF makes them Artifacts)
    hidden: el.role === 'footer',
    style: `${boxStyle(el)};font-family:${fontStack(st.font, theme)};font-size:${st.size}pt;color:${hex(st.color)};` +
      `${st.bold ? 'font-weight:700;' : ''}${st.fill ? `background:${hex(st.fill)};` : ''}justify-content:${justify};padding:${inch(st.inset)}`,
    inner: `text-align:${st.align};line-height:${(st.lineHeight * 1.2).toFixed(3)}`,
    blocks: textBlocks(el, heading ? 'span' : 'p'),
  };
}

/**
 * Japanese lines as the layout broke them (<br>), and no other break: keep-all
 * stops Chromium breaking between any two characters, strict keeps kinsoku
 * should a line still not fit.
 */
const JA_LINES = 'word-break:keep-all;line-break:strict;';

/** Paragraphs in order, each run of bulleted ones as one list (<ul>, an <li> per paragraph). */
function textBlocks(el: TextElement, pTag: string) {
  const blocks: { pTag?: string; paragraph?: ReturnType<typeof paragraphView>; items?: ReturnType<typeof paragraphView>[] }[] = [];
  for (const p of el.paragraphs) {
    const view = paragraphView(p, el);
    const last = blocks[blocks.length - 1];
    if (!p.bullet) blocks.push({ pTag, paragraph: view, items: undefined });
    else if (last?.items) last.items.push(view);
    else blocks.push({ pTag, paragraph: undefined, items: [view] });
  }
  return blocks;
}

function paragraphView(p: Paragraph, el: TextElement) {
  const indent = p.bullet ? 0.25 + 0.3 * p.level : 0;
  const lines = p.lineStarts ? runsByLine(p.runs, p.lineStarts) : [p.runs];
  return {
    style: `${p.align ? `text-align:${p.align};` : ''}${p.spaceBefore ? `margin-top:${p.spaceBefore}pt;` : ''}`
      + `${p.bullet ? `padding-left:${inch(indent)};text-indent:-0.25in;` : ''}${p.lineStarts ? `${JA_LINES}line-height:${+(el.style.lineHeight * JA_LINE_EM).toFixed(3)};` : ''}`,
    bullet: p.bullet,
    bulletStyle: `display:inline-block;width:0.25in;text-indent:0;color:${hex(el.style.color)}`,
    runs: lines.flatMap((line, li) => line.map((r, ri) => ({
      br: li > 0 && ri === 0,
      text: r.text,
      style: `${r.bold ?? el.style.bold ? 'font-weight:700;' : 'font-weight:400;'}${r.italic ? 'font-style:italic;' : ''}` +
        `${r.color ? `color:${hex(r.color)};` : ''}${r.superscript ? 'vertical-align:super;font-size:70%;' : ''}`,
    }))),
  };
}

function tableView(el: TableElement, theme: Theme, slideTitle: string) {
  const st = el.style;
  return {
    partial: 'table',
    id: el.id,
    // every table is named for assistive technology: its own caption, else the slide's title
    caption: el.caption ?? slideTitle,
    style: `${boxStyle(el)};font-family:${fontStack(st.font, theme)};font-size:${st.size}pt;color:${hex(st.color)}`,
    cols: el.columns.map((c) => +c.toFixed(4)),
    rows: el.rows.map((row, r) => ({
      height: +el.rowHeights[r].toFixed(4),
      cells: row.map((cell) => {
        const header = r < el.headerRows;
        const stripe = !header && st.stripeFill && (r - el.headerRows) % 2 === 1 ? st.stripeFill : undefined;
        const fill = header ? st.headerFill : cell.fill ?? stripe ?? 'FFFFFF';
        const text = cell.runs.map((x) => x.text).join('');
        return {
          // an empty header cell (the corner above the row labels) heads nothing: a data cell, so no header is blank
          tag: header && text.trim() ? 'th' : 'td',
          scope: header && text.trim() ? 'col' : undefined,
          text,
          lines: cell.lineStarts ? runsByLine(cell.runs, cell.lineStarts).map((line) => line.map((x) => x.text).join('')) : undefined,
          colspan: cell.colspan,
          rowspan: cell.rowspan,
          style: `background:${hex(fill)};color:${hex(header ? st.headerColor : cell.color ?? st.color)};text-align:${cell.align ?? 'left'};${cell.bold ? 'font-weight:700;' : 'font-weight:400;'}`
            + `padding:0 ${inch(st.inset)};border:0.75pt solid ${hex(st.border)}${cell.lineStarts ? `;${JA_LINES}line-height:${JA_LINE_EM}` : ''}`,
        };
      }),
    })),
  };
}

const dataUri = (mime: string, b: Buffer) => `data:${mime};base64,${b.toString('base64')}`;

// The logo is on every slide: read and encoded once per file version, not 26
// times per page (two pages a build, ~15 ms); the preview's next build sees an edited file.
const imageUris = new Map<string, string>();
function imageUri(path: string): string {
  const st = statSync(path);
  const key = `${path}\0${st.size}\0${st.mtimeMs}`;
  let uri = imageUris.get(key);
  if (uri === undefined) {
    if (imageUris.size > 64) imageUris.clear();
    uri = dataUri(/\.jpe?g$/i.test(path) ? 'image/jpeg' : 'image/png', readFileSync(path));
    imageUris.set(key, uri);
  }
  return uri;
}

/** A part of the page that differs between the renders of one deck: the style sheet (fonts), a chart's picture, an image. */
type Slot = { kind: 'css' } | { kind: 'chart'; id: string } | { kind: 'image'; path: string };
/** The text a slot stands for in the page: its value, or a marker for it (see renderHtml). */
type SlotText = (slot: Slot) => string;

function slotValue(slot: Slot, opts: HtmlOptions): string {
  switch (slot.kind) {
    case 'css': return fontFaces(opts.theme, opts.fonts ?? 'inline', opts.cacheDir) + (opts.cjkFontCss ? `\n${opts.cjkFontCss}` : '') + CSS;
    case 'chart': {
      const png = opts.chartPngs.get(slot.id);
      if (!png) throw new Error(`no PNG rendered for chart ${slot.id}`);
      return dataUri('image/png', png);
    }
    case 'image': return imageUri(slot.path);
    default: return unreachable(slot, 'slot kind');
  }
}

function elementView(el: Element, theme: Theme, slideTitle: string, slot: SlotText) {
  switch (el.kind) {
    case 'text': return textView(el, theme);
    case 'table': return tableView(el, theme, slideTitle);
    case 'chart':
      return { partial: 'chart', id: el.id, style: boxStyle(el), src: slot({ kind: 'chart', id: el.chart.id }), alt: el.chart.alt,
        pxW: Math.round(el.box.w * PX_PER_IN), pxH: Math.round(el.box.h * PX_PER_IN) };
    case 'image':
      return { partial: 'image', id: el.id, style: boxStyle(el), src: slot({ kind: 'image', path: el.path }), alt: el.alt };
    case 'shape':
      return { partial: 'shape', id: el.id, style: `${boxStyle(el)};${el.fill ? `background:${hex(el.fill)};` : ''}${el.line ? `border:${el.line.width}pt solid ${hex(el.line.color)};` : ''}` };

    default:
      return unreachable(el, 'element kind');
  }
}

/**
 * Where an element comes in reading order (the DOM order, which Chromium's PDF tags follow): the
 * title, then the body, then notes; footers last. The layout lists elements in painting order.
 */
const READING_RANK: Partial<Record<TextElement['role'], number>> = { title: 0, subtitle: 1, note: 3, footer: 4 };
const readingRank = (e: Element) => (e.kind === 'text' ? READING_RANK[e.role] ?? 2 : 2);

function slideView(s: SlideLayout, theme: Theme, slot: SlotText) {
  // z-index keeps the layout's painting order whatever the reading order (positioned boxes paint by it)
  const views = s.elements.map((e, i) => {
    const view = elementView(e, theme, s.title, slot);
    return { rank: readingRank(e), view: { ...view, style: `${view.style};z-index:${i + 1}` } };
  });
  const elements = views.sort((a, b) => a.rank - b.rank).map((v) => v.view);
  return { number: s.number, title: s.title, label: s.label, hasTitle: s.elements.some((e) => e.kind === 'text' && e.role === 'title'), elements };
}

const fontCss = new Map<string, string>();

/**
 * The Latin twin fonts under the PowerPoint face's name, so text measures as
 * in PowerPoint: inlined, so the file shows the same anywhere; or, for the
 * page Chromium prints, named by local() when fontconfig knows that exact file
 * under a name no other file has (the browser then reads the installed file
 * instead of decoding ~1 MB of base64: ~0.1 s less per print, same PDF).
 */
function fontFaces(theme: Theme, fonts: 'inline' | 'installed', cacheDir: string | undefined): string {
  const key = `${theme.fonts.latin}\n${fonts}`;
  const cached = fontCss.get(key);
  if (cached !== undefined) return cached;
  const twin = twinOf(theme.fonts.latin);
  const files = (['normal', 'bold'] as const).flatMap((weight) => {
    const path = findFont(twin, weight);
    return path ? [{ weight, path }] : [];
  });
  const local = fonts === 'installed' && files.length ? installedNames(files.map((f) => f.path), cacheDir) : undefined;
  const faces: string[] = [];
  for (const { weight, path } of files) {
    const name = local?.get(path);
    const src = name ? `local('${name}')` : `url(${dataUri('font/ttf', readFileSync(path))}) format('truetype')`;
    // one face, under the PowerPoint name the layout uses (every font stack starts with it)
    faces.push(`@font-face{font-family:'${theme.fonts.latin}';font-weight:${weight === 'bold' ? 700 : 400};font-style:normal;src:${src};}`);
  }
  // The CJK face (a 20 MB collection) is not inlined whole: a file with
  // Japanese in it gets the subset of the characters it uses (cjkFontCss);
  // the page Chromium prints takes the installed face by name (fonts-noto-cjk).
  const css = faces.join('\n');
  fontCss.set(key, css);
  return css;
}

const CSS = `
*{box-sizing:border-box;margin:0;padding:0}
@media screen{body.document{background:#8a8f98;padding:0.3in 0}body.document .slide{margin:0 auto 0.3in;box-shadow:0 2px 12px rgba(0,0,0,.35)}}
body.print{background:#fff}
@page{size:13.333in 7.5in;margin:0}
.slide{position:relative;width:13.333in;height:7.5in;overflow:hidden;background:#fff;break-after:page;page-break-after:always}
.slide:last-child{break-after:auto;page-break-after:auto}
.el{position:absolute}
.text{display:flex;flex-direction:column;overflow:visible;white-space:normal;overflow-wrap:break-word}
h1.text{font-size:inherit}
.text .p{display:block;margin:0}
ul.list{list-style:none}
table.table{border-collapse:collapse;table-layout:fixed}
table.table td,table.table th{vertical-align:middle;overflow:hidden;line-height:1.2;overflow-wrap:break-word}
figure.chart{margin:0}
figure.chart img,img.image{display:block;width:100%;height:100%;object-fit:contain}
figure.chart img{object-fit:fill}
.draft{position:absolute;right:0.5in;bottom:0.5in;font:700 28pt 'Liberation Sans',Arial,sans-serif;color:rgba(192,0,0,.8);letter-spacing:2pt}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

const RELOAD = (path: string) => `(function(){var s=new EventSource(${JSON.stringify(path)});s.addEventListener('reload',function(){location.reload();});})();`;

/** The page of a deck with every slot's text given by `slot`, called in the order the values were always computed (the style sheet first). */
function renderPage(page: Handlebars.TemplateDelegate, deck: DeckLayout, opts: HtmlOptions, slot: SlotText): string {
  const mode = opts.mode ?? 'document';
  const csp = `default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'` +
    `${opts.liveReload ? `; script-src 'unsafe-inline'; connect-src 'self'` : ''}; base-uri 'none'; form-action 'none'`;
  return page({
    lang: deck.meta.lang,
    meta: deck.meta,
    csp,
    css: slot({ kind: 'css' }),
    mode,
    draft: opts.draft ?? deck.draft ?? false,
    draftMark: deck.draftMark,
    slides: deck.slides.map((s) => slideView(s, opts.theme, slot)),
    liveReload: opts.liveReload,
    reloadScript: opts.liveReload ? RELOAD(opts.liveReload) : '',
  });
}

/**
 * A deck's page as the templates made it, cut at its slots: `parts` around
 * them, `order` the slot (its index in `slots`) at each cut.
 */
interface Cut { page: Handlebars.TemplateDelegate; theme: Theme; variant: string; parts: string[]; slots: Slot[]; order: number[] }

/** Each deck's pages cut at their slots, one per template set, theme and variant (mode, draft, live reload). */
const cuts = new WeakMap<DeckLayout, Cut[]>();
/**
 * Marks a slot in the page: unique to this process, and changed by escaping
 * (its '&'), so a slot a template escapes is never found, and no escaped text
 * can hold one.
 */
const MARK = `\u{E000}irdeck&slot-${randomBytes(8).toString('hex')}\u{E000}`;

/**
 * The page, cut at its slots, rendered with a marker in each: undefined if
 * the templates do not show each marker exactly once as it is (a slot
 * escaped, repeated or left out by an edited template).
 */
function cutPage(page: Handlebars.TemplateDelegate, deck: DeckLayout, opts: HtmlOptions, variant: string): Cut | undefined {
  const slots: Slot[] = [];
  const text = renderPage(page, deck, opts, (slot) => `${MARK}${slots.push(slot) - 1};`);
  const [first, ...rest] = text.split(MARK);
  const parts = [first];
  const order: number[] = [];
  for (const piece of rest) {
    const m = /^(\d+);/.exec(piece);
    if (!m) return undefined;
    order.push(Number(m[1]));
    parts.push(piece.slice(m[0].length));
  }
  const seen = new Set(order);
  if (order.length !== slots.length || seen.size !== slots.length || order.some((i) => i >= slots.length)) return undefined;
  return { page, theme: opts.theme, variant, parts, slots, order };
}

/**
 * A build renders each deck's page twice: for Chromium to print (chart
 * placeholders, installed fonts) and as the HTML file (the charts, inlined
 * fonts). Only the slots differ, so the templates run once per deck: the page
 * is cut at its slots, and each render puts its own values in. Measured on
 * the sample, the HTML file's render (the second) took 19-33 ms of CPU
 * (median 22) building the views and running the templates again, and takes
 * 4-8 ms (median 5) with the cut, nearly all of it the values themselves
 * (base64 of the pictures and fonts, made either way).
 */
export function renderHtml(deck: DeckLayout, opts: HtmlOptions): string {
  const { page } = htmlTemplates(opts.templatesDir ?? join(PROJECT_ROOT, 'templates/html'), opts.cacheDir);
  const variant = `${opts.mode ?? 'document'}\0${opts.draft}\0${opts.liveReload}`;
  const known = cuts.get(deck) ?? [];
  let cut = known.find((c) => c.page === page && c.theme === opts.theme && c.variant === variant);
  if (!cut) {
    cut = cutPage(page, deck, opts, variant);
    if (!cut) return renderPage(page, deck, opts, (slot) => slotValue(slot, opts));
    cuts.set(deck, [...known.slice(-3), cut]);
  }
  // the values in the order a render without cuts computes them (a missing chart is reported as it was)
  const values = cut.slots.map((slot) => slotValue(slot, opts));
  let html = cut.parts[0];
  for (let i = 0; i < cut.order.length; i++) html += values[cut.order[i]] + cut.parts[i + 1];
  return html;
}
