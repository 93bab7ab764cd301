// Draws a ChartSpec to a PNG with Chart.js on a Skia canvas (@napi-rs/canvas),
// for the HTML and PDF outputs (the PPTX gets a native chart from the same spec).
//
// Everything a reader sees is decided here, not by Chart.js defaults that
// depend on the machine: fonts are registered from files, numbers are written
// by formatNumber (no Intl, no locale), there is no animation and no
// interaction, so the same spec gives the same PNG bytes on any machine with
// the same fonts.
import { createCanvas, GlobalFonts, type Canvas } from '@napi-rs/canvas';
import {
  Chart,
  registerables,
  type ArcElement,
  type ChartConfiguration,
  type ChartDataset,
  type ChartOptions,
  type LegendItem,
  type Plugin,
  type PointElement,
} from 'chart.js';
import { findFont, twinOf } from '../fonts.js';
import { formatNumber } from './format.js';
import { estimatePlot } from './plot-estimate.js';
import { firstClear, type LabelScene, type Rect, type SceneLabel } from './label-gate.js';
import { categoryLabels as drawnCategoryLabels, drawnObstacles, recordScene, recordedScene } from './png-scene.js';
import { textWidth } from '../layout/measure.js';
import { pngFromRows, rgbRows } from '../util/png.js';
import type { ChartAxis, ChartSeries, ChartSpec, ChartStyle, NumberFormat } from './spec.js';

/** CSS pixels per inch: the unit Chart.js lays out in, and the HTML's unit. */
const CSS_DPI = 96;
/** Families every chart can fall back on: Latin (Arial's twin) and Japanese. */
const BASE_FAMILIES = ['Liberation Sans', 'Noto Sans CJK JP'];
const WHITE = '#FFFFFF';
const TRANSPARENT = 'rgba(0,0,0,0)';

interface Size {
  width: number;
  height: number;
}

/** Pixel size of the PNG for a box in inches: 96 CSS px per inch times the scale. */
export function chartPixelSize(box: { w: number; h: number }, scale = 2): Size {
  return {
    width: Math.max(1, Math.round(box.w * CSS_DPI * scale)),
    height: Math.max(1, Math.round(box.h * CSS_DPI * scale)),
  };
}

/** One chart as a PNG of chartPixelSize(box, scale) pixels. */
export async function renderChartPng(spec: ChartSpec, style: ChartStyle, box: { w: number; h: number }, scale = 2): Promise<Buffer> {
  return drawAndEncode(spec, style, box, scale);
}

/**
 * Every chart of a deck, keyed by spec.id, in input order.
 *
 * Drawing and reading the pixels are synchronous; the compression runs on
 * libuv's thread pool, so each chart is drawn while the ones before it are
 * being compressed. The build runs this in a worker thread (pipeline/render-worker.ts)
 * when the PPTX is written at the same time.
 */
export async function renderChartsPng(
  items: { spec: ChartSpec; box: { w: number; h: number } }[],
  style: ChartStyle,
  scale = 2,
): Promise<Map<string, Buffer>> {
  const seen = new Set<string>();
  for (const { spec } of items) {
    if (seen.has(spec.id)) throw new Error(`two charts share the id "${spec.id}"`);
    seen.add(spec.id);
  }
  // Two charts at a time: one compressing while the next is drawn. All at
  // once held every chart's pixels until the last was drawn (~190 MB for 19).
  const pngs: Buffer[] = [];
  const inFlight: Promise<void>[] = [];
  for (const [i, { spec, box }] of items.entries()) {
    const { rows, width, height } = drawRows(spec, style, box, scale);
    inFlight.push(pngFromRows(rows, width, height).then((png) => { pngs[i] = png; }));
    if (inFlight.length >= 2) await inFlight.shift();
  }
  await Promise.all(inFlight);
  return new Map(items.map(({ spec }, i) => [spec.id, pngs[i]]));
}

// ---------------------------------------------------------------- set-up

let chartJsReady = false;
const registeredFamilies = new Set<string>();

function ensureChartJs(): void {
  if (chartJsReady) return;
  Chart.register(...registerables);
  chartJsReady = true;
}

/** The families of a CSS list, unquoted, PowerPoint faces mapped to their twins. */
function familyList(cssFamilies: string): string[] {
  const named = cssFamilies
    .split(',')
    .map((f) => f.trim().replace(/^["']|["']$/g, ''))
    .filter((f) => f.length > 0)
    .map(twinOf);
  return [...new Set([...named, ...BASE_FAMILIES])];
}

/**
 * Registers the font files of each family once. Skia also sees the system's
 * fonts, but registering the files findFont names makes the faces used the
 * same ones the PPTX and HTML embed or measure with.
 */
function ensureFonts(families: string[]): void {
  for (const family of families) {
    if (registeredFamilies.has(family)) continue;
    registeredFamilies.add(family);
    for (const weight of ['normal', 'bold'] as const) {
      const path = findFont(family, weight);
      if (path) GlobalFonts.registerFromPath(path);
    }
  }
}

/** The family part of a CSS font string, every name quoted. */
function cssFamily(families: string[]): string {
  return families.map((f) => `"${f}"`).join(', ');
}

// ---------------------------------------------------------------- drawing

/** Text sizes and colours of one chart, in CSS pixels and CSS colours. */
interface Look {
  family: string;
  /** base text size, px */
  size: number;
  text: string;
  grid: string;
}

function lookOf(style: ChartStyle): Look {
  const families = familyList(style.fontFamily);
  ensureFonts(families);
  return {
    family: cssFamily(families),
    size: (style.fontSize * CSS_DPI) / 72,
    text: cssColor(style.textColor),
    grid: cssColor(style.gridColor),
  };
}

async function drawAndEncode(spec: ChartSpec, style: ChartStyle, box: { w: number; h: number }, scale: number): Promise<Buffer> {
  const { rows, width, height } = drawRows(spec, style, box, scale);
  return pngFromRows(rows, width, height);
}

/**
 * One chart drawn and read back as RGB rows: RGB rather than Skia's RGBA PNG
 * because the PDF takes these bytes as they are (render/pdf-charts.ts).
 */
function drawRows(spec: ChartSpec, style: ChartStyle, box: { w: number; h: number }, scale: number): { rows: Buffer; width: number; height: number } {
  const { canvas, chart } = draw(spec, style, box, scale);
  const { width, height } = canvas;
  try {
    return { rows: rgbRows(canvas.data(), width, height), width, height };
  } finally {
    chart.destroy();
    // the surface (~5 MB at 2x) goes now, not at some later garbage collection
    canvas.width = 1;
    canvas.height = 1;
  }
}

function draw(spec: ChartSpec, style: ChartStyle, box: { w: number; h: number }, scale: number): { canvas: Canvas; chart: Chart } {
  ensureChartJs();
  const look = lookOf(style);
  const px = chartPixelSize(box, scale);
  const canvas = createCanvas(px.width, px.height);
  // the chart is laid out in CSS pixels; the exact quotient (possibly
  // fractional) makes Chart.js size the canvas back to exactly px
  const css = { width: px.width / scale, height: px.height / scale };
  const config = spec.kind === 'doughnut' ? doughnutConfig(spec, look) : barConfig(spec, look, categoryLabels(spec, style, box));
  config.options = { ...config.options, ...staticOptions(scale) };
  config.plugins = [layoutSize(css), whiteBackground, ...(config.plugins ?? [])];
  // Chart.js types want a DOM context; Skia's implements the same interface
  const ctx = canvas.getContext('2d') as unknown as CanvasRenderingContext2D;
  const chart = new Chart(ctx, config);
  if (canvas.width !== px.width || canvas.height !== px.height) {
    chart.destroy();
    throw new Error(`chart "${spec.id}": canvas is ${canvas.width}x${canvas.height}, expected ${px.width}x${px.height}`);
  }
  return { canvas, chart };
}

/** Options that make a picture rather than a web widget. */
function staticOptions(scale: number) {
  return {
    responsive: false,
    animation: false as const,
    devicePixelRatio: scale,
    // nothing is hovered or clicked in an image
    events: [],
    // only reaches Chart.js's own number formatting, which every text here bypasses
    locale: 'en-US',
  };
}

/**
 * Chart.js takes its layout size from the canvas it is given; the canvas is
 * created at device pixels, so before Chart.js scales it by
 * devicePixelRatio the layout size is set back to CSS pixels.
 */
function layoutSize(css: Size): Plugin {
  return {
    id: 'irdeckLayoutSize',
    beforeInit(chart) {
      // read-only in the typings, but Chart.js itself assigns them on resize
      const sized = chart as unknown as Size;
      sized.width = css.width;
      sized.height = css.height;
    },
  };
}

/** PNGs are transparent by default; slides and pages behind them are not always white. */
const whiteBackground: Plugin = {
  id: 'irdeckWhiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = WHITE;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

// ---------------------------------------------------------------- bar charts

/** Share of a category the bars take, and of that share each bar takes (Chart.js terms). */
const CATEGORY_PERCENTAGE = { stacked: 0.75, clustered: 0.8 };
const BAR_PERCENTAGE = { stacked: 0.9, clustered: 0.92 };
/** CSS px width of a line series, in the plot and in the legend */
const LINE_WIDTH = 2.25;

type AnyConfig = ChartConfiguration<'bar' | 'line' | 'doughnut'>;
/** One scale's options as a bar chart accepts them (every field optional). */
type ScaleConfig = NonNullable<ChartOptions<'bar'>['scales']>[string];

function barConfig(spec: ChartSpec, look: Look, labels: (string | string[])[]): AnyConfig {
  const hasY2 = spec.series.some((s) => s.axis === 'y2') || spec.axes.y2 !== undefined;
  const scales: Record<string, ScaleConfig> = {
    x: categoryScale(spec, look),
    y: valueScale(spec.axes.y, 'left', spec, look),
  };
  if (hasY2) scales.y2 = valueScale(spec.axes.y2 ?? y2Fallback(spec), 'right', spec, look);
  return {
    type: 'bar',
    data: { labels, datasets: spec.series.map((s, i) => dataset(s, i, spec)) },
    options: {
      layout: { padding: { top: look.size * 0.5, right: look.size * 0.5, left: look.size * 0.25, bottom: 0 } },
      scales,
      plugins: { ...commonPlugins(spec, look), legend: legend(spec, look) },
    },
    plugins: [barLabels(spec, look)],
  } as AnyConfig;
}

/** Categories on two lines where one does not fit (the same lines as the native chart's). */
function categoryLabels(spec: ChartSpec, style: ChartStyle, box: { w: number; h: number }): (string | string[])[] {
  const widthOf = (t: string, size: number, bold?: boolean) => textWidth(t, style.pptxFont, size, bold);
  return estimatePlot(spec, { w: box.w * 72, h: box.h * 72 }, style.fontSize, widthOf).categories.map((l) => (l.length === 1 ? l[0] : l));
}

/** A y2 axis with no description of its own takes its series' number format. */
function y2Fallback(spec: ChartSpec): ChartAxis {
  const first = spec.series.find((s) => s.axis === 'y2');
  return { format: first?.format ?? spec.axes.y.format };
}

function dataset(s: ChartSeries, i: number, spec: ChartSpec): ChartDataset<'bar' | 'line'> {
  const color = cssColor(s.color);
  const common = { label: s.name, data: s.values as (number | null)[], yAxisID: s.axis };
  if (s.type === 'line') {
    return {
      ...common,
      type: 'line',
      borderColor: color,
      backgroundColor: color,
      pointBackgroundColor: perPoint(s, color),
      pointBorderColor: WHITE,
      pointBorderWidth: 1,
      pointRadius: 3.5,
      borderWidth: LINE_WIDTH,
      // its own stack: a line is never piled on the bars of a stacked chart
      stack: `line-${i}`,
      // lines come after bars in the drawing, so they are on top of them
      order: -1,
      spanGaps: false,
    } as ChartDataset<'line'>;
  }
  return {
    ...common,
    type: 'bar',
    backgroundColor: s.invisible ? TRANSPARENT : perPoint(s, color),
    borderWidth: 0,
    stack: spec.stacked ? `bars-${s.axis}` : undefined,
    categoryPercentage: spec.stacked ? CATEGORY_PERCENTAGE.stacked : CATEGORY_PERCENTAGE.clustered,
    barPercentage: spec.stacked ? BAR_PERCENTAGE.stacked : BAR_PERCENTAGE.clustered,
  } as ChartDataset<'bar'>;
}

/** One colour, or one per category when the series overrides some of them. */
function perPoint(s: ChartSeries, color: string): string | string[] {
  if (!s.pointColors) return color;
  return s.values.map((_, j) => {
    const c = s.pointColors?.[j];
    return c ? cssColor(c) : color;
  });
}

function categoryScale(spec: ChartSpec, look: Look): ScaleConfig {
  return {
    type: 'category',
    stacked: spec.stacked,
    grid: { display: false },
    border: { color: look.grid },
    ticks: {
      color: look.text,
      font: { family: look.family, size: look.size },
      // every quarter is named; Chart.js rotates them if they do not fit
      autoSkip: false,
      maxRotation: 90,
      padding: 2,
    },
  };
}

function valueScale(axis: ChartAxis, position: 'left' | 'right', spec: ChartSpec, look: Look): ScaleConfig {
  const font = { family: look.family, size: look.size };
  return {
    type: 'linear',
    position,
    display: !axis.hidden,
    stacked: spec.stacked,
    min: axis.min,
    max: axis.max,
    // room above the tallest column for its label, below the lowest for a negative one
    grace: needsLabelRoom(spec) && axis.step === undefined ? '12%' : 0,
    beginAtZero: true,
    border: { display: false },
    title: { display: Boolean(axis.title), text: axis.title ?? '', color: look.text, font },
    ticks: {
      color: look.text,
      font,
      maxTicksLimit: 7,
      // a fixed step from a fixed min to a fixed max (compose makes them nice): no extreme added as an extra tick
      stepSize: axis.step,
      // no tick marks: the labels stand a little off the plot instead
      padding: look.size * 0.4,
      callback: (v: number | string) => formatNumber(Number(v), axis.format),
    },
    grid:
      position === 'left'
        ? { color: (c: { tick?: { value: number } }) => (c.tick?.value === 0 ? look.text : look.grid), lineWidth: 0.75, drawTicks: false }
        : { drawOnChartArea: false, drawTicks: false },
  };
}

function needsLabelRoom(spec: ChartSpec): boolean {
  return Boolean(spec.totalLabels) || spec.series.some((s) => s.labels && !s.invisible);
}

function commonPlugins(spec: ChartSpec, look: Look) {
  return {
    title: {
      display: Boolean(spec.title),
      text: spec.title ?? '',
      color: look.text,
      font: { family: look.family, size: look.size * 1.15, weight: 'bold' as const },
      padding: { top: 0, bottom: look.size * 0.6 },
    },
    tooltip: { enabled: false },
  };
}

function legend(spec: ChartSpec, look: Look) {
  const bars = spec.kind === 'bar';
  return {
    display: spec.legend !== 'none',
    position: spec.legend === 'none' ? 'bottom' : spec.legend,
    labels: {
      color: look.text,
      font: { family: look.family, size: look.size },
      boxWidth: look.size * 0.9,
      boxHeight: look.size * 0.9,
      padding: look.size * 0.8,
      // a bar series shows as a square, a line series as a short line
      usePointStyle: bars,
      // bar charts: one entry per visible series in spec order (the base of a
      // bridge is not something to read about); doughnuts: one per slice
      ...(bars ? { generateLabels: () => seriesLegend(spec, look) } : {}),
    },
  };
}

function seriesLegend(spec: ChartSpec, look: Look): LegendItem[] {
  const items: LegendItem[] = [];
  spec.series.forEach((s, i) => {
    if (s.invisible) return;
    const color = cssColor(s.color);
    const line = s.type === 'line';
    items.push({
      text: s.name,
      datasetIndex: i,
      fillStyle: color,
      strokeStyle: color,
      fontColor: look.text,
      lineWidth: line ? LINE_WIDTH : 0,
      pointStyle: line ? 'line' : 'rect',
      hidden: false,
    });
  });
  return items;
}

// ---------------------------------------------------------------- bar and line labels

interface TextItem {
  text: string;
  x: number;
  y: number;
  font: string;
  color: string;
  /** white outline so the text stays legible over grid lines, lines and other bars */
  halo: boolean;
  baseline: 'middle' | 'bottom' | 'top';
  /** text height, px (for collision checks) */
  size: number;
  /** other places to try, in order, when this one runs into a label, a bar's edge or a line */
  alternates?: { y: number; baseline: TextItem['baseline']; color?: string; halo?: boolean }[];
}

function fontString(look: Look, size: number, bold = false): string {
  return `${bold ? 'bold ' : ''}${size}px ${look.family}`;
}

/**
 * Writes values on bars and points, and totals over stacked columns: Chart.js
 * has no data labels of its own and the plugin for them is one more
 * dependency for a few dozen lines.
 */
function barLabels(spec: ChartSpec, look: Look): Plugin {
  return {
    id: 'irdeckBarLabels',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      const items: TextItem[] = [];
      const labelSize = fittedLabelSize(chart, spec, look, ctx);
      spec.series.forEach((s, i) => {
        if (!s.labels || s.invisible) return;
        if (s.type === 'line') items.push(...lineLabels(chart, s, i, look, labelSize));
        else items.push(...barValueLabels(chart, spec, s, i, look, labelSize, ctx));
      });
      if (spec.totalLabels && spec.stacked) items.push(...totalLabels(chart, spec, spec.totalLabels.format, look, labelSize));
      // labels keep off the bars' edges and the lines as well as each other; what they ended up on is kept for the gate
      const scene = drawnObstacles(chart, spec);
      recordScene(chart, { ...scene, labels: drawTexts(ctx, items, scene), rotation: 0 });
    },
  };
}

/** The value written for point j of a series (labelValues override the drawn value). */
function labelValue(s: ChartSeries, j: number): number | null {
  const v = s.labelValues ? s.labelValues[j] : s.values[j];
  return v === undefined || v === null || !Number.isFinite(v) ? null : v;
}

/** Position of a drawn bar, in CSS pixels. */
interface BarBox {
  x: number;
  top: number;
  bottom: number;
  width: number;
}

function barBox(chart: Chart, i: number, j: number): BarBox | undefined {
  const bar = chart.getDatasetMeta(i).data[j] as unknown as { x: number; y: number; base: number; width: number } | undefined;
  if (!bar) return undefined;
  // an axis that does not start at zero (a bridge) cuts bars at the plot's edge;
  // labels are centred on what is seen
  const area = chart.chartArea;
  const clamp = (v: number) => Math.min(Math.max(v, area.top), area.bottom);
  return { x: bar.x, top: clamp(Math.min(bar.y, bar.base)), bottom: clamp(Math.max(bar.y, bar.base)), width: bar.width };
}

/**
 * One label size for the whole chart, shrunk (to 70% at most) until the
 * widest bar label fits: inside its column when bars are stacked, within its
 * bar's share of the cluster when they stand side by side.
 */
function fittedLabelSize(chart: Chart, spec: ChartSpec, look: Look, ctx: CanvasRenderingContext2D): number {
  let size = look.size;
  ctx.font = fontString(look, look.size);
  spec.series.forEach((s, i) => {
    if (!s.labels || s.invisible || s.type !== 'bar') return;
    s.values.forEach((_, j) => {
      const v = labelValue(s, j);
      const bar = barBox(chart, i, j);
      if (v === null || !bar) return;
      const room = spec.stacked ? bar.width - 4 : bar.width / BAR_PERCENTAGE.clustered;
      const w = ctx.measureText(formatNumber(v, s.format)).width;
      if (w > room) size = Math.min(size, (look.size * room) / w);
    });
  });
  return Math.max(size, look.size * 0.7);
}

function barValueLabels(
  chart: Chart,
  spec: ChartSpec,
  s: ChartSeries,
  i: number,
  look: Look,
  size: number,
  ctx: CanvasRenderingContext2D,
): TextItem[] {
  const font = fontString(look, size);
  ctx.font = font;
  const items: TextItem[] = [];
  s.values.forEach((drawn, j) => {
    const v = labelValue(s, j);
    const bar = barBox(chart, i, j);
    if (v === null || drawn === null || !bar) return;
    const text = formatNumber(v, s.format);
    const middle = (bar.top + bar.bottom) / 2;
    if (!spec.stacked) {
      const out = outsideLabel(text, bar, v < 0, font, look, size);
      // on a line beyond the bar's end (II-5's backlog over its columns): inside the end, if the bar is tall enough
      if (bar.bottom - bar.top >= size * 1.6) out.alternates = [{ y: v < 0 ? bar.bottom - size * 0.25 : bar.top + size * 0.25, baseline: v < 0 ? 'bottom' : 'top', color: readableOn(barColorAt(s, j), look.text), halo: false }];
      items.push(out);
    } else if (bar.bottom - bar.top >= size * 1.15 && bar.width >= ctx.measureText(text).width + 2) {
      items.push({ text, x: bar.x, y: middle, font, color: readableOn(barColorAt(s, j), look.text), halo: false, baseline: 'middle', size });
    } else if (isOutermost(spec, i, j) && !spec.totalLabels) {
      // a bridge step too thin for its text: written beyond its end
      items.push(outsideLabel(text, bar, v < 0, font, look, size));
    } else {
      // a thin inner segment: written across it, outlined to stay legible
      items.push({ text, x: bar.x, y: middle, font, color: look.text, halo: true, baseline: 'middle', size });
    }
  });
  return items;
}

/**
 * Just beyond the end of a bar away from zero. A bridge's decrease is drawn
 * as a positive height, so the sign of the written value decides the side.
 */
function outsideLabel(text: string, bar: BarBox, below: boolean, font: string, look: Look, size: number): TextItem {
  const gap = size * 0.25;
  return { text, x: bar.x, y: below ? bar.bottom + gap : bar.top - gap, font, color: look.text, halo: true, baseline: below ? 'top' : 'bottom', size };
}

/** Is bar j of series i the last visible one of its stack (nothing drawn beyond it)? */
function isOutermost(spec: ChartSpec, i: number, j: number): boolean {
  const value = spec.series[i].values[j] ?? 0;
  return !spec.series.some((s, k) => {
    if (k <= i || s.type !== 'bar' || s.invisible || s.axis !== spec.series[i].axis) return false;
    const v = s.values[j];
    return v !== null && v !== undefined && v !== 0 && Math.sign(v) === Math.sign(value);
  });
}

function barColorAt(s: ChartSeries, j: number): string {
  return cssColor(s.pointColors?.[j] || s.color);
}

function lineLabels(chart: Chart, s: ChartSeries, i: number, look: Look, size: number): TextItem[] {
  const points = chart.getDatasetMeta(i).data as unknown as PointElement[];
  const font = fontString(look, size);
  const color = darkEnough(cssColor(s.color)) ? cssColor(s.color) : look.text;
  const items: TextItem[] = [];
  points.forEach((p, j) => {
    const v = labelValue(s, j);
    if (v === null || s.values[j] === null || !p) return;
    const { x, y } = p as unknown as { x: number; y: number };
    const gap = size * 0.45;
    items.push({
      text: formatNumber(v, s.format),
      x,
      y: y - gap,
      font,
      color,
      halo: true,
      baseline: 'bottom',
      size,
      // on the line itself (a point lower than its neighbours) or on a bar's label: under the point, then a line or two higher
      alternates: [
        { y: y + gap, baseline: 'top' },
        { y: y - gap - size * 1.1, baseline: 'bottom' },
        { y: y - gap - size * 2.2, baseline: 'bottom' },
      ],
    });
  });
  return items;
}

/** The sum of the visible bars of each stacked column, over (or under) the column. */
function totalLabels(chart: Chart, spec: ChartSpec, format: NumberFormat, look: Look, size: number): TextItem[] {
  const font = fontString(look, size, true);
  const items: TextItem[] = [];
  spec.categories.forEach((_, j) => {
    let sum = 0;
    let any = false;
    let top = Infinity;
    let bottom = -Infinity;
    let x = 0;
    spec.series.forEach((s, i) => {
      if (s.type !== 'bar' || s.invisible) return;
      const v = s.values[j];
      const bar = barBox(chart, i, j);
      if (v === null || v === undefined || !bar) return;
      sum += v;
      any = true;
      x = bar.x;
      top = Math.min(top, bar.top);
      bottom = Math.max(bottom, bar.bottom);
    });
    if (!any) return;
    const below = sum < 0;
    const gap = size * 0.3;
    items.push({ text: formatNumber(sum, format), x, y: below ? bottom + gap : top - gap, font, color: look.text, halo: true, baseline: below ? 'top' : 'bottom', size });
  });
  return items;
}

/**
 * Draws labels in order; a label with alternates moves to the first of them
 * that runs into no label drawn before it, no bar's edge and no line of
 * `scene` (label-gate.ts); when none is clear it stays where it was meant to
 * be, and the gate reports it. Returns where each label went.
 */
function drawTexts(ctx: CanvasRenderingContext2D, items: TextItem[], scene: LabelScene = { bars: [], lines: [], labels: [] }): SceneLabel[] {
  ctx.save();
  ctx.textAlign = 'center';
  ctx.lineJoin = 'round';
  const placed: SceneLabel[] = [];
  for (const item of items) {
    ctx.font = item.font;
    const t = place(item, ctx.measureText(item.text).width, placed, scene);
    ctx.textBaseline = t.baseline;
    if (t.halo) {
      ctx.strokeStyle = WHITE;
      ctx.lineWidth = 3;
      ctx.strokeText(t.text, t.x, t.y);
    }
    ctx.fillStyle = t.color;
    ctx.fillText(t.text, t.x, t.y);
  }
  ctx.restore();
  return placed;
}

function place(item: TextItem, width: number, placed: SceneLabel[], scene: LabelScene): TextItem {
  const candidates = [item, ...(item.alternates ?? []).map((a) => ({ ...item, ...a }))];
  const k = firstClear(candidates.map((c) => textRect(c, width)), scene, placed);
  const chosen = candidates[k ?? 0];
  placed.push({ text: chosen.text, rect: textRect(chosen, width) });
  return chosen;
}

function textRect(t: TextItem, width: number): Rect {
  const h = t.size;
  const top = t.baseline === 'bottom' ? t.y - h : t.baseline === 'top' ? t.y : t.y - h / 2;
  return { x: t.x - width / 2, y: top, w: width, h };
}

// ---------------------------------------------------------------- doughnut

function doughnutConfig(spec: ChartSpec, look: Look): AnyConfig {
  const side = outsideLabelRoom(spec, look);
  return {
    type: 'doughnut',
    data: {
      labels: spec.categories,
      datasets: spec.series.map((s) => ({
        label: s.name,
        data: s.values as number[],
        backgroundColor: sliceColors(s),
        borderColor: WHITE,
        borderWidth: 1.5,
      })),
    },
    options: {
      cutout: '45%',
      // room left and right of the ring for the labels of slices too thin to hold them
      layout: { padding: { top: look.size * 0.5, bottom: look.size * 0.5, left: side, right: side } },
      plugins: { ...commonPlugins(spec, look), legend: legend(spec, look) },
    },
    plugins: [sliceLabels(spec, look)],
  } as AnyConfig;
}

/** Below this share a slice is expected to be too thin for its label. */
const THIN_SLICE_SHARE = 0.08;

let scratch: CanvasRenderingContext2D | undefined;

/** A context to measure text with before any chart exists. */
function measuringContext(): CanvasRenderingContext2D {
  scratch ??= createCanvas(1, 1).getContext('2d') as unknown as CanvasRenderingContext2D;
  return scratch;
}

/** Side padding for the widest outside label of the outer ring, or a little when there is none. */
function outsideLabelRoom(spec: ChartSpec, look: Look): number {
  const s = spec.series[0];
  const base = look.size * 0.5;
  if (!s || !s.labels || s.invisible) return base;
  const ctx = measuringContext();
  ctx.font = fontString(look, look.size);
  const total = sliceTotal(s);
  let widest = 0;
  s.values.forEach((v, j) => {
    if (v === null || v <= 0 || v / total >= THIN_SLICE_SHARE) return;
    widest = Math.max(widest, ctx.measureText(outsideText(s, j, v, total)).width);
  });
  return widest > 0 ? widest + look.size * 1.5 : base;
}

function sliceTotal(s: ChartSeries): number {
  return s.values.reduce<number>((a, v) => a + (v !== null && v > 0 ? v : 0), 0);
}

function shareText(v: number, total: number): string {
  return formatNumber((100 * v) / total, { decimals: 1, thousands: true, parensForNegative: true, suffix: '%' });
}

function valueText(s: ChartSeries, j: number, v: number): string {
  return formatNumber(labelValue(s, j) ?? v, s.format);
}

/** Outside the ring a label takes one line: "245 (9.1%)". */
function outsideText(s: ChartSeries, j: number, v: number, total: number): string {
  return `${valueText(s, j, v)} (${shareText(v, total)})`;
}

/** pointColors, else tints of the series colour from full strength towards white. */
function sliceColors(s: ChartSeries): string[] {
  const n = s.values.length;
  return s.values.map((_, j) => {
    const own = s.pointColors?.[j];
    if (own) return cssColor(own);
    return mixWithWhite(cssColor(s.color), n <= 1 ? 0 : (0.75 * j) / (n - 1));
  });
}

interface ArcGeometry {
  x: number;
  y: number;
  startAngle: number;
  endAngle: number;
  innerRadius: number;
  outerRadius: number;
}

/** A label set beside the ring, joined to its slice by a leader line. */
interface OutsideLabel {
  text: string;
  /** where the leader line leaves the slice */
  from: { x: number; y: number };
  /** the right side of the ring (text starts at x) or the left (text ends at x) */
  right: boolean;
  x: number;
  /** wanted height, then the height after spreading */
  y: number;
}

/**
 * Each slice: its value and its share of the ring, on two lines inside the
 * slice when they fit; otherwise on one line beside the ring, labels on each
 * side spread apart vertically so that neighbouring thin slices stay legible.
 */
function sliceLabels(spec: ChartSpec, look: Look): Plugin {
  return {
    id: 'irdeckSliceLabels',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      const inside: TextItem[] = [];
      const outside: OutsideLabel[] = [];
      spec.series.forEach((s, i) => {
        if (!s.labels || s.invisible) return;
        ringLabels(chart, s, i, look, ctx, inside, outside);
      });
      drawTexts(ctx, inside);
      drawOutsideLabels(ctx, chart, outside, look);
    },
  };
}

function ringLabels(
  chart: Chart,
  s: ChartSeries,
  i: number,
  look: Look,
  ctx: CanvasRenderingContext2D,
  inside: TextItem[],
  outside: OutsideLabel[],
): void {
  const total = sliceTotal(s);
  if (total <= 0) return;
  const arcs = chart.getDatasetMeta(i).data as unknown as ArcElement[];
  const font = fontString(look, look.size);
  const bold = fontString(look, look.size, true);
  const size = look.size;
  arcs.forEach((arc, j) => {
    const v = s.values[j];
    if (v === null || v <= 0 || !arc) return;
    const a = arc as unknown as ArcGeometry;
    const mid = (a.startAngle + a.endAngle) / 2;
    const value = valueText(s, j, v);
    const share = shareText(v, total);
    ctx.font = bold;
    const textW = Math.max(ctx.measureText(value).width, ctx.measureText(share).width);
    const r = (a.innerRadius + a.outerRadius) / 2;
    const fits = a.outerRadius - a.innerRadius >= textW + 4 && (a.endAngle - a.startAngle) * r >= size * 2.6;
    // only the outer ring can put labels outside; an inner ring writes across its slice
    if (fits || i !== 0) {
      const color = fits ? readableOn(sliceColors(s)[j], look.text) : look.text;
      const x = a.x + Math.cos(mid) * r;
      const y = a.y + Math.sin(mid) * r;
      const lineH = size * 0.58;
      inside.push({ text: value, x, y: y - lineH, font: bold, color, halo: !fits, baseline: 'middle', size });
      inside.push({ text: share, x, y: y + lineH, font, color, halo: !fits, baseline: 'middle', size });
      return;
    }
    const right = Math.cos(mid) >= 0;
    const reach = a.outerRadius + size * 0.8;
    outside.push({
      text: outsideText(s, j, v, total),
      from: { x: a.x + Math.cos(mid) * a.outerRadius, y: a.y + Math.sin(mid) * a.outerRadius },
      right,
      x: a.x + (right ? 1 : -1) * reach,
      y: a.y + Math.sin(mid) * reach,
    });
  });
}

function drawOutsideLabels(ctx: CanvasRenderingContext2D, chart: Chart, labels: OutsideLabel[], look: Look): void {
  if (labels.length === 0) return;
  const lineH = look.size * 1.2;
  // between the title and the legend, where the ring is
  const limits = { top: chart.chartArea.top + lineH / 2, bottom: chart.chartArea.bottom - lineH / 2 };
  spread(labels.filter((l) => l.right), lineH, limits);
  spread(labels.filter((l) => !l.right), lineH, limits);
  ctx.save();
  ctx.font = fontString(look, look.size);
  // a slice thinner than expected gets no reserved room: keep its text on the canvas
  for (const l of labels) {
    const w = ctx.measureText(l.text).width;
    l.x = l.right ? Math.min(l.x, chart.width - w - 2) : Math.max(l.x, w + 2);
  }
  ctx.strokeStyle = look.grid;
  ctx.lineWidth = 1;
  for (const l of labels) {
    ctx.beginPath();
    ctx.moveTo(l.from.x, l.from.y);
    ctx.lineTo(l.x + (l.right ? -3 : 3), l.y);
    ctx.stroke();
  }
  ctx.fillStyle = look.text;
  ctx.textBaseline = 'middle';
  for (const l of labels) {
    ctx.textAlign = l.right ? 'left' : 'right';
    ctx.fillText(l.text, l.x, l.y);
  }
  ctx.restore();
}

/** Moves labels of one side apart vertically (at least lineH), keeping them within limits. */
function spread(labels: OutsideLabel[], lineH: number, limits: { top: number; bottom: number }): void {
  labels.sort((a, b) => a.y - b.y);
  for (let k = 0; k < labels.length; k++) {
    const floor = k === 0 ? limits.top : labels[k - 1].y + lineH;
    labels[k].y = Math.max(labels[k].y, floor);
  }
  for (let k = labels.length - 1; k >= 0; k--) {
    const ceiling = k === labels.length - 1 ? limits.bottom : labels[k + 1].y - lineH;
    labels[k].y = Math.min(labels[k].y, ceiling);
  }
}

// ---------------------------------------------------------------- colours

/** "1F4E79" or "#1F4E79" -> "#1F4E79"; anything else is a spec error worth failing on. */
function cssColor(hex: string): string {
  const h = hex.startsWith('#') ? hex.slice(1) : hex;
  if (!/^[0-9A-Fa-f]{6}$/.test(h)) throw new Error(`not a colour: "${hex}" (six hex digits expected)`);
  return `#${h.toUpperCase()}`;
}

function rgb(css: string): [number, number, number] {
  const n = parseInt(css.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** WCAG relative luminance, 0 (black) .. 1 (white). */
function luminance(css: string): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = rgb(css).map(lin);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** White text on dark fills, the text colour on light ones. */
function readableOn(fill: string, text: string): string {
  return luminance(fill) < 0.3 ? WHITE : text;
}

/** Is a colour dark enough to be read as text on white (contrast about 3:1)? */
function darkEnough(css: string): boolean {
  return luminance(css) < 0.3;
}

function mixWithWhite(css: string, t: number): string {
  const hex = rgb(css)
    .map((c) => Math.round(c + (255 - c) * t).toString(16).padStart(2, '0'))
    .join('');
  return `#${hex.toUpperCase()}`;
}

/**
 * The tick values of each value axis as Chart.js laid them out for `spec` in
 * `box`: what the axis gate (tests) reads, so it checks the drawn axis and
 * not only the spec's wish.
 */
export function drawnTicks(spec: ChartSpec, style: ChartStyle, box: { w: number; h: number }): Record<string, number[]> {
  const { canvas, chart } = draw(spec, style, box, 1);
  try {
    const out: Record<string, number[]> = {};
    for (const id of ['y', 'y2']) {
      const s = chart.scales[id];
      if (s && s.options.display !== false) out[id] = s.ticks.map((t) => t.value);
    }
    return out;
  } finally {
    chart.destroy();
    canvas.width = 1;
    canvas.height = 1;
  }
}

/**
 * What a chart's labels ran into as Chart.js drew it for `box`: its bars,
 * lines, value labels where they were placed and category labels (with the
 * axis's rotation), in CSS pixels, for the label gate (tests).
 */
export function labelScenePng(spec: ChartSpec, style: ChartStyle, box: { w: number; h: number }): LabelScene & { rotation: number } {
  const { canvas, chart } = draw(spec, style, box, 1);
  try {
    const drawn = recordedScene(chart) ?? { ...drawnObstacles(chart, spec), labels: [], rotation: 0 };
    const ctx = measuringContext();
    ctx.font = fontString(lookOf(style), lookOf(style).size);
    const cats = drawnCategoryLabels(chart, chart.data.labels as (string | string[])[], (t) => ctx.measureText(t).width, lookOf(style).size * 1.2);
    return { ...drawn, labels: [...drawn.labels, ...cats.labels], rotation: cats.rotation };
  } finally {
    chart.destroy();
    canvas.width = 1;
    canvas.height = 1;
  }
}
