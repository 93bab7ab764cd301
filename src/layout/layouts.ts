// layout: composed slides -> positioned elements on the one 13.333 x 7.5 inch
// geometry every renderer draws. Text is measured with the real fonts: a box
// whose text does not fit is shrunk to a floor size, and what still does not
// fit is reported (slide, element, overflow in points), never silently clipped.
import type { ChartSpec } from '../charts/spec.js';
import type { ComposedBullet, ComposedDeck, ComposedSlide, ComposedTable } from '../compose/compose.js';
import type { Theme } from '../theme.js';
import { hasJapanese } from '../util/linebreak-ja.js';
import { lineStarts, textWidth, wrapLines } from '../util/text-measure.js';
import { JA_LINE_EM, LATIN_LINE_EM } from './lines.js';
import { scaledForBox } from '../charts/plot-estimate.js';
import { SLIDE_H, SLIDE_W, type Box, type DeckLayout, type DeckMeta, type Element, type Paragraph, type SlideLayout, type TableCell, type TextElement, type TextStyle } from './types.js';

export interface LayoutProblem { slide: number; slideId: string; element: string; message: string; overflowPt: number }

const M = 0.5; // side margin, inches
const CONTENT_TOP = 1.45;
const CONTENT_BOTTOM = 6.95;
const CONTENT_W = SLIDE_W - 2 * M;
const BULLETS = ['\u25A0', '\u2013', '\u2022', '\u2022'];

interface Ctx {
  theme: Theme;
  problems: LayoutProblem[];
  slide: number;
  slideId: string;
  /** a trial fit (twoCharts): charts keep their spec as given, the axes are fixed once the box is chosen */
  trial?: boolean;
}

function style(theme: Theme, over: Partial<TextStyle> = {}): TextStyle {
  return { font: theme.fonts.latin, size: theme.sizes.body, color: theme.colors.text, align: 'left', valign: 'top', inset: 0.08, lineHeight: 1.15, ...over };
}

/**
 * Room a Japanese line leaves free: PowerPoint sets its Japanese in Yu Gothic
 * and LibreOffice in whatever it substitutes, where the layout measured Noto
 * Sans CJK JP. Lines are filled to this share of the width so the explicit
 * breaks hold (see README, "Japanese"). The space LibreOffice adds between
 * Japanese and Latin characters ("2009 年 3 月") is reserved where it falls,
 * by the measure (util/text-measure.ts lineStarts): a flat share did not hold
 * a line of many figures (3Q's II-5, "…（35.8%減）、07/3期" wrapped as "07/3 / 期").
 */
export const JA_FILL = 0.97;

/** The width in points a paragraph's lines are filled to (inside the inset and its bullet indent). */
function lineWidthPt(p: Paragraph, st: TextStyle, w: number, text: string): number {
  const indent = p.bullet ? (0.25 + 0.3 * p.level) * 72 : 0;
  const width = (w - 2 * st.inset) * 72 - indent;
  return hasJapanese(text) ? width * JA_FILL : width;
}

const joined = (p: Paragraph) => p.runs.map((r) => r.text).join('');
const boldOf = (p: Paragraph, st: TextStyle) => Boolean(st.bold || p.runs.some((r) => r.bold));

/** Height in inches the paragraphs take in a box of width w (inches). */
function textHeight(paras: Paragraph[], st: TextStyle, w: number): number {
  let pt = 0;
  for (const p of paras) {
    const text = joined(p);
    const n = wrapLines(text, st.font, st.size, lineWidthPt(p, st, w, text), boldOf(p, st)).length;
    pt += n * st.size * st.lineHeight * (hasJapanese(text) ? JA_LINE_EM : LATIN_LINE_EM) + (p.spaceBefore ?? 0);
  }
  return pt / 72 + 2 * st.inset;
}

/** Japanese paragraphs carry the lines the layout chose, for the renderers to keep. */
function withLines(paras: Paragraph[], st: TextStyle, w: number): Paragraph[] {
  return paras.map((p) => {
    const text = joined(p);
    return hasJapanese(text) ? { ...p, lineStarts: lineStarts(text, st.font, st.size, lineWidthPt(p, st, w, text), boldOf(p, st)) } : p;
  });
}

interface TextItem { id: string; role: TextElement['role']; box: Box; paras: Paragraph[] }

/**
 * Text boxes that share one size: the bullet columns of a slide, the cards'
 * texts. They start at `st.size` and shrink together, a point at a time, to
 * the largest size at which all fit, never below `min` (the theme's floor
 * unless the caller allows no shrinking at all); what does not fit at the
 * floor is reported (slide, element, overflow in points), never shrunk
 * further or clipped. Two columns at 12 and 10 pt on one slide read as two
 * authors' work.
 */
function textGroup(ctx: Ctx, items: TextItem[], st: TextStyle, min: number): TextElement[] {
  const fits = (size: number) => items.every((it) => textHeight(it.paras, { ...st, size }, it.box.w) <= it.box.h + 1e-6);
  let size = st.size;
  while (!fits(size) && size - 1 >= min) size -= 1;
  const s = { ...st, size };
  return items.map((it) => {
    const need = textHeight(it.paras, s, it.box.w);
    if (need > it.box.h + 0.01) {
      const message = `text needs ${(need * 72).toFixed(0)} pt of height, its box has ${(it.box.h * 72).toFixed(0)} pt`;
      ctx.problems.push({ slide: ctx.slide, slideId: ctx.slideId, element: it.id, message, overflowPt: Math.round((need - it.box.h) * 72) });
    }
    return { kind: 'text', id: it.id, role: it.role, box: it.box, paragraphs: withLines(it.paras, s, it.box.w), style: { ...s } };
  });
}

/** One text box at its own size (a title, a footer), shrinking to `min` as textGroup does. */
function textBox(ctx: Ctx, id: string, role: TextElement['role'], box: Box, paras: Paragraph[], st: TextStyle, min = st.size): TextElement {
  return textGroup(ctx, [{ id, role, box, paras }], st, min)[0];
}

function plain(text: string, extra: Partial<Paragraph> = {}): Paragraph {
  return { runs: [{ text }], level: 0, ...extra };
}

function bulletParas(theme: Theme, items: ComposedBullet[]): Paragraph[] {
  return items.map((b, i) => ({
    runs: [{ text: b.text, bold: b.bold || b.level === 0 ? b.bold ?? b.level === 0 : undefined }],
    level: b.level,
    bullet: BULLETS[b.level],
    spaceBefore: b.level === 0 && i > 0 ? 6 : 2,
  })).map((p) => ({ ...p, runs: p.runs.map((r) => ({ ...r, color: p.level === 0 ? theme.colors.primary : undefined })) }));
}

/** Bullet columns of one slide, all at one size: `size` (body by default), shrinking together to `min`. */
function bulletColumns(ctx: Ctx, cols: { id: string; box: Box; items: ComposedBullet[] }[], size?: number, min = ctx.theme.sizes.min): TextElement[] {
  const used = cols.filter((c) => c.items.length);
  if (!used.length) return [];
  return textGroup(ctx, used.map((c) => ({ id: c.id, role: 'body', box: c.box, paras: bulletParas(ctx.theme, c.items) })), style(ctx.theme, { size: size ?? ctx.theme.sizes.body }), min);
}

function bulletsBox(ctx: Ctx, id: string, box: Box, items: ComposedBullet[], size?: number): TextElement | undefined {
  return bulletColumns(ctx, [{ id, box, items }], size)[0];
}

/** A chart in its box, its value axes fixed for the plot the box leaves (charts/plot-estimate.ts). */
function chartEl(ctx: Ctx, id: string, box: Box, spec: ChartSpec): Element {
  if (ctx.trial) return { kind: 'chart', id, box, chart: spec };
  const size = ctx.theme.sizes.chart;
  const chart = scaledForBox(spec, { w: box.w * 72, h: box.h * 72 }, size, (t, sz, bold) => textWidth(t, ctx.theme.fonts.latin, sz, bold));
  return { kind: 'chart', id, box, chart };
}

/** Row heights from the wrapped text of each cell. */
function tableEl(ctx: Ctx, id: string, x: number, y: number, w: number, t: ComposedTable, maxH: number): Element {
  const th = ctx.theme;
  const total = t.columns.reduce((a, b) => a + b, 0);
  const columns = t.columns.map((c) => (c / total) * w);
  let size = t.fontSize ?? th.sizes.table;
  const inset = 0.05;
  const cellWidthPt = (cell: string, c: number) => (columns[c] - 2 * inset) * 72 * (hasJapanese(cell) ? JA_FILL : 1);
  const heights = (sz: number) => t.rows.map((row, r) => Math.max(0.3, ...row.map((cell, c) => {
    const lines = wrapLines(cell, th.fonts.latin, sz, cellWidthPt(cell, c), r < t.headerRows).length;
    return (lines * sz * (hasJapanese(cell) ? JA_LINE_EM : LATIN_LINE_EM)) / 72 + 2 * inset;
  })));
  let rowHeights = heights(size);
  while (rowHeights.reduce((a, b) => a + b, 0) > maxH && size > th.sizes.min) rowHeights = heights(--size);
  const h = rowHeights.reduce((a, b) => a + b, 0);
  if (h > maxH + 0.01) {
    ctx.problems.push({
      slide: ctx.slide, slideId: ctx.slideId, element: id,
      message: `table needs ${(h * 72).toFixed(0)} pt of height, ${(maxH * 72).toFixed(0)} pt are free`, overflowPt: Math.round((h - maxH) * 72),
    });
  }
  const rows: TableCell[][] = t.rows.map((row, r) => row.map((cell, c) => ({
    runs: [{ text: cell }],
    align: r < t.headerRows ? 'center' : t.align?.[c] ?? (c === 0 ? 'left' : 'right'),
    bold: r < t.headerRows || t.boldRows?.includes(r - t.headerRows) ? true : undefined,
    ...(hasJapanese(cell) ? { lineStarts: lineStarts(cell, th.fonts.latin, size, cellWidthPt(cell, c), r < t.headerRows) } : {}),
  })));
  return {
    kind: 'table', id, box: { x, y, w, h }, columns, rowHeights, rows, headerRows: t.headerRows,
    style: {
      font: th.fonts.latin, size, color: th.colors.text,
      headerFill: th.colors.tableHeader, headerColor: th.colors.tableHeaderText, border: th.colors.tableBorder, stripeFill: th.colors.tableStripe, inset,
    },
    caption: undefined,
  };
}

/** Title, section marker, unit, logo, rule, footer, page number: the frame of every content slide. */
/** The logo's file and its alt text in the deck's language. */
interface Logo { path: string; alt: string }

function frame(ctx: Ctx, s: ComposedSlide, footer: string, n: number, logo: Logo | undefined): Element[] {
  const th = ctx.theme;
  const els: Element[] = [];
  if (s.section) {
    els.push(textBox(ctx, 'section', 'marker', { x: M, y: 0.12, w: 9.5, h: 0.3 }, [plain(s.section)],
      style(th, { size: th.sizes.small, color: th.colors.accent, bold: true, inset: 0.02 })));
  }
  els.push(textBox(ctx, 'title', 'title', { x: M, y: 0.42, w: 10.7, h: 0.66 }, [plain(s.title)],
    style(th, { size: th.sizes.title, color: th.colors.primary, bold: true, valign: 'middle', inset: 0.02, lineHeight: 1.0 }), 16));
  if (logo) els.push({ kind: 'image', id: 'logo', box: { x: 11.33, y: 0.5, w: 1.5, h: 0.5 }, path: logo.path, alt: logo.alt });
  els.push({ kind: 'shape', id: 'rule', shape: 'rect', box: { x: M, y: 1.12, w: CONTENT_W, h: 0.03 }, fill: th.colors.primary, background: true });
  if (s.unit) {
    els.push(textBox(ctx, 'unit', 'label', { x: SLIDE_W - M - 3.5, y: 1.16, w: 3.5, h: hasJapanese(s.unit) ? 0.29 : 0.26 }, [plain(s.unit, { align: 'right' })],
      style(th, { size: th.sizes.small - 1, color: th.colors.muted, align: 'right', inset: 0.02 })));
  }
  els.push(textBox(ctx, 'footer', 'footer', { x: M, y: 7.1, w: 9, h: 0.28 }, [plain(footer)], style(th, { size: th.sizes.footer, color: th.colors.muted, inset: 0.02, valign: 'middle' })));
  els.push(textBox(ctx, 'page', 'footer', { x: SLIDE_W - M - 1, y: 7.1, w: 1, h: 0.28 }, [plain(String(n), { align: 'right' })],
    style(th, { size: th.sizes.footer, color: th.colors.muted, align: 'right', inset: 0.02, valign: 'middle' })));
  return els;
}

function chartWithNote(ctx: Ctx, id: string, box: Box, spec: ChartSpec): Element[] {
  if (!spec.source) return [chartEl(ctx, id, box, spec)];
  const noteH = 0.24;
  return [
    chartEl(ctx, id, { ...box, h: box.h - noteH }, spec),
    textBox(ctx, `${id}-note`, 'note', { x: box.x, y: box.y + box.h - noteH, w: box.w, h: noteH }, [plain(spec.source)], style(ctx.theme, { size: 8, color: ctx.theme.colors.muted, inset: 0.02 })),
  ];
}

type Layout = ComposedSlide['layout'];
type Body = (ctx: Ctx, s: ComposedSlide) => Element[];

const FULL_H = CONTENT_BOTTOM - CONTENT_TOP;
const present = (...els: (Element | undefined)[]): Element[] => els.filter((e): e is Element => e !== undefined);

const bulletsOnly: Body = (ctx, s) => {
  const size = s.layout === 'contents' ? ctx.theme.sizes.subtitle + 6 : undefined;
  return present(bulletsBox(ctx, 'bullets', { x: M + 0.1, y: CONTENT_TOP, w: CONTENT_W - 0.2, h: FULL_H }, s.bullets, size));
};

const tableAndBullets: Body = (ctx, s) => {
  const t = s.table!;
  const bulletsH = s.bullets.length ? 1.5 : 0;
  const tbl = tableEl(ctx, 'table', M, CONTENT_TOP + 0.05, CONTENT_W, t, FULL_H - bulletsH - 0.1);
  if (!s.bullets.length) return [tbl];
  return present(tbl, bulletsBox(ctx, 'bullets', { x: M, y: tbl.box.y + tbl.box.h + 0.15, w: CONTENT_W, h: CONTENT_BOTTOM - (tbl.box.y + tbl.box.h + 0.15) }, s.bullets, ctx.theme.sizes.body - 2));
};

const chartAndBullets: Body = (ctx, s) => {
  if (s.charts.length === 2) return twoCharts(ctx, s);
  const [c] = s.charts;
  const cw = s.bullets.length ? 7.2 : CONTENT_W;
  const chart = c ? chartWithNote(ctx, 'chart-1', { x: M, y: CONTENT_TOP, w: cw, h: FULL_H }, c) : [];
  return [...chart, ...present(bulletsBox(ctx, 'bullets', { x: M + cw + 0.2, y: CONTENT_TOP, w: CONTENT_W - cw - 0.2, h: FULL_H }, s.bullets, ctx.theme.sizes.body - 1))];
};

const chartAndTable: Body = (ctx, s) => {
  const [c] = s.charts;
  const t = s.table!;
  const chartH = 3.1;
  const out: Element[] = [];
  if (c) out.push(...chartWithNote(ctx, 'chart-1', { x: M, y: CONTENT_TOP, w: s.bullets.length ? 8.3 : CONTENT_W, h: chartH }, c));
  if (s.bullets.length) out.push(...present(bulletsBox(ctx, 'bullets', { x: M + 8.5, y: CONTENT_TOP, w: CONTENT_W - 8.5, h: chartH }, s.bullets, ctx.theme.sizes.body - 2)));
  out.push(tableEl(ctx, 'table', M, CONTENT_TOP + chartH + 0.15, CONTENT_W, t, FULL_H - chartH - 0.15));
  return out;
};

const textAndBullets: Body = (ctx, s) => {
  const th = ctx.theme;
  const H = FULL_H;
  const out: Element[] = [];
  const add = (e: Element | undefined) => { if (e) out.push(e); };
  // the contact bullets follow the text they close, rather than sitting at the foot with a gap
  // above, and at the statement's size (one type scale per slide)
  const bh = s.bullets.length ? 1.7 : 0;
  let y = CONTENT_TOP;
  let size = th.sizes.small + 1;
  if (s.body) {
    const el = textBox(ctx, 'body', 'body', { x: M + 0.1, y, w: CONTENT_W - 0.2, h: H - bh }, [plain(s.body, { align: 'left' })], style(th, { size, lineHeight: 1.1 }), th.sizes.min);
    el.box = { ...el.box, h: Math.min(el.box.h, textHeight(el.paragraphs, el.style, el.box.w)) };
    out.push(el);
    y = el.box.y + el.box.h + 0.3;
    size = el.style.size;
  }
  add(bulletsBox(ctx, 'bullets', { x: M + 0.1, y, w: CONTENT_W - 0.2, h: Math.min(bh, CONTENT_BOTTOM - y) }, s.bullets, size));
  return out;
};

/**
 * What goes under the frame, one entry per layout of the deck definition: a
 * new layout is a new entry here (and its name in compose/deck-def.ts's
 * LAYOUTS); the compiler refuses this map while one is missing.
 */
const BODIES = {
  contents: bulletsOnly,
  bullets: bulletsOnly,
  table: tableAndBullets,
  list: tableAndBullets,
  'chart-bullets': chartAndBullets,
  bridge: chartAndBullets,
  'two-charts': (ctx, s) => twoCharts(ctx, s),
  'chart-table': chartAndTable,
  cards: (ctx, s) => cards(ctx, s),
  text: textAndBullets,
  cover: () => [],
} satisfies Record<Layout, Body>;

function body(ctx: Ctx, s: ComposedSlide): Element[] {
  return BODIES[s.layout](ctx, s);
}

function twoCharts(ctx: Ctx, s: ComposedSlide): Element[] {
  // charts give up height (down to 2.8 in) before the text shrinks; then the
  // text may shrink to the theme's floor under the shortest charts
  const hasText = s.bullets.length + s.bullets2.length > 0;
  const heights = hasText ? [3.55, 3.3, 3.05, 2.8] : [CONTENT_BOTTOM - CONTENT_TOP];
  const size = ctx.theme.sizes.body - 2;
  // (charts under 3 in leave a plot too short for labels over columns: LibreOffice drew II-4's at 75 pt)
  const tries = hasText
    ? [...heights.slice(0, 3).map((h) => ({ h, min: size })), ...heights.slice(2).map((h) => ({ h, min: ctx.theme.sizes.min }))]
    : heights.map((h) => ({ h, min: size }));
  // the charts' axes do not change what fits (the text does): fixed once, for the height chosen
  // (fixing them at every trial height was ~40% of laying out the sample)
  for (const [k, t] of tries.entries()) {
    const trial: Ctx = { ...ctx, problems: [], trial: true };
    const els = twoChartsAt(trial, s, t.h, size, t.min);
    if (trial.problems.length === 0 || k === tries.length - 1) {
      ctx.problems.push(...trial.problems);
      return els.map((e) => (e.kind === 'chart' ? chartEl(ctx, e.id, e.box, e.chart) : e));
    }
  }
  return [];
}

function twoChartsAt(ctx: Ctx, s: ComposedSlide, chartH: number, size: number, min: number): Element[] {
  const out: Element[] = [];
  const w = (CONTENT_W - 0.3) / 2;
  s.charts.forEach((c, i) => out.push(...chartWithNote(ctx, `chart-${i + 1}`, { x: M + i * (w + 0.3), y: CONTENT_TOP, w, h: chartH }, c)));
  const y = CONTENT_TOP + chartH + 0.1;
  const h = CONTENT_BOTTOM - y;
  const cols = s.bullets2.length
    ? [{ id: 'bullets', box: { x: M, y, w, h }, items: s.bullets }, { id: 'bullets2', box: { x: M + w + 0.3, y, w, h }, items: s.bullets2 }]
    : [{ id: 'bullets', box: { x: M, y, w: CONTENT_W, h }, items: s.bullets }];
  out.push(...bulletColumns(ctx, cols, size, min));
  return out;
}

function cards(ctx: Ctx, s: ComposedSlide): Element[] {
  const th = ctx.theme;
  const list = s.cards ?? [];
  const cols = 3;
  const rows = Math.max(1, Math.ceil(list.length / cols));
  const gap = 0.2;
  const w = (CONTENT_W - gap * (cols - 1)) / cols;
  const h = (CONTENT_BOTTOM - CONTENT_TOP - gap * (rows - 1)) / rows;
  const out: Element[] = [];
  const at = (i: number) => ({ x: M + (i % cols) * (w + gap), y: CONTENT_TOP + Math.floor(i / cols) * (h + gap) });
  const frameLine = { color: th.colors.tableBorder, width: 0.75 };
  list.forEach((_, i) => out.push({ kind: 'shape', id: `card-${i + 1}-frame`, shape: 'rect', box: { ...at(i), w, h }, fill: 'F7F9FC', line: frameLine, background: true }));
  // every card's title at one size and every card's text at one size
  const titles = list.map((c, i) => ({ id: `card-${i + 1}-title`, role: 'subtitle' as const, box: { ...at(i), w, h: 0.42 }, paras: [plain(c.title)] }));
  out.push(...textGroup(ctx, titles, style(th, { size: th.sizes.body, bold: true, color: 'FFFFFF', fill: th.colors.primary, valign: 'middle', inset: 0.08 }), th.sizes.min));
  const texts = list.map((c, i) => ({
    id: `card-${i + 1}-text`,
    role: 'body' as const,
    box: { x: at(i).x, y: at(i).y + 0.45, w, h: h - 0.47 },
    paras: c.bullets.map((b) => ({ runs: [{ text: b }], level: 1, bullet: BULLETS[2], spaceBefore: 3 })),
  }));
  out.push(...textGroup(ctx, texts, style(th, { size: th.sizes.small }), th.sizes.min));
  return out;
}

function cover(ctx: Ctx, s: ComposedSlide, logo: Logo | undefined): Element[] {
  const th = ctx.theme;
  const els: Element[] = [
    { kind: 'shape', id: 'band', shape: 'rect', box: { x: 0, y: 2.3, w: SLIDE_W, h: 2.2 }, fill: th.colors.primary, background: true },
    textBox(ctx, 'title', 'title', { x: 0.9, y: 2.5, w: SLIDE_W - 1.8, h: 1.1 }, [plain(s.title)],
      style(th, { size: 36, bold: true, color: 'FFFFFF', valign: 'middle', inset: 0.05, lineHeight: 1.0 }), 24),
  ];
  if (s.subtitle) {
    els.push(textBox(ctx, 'subtitle', 'subtitle', { x: 0.9, y: 3.65, w: SLIDE_W - 1.8, h: 0.6 }, [plain(s.subtitle)],
      style(th, { size: th.sizes.subtitle + 4, color: 'FFFFFF', inset: 0.05 })));
  }
  if (logo) els.push({ kind: 'image', id: 'logo', box: { x: 0.9, y: 5.2, w: 2.1, h: 0.7 }, path: logo.path, alt: logo.alt });
  return els;
}

export interface LayoutOptions { theme: Theme; logo?: string; author: string; date: string; draft?: boolean }

export function layoutDeck(deck: ComposedDeck, opts: LayoutOptions): { layout: DeckLayout; problems: LayoutProblem[] } {
  const problems: LayoutProblem[] = [];
  const logo = opts.logo ? { path: opts.logo, alt: deck.words.logo } : undefined;
  const slides: SlideLayout[] = deck.slides.map((s, i) => {
    const ctx: Ctx = { theme: opts.theme, problems, slide: i + 1, slideId: s.id };
    const elements = s.layout === 'cover' ? cover(ctx, s, logo) : [...frame(ctx, s, deck.footer, i + 1, logo), ...body(ctx, s)];
    return { number: i + 1, id: s.id, title: s.title, section: s.section, label: s.label, elements, notes: s.notes };
  });
  const meta: DeckMeta = { title: deck.meta.title, author: opts.author, subject: deck.meta.subject, company: opts.author, lang: deck.meta.lang, date: opts.date, keywords: deck.meta.keywords };
  return { layout: { meta, width: SLIDE_W, height: SLIDE_H, slides, draft: opts.draft, draftMark: deck.words.draft }, problems };
}
