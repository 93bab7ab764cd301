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
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Title,
  type ChartDataset,
  type ChartOptions,
  type Plugin,
} from 'chart.js';
import { deckFonts, twinOf } from '../util/fonts.js';
import { formatNumber } from './format.js';
import { pngFromRows, rgbRows } from '../util/png.js';
import { barLabels } from './png-labels.js';
import { estimatePlot } from './plot-estimate.js';
import { textWidth } from '../util/text-measure.js';
import type { LabelScene } from './label-gate.js';
import { categoryLabels as drawnCategoryLabels, drawnObstacles, recordedScene } from './png-scene.js';
import { doughnutConfig } from './png-doughnut.js';
import { BAR_PERCENTAGE, CATEGORY_PERCENTAGE, commonPlugins, cssColor, legend, LINE_WIDTH, WHITE, type AnyConfig, type Look } from './png-look.js';
import type { ChartAxis, ChartSeries, ChartSpec, ChartStyle } from './spec.js';

/** CSS pixels per inch: the unit Chart.js lays out in, and the HTML's unit. */
const CSS_DPI = 96;
/** Families every chart can fall back on: Latin (Arial's twin) and Japanese. */
const BASE_FAMILIES = ['Liberation Sans', 'Noto Sans CJK JP'];
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
  // what the charts use, not every registerable: each plugin registered takes
  // part in every update and draw of every chart (tooltips, filler, decimation,
  // colours, subtitle: none of them draws anything here)
  Chart.register(BarController, LineController, DoughnutController, BarElement, LineElement, PointElement, ArcElement, CategoryScale, LinearScale, Legend, Title);
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
  const fresh = families.filter((f) => !registeredFamilies.has(f));
  for (const f of fresh) registeredFamilies.add(f);
  for (const file of deckFonts(fresh)) GlobalFonts.registerFromPath(file.path);
}

/** The family part of a CSS font string, every name quoted. */
function cssFamily(families: string[]): string {
  return families.map((f) => `"${f}"`).join(', ');
}

// ---------------------------------------------------------------- drawing

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
/** CSS px width of a line series, in the plot and in the legend */

/** One scale's options as a bar chart accepts them (every field optional). */
type ScaleConfig = NonNullable<ChartOptions<'bar'>['scales']>[string];

/** Categories on two lines where one does not fit (the same lines as the native chart's). */
function categoryLabels(spec: ChartSpec, style: ChartStyle, box: { w: number; h: number }): (string | string[])[] {
  const widthOf = (t: string, size: number, bold?: boolean) => textWidth(t, style.pptxFont, size, bold);
  return estimatePlot(spec, { w: box.w * 72, h: box.h * 72 }, style.fontSize, widthOf).categories.map((l) => (l.length === 1 ? l[0] : l));
}

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
      // a fixed step from a fixed min to a fixed max (axis-scale.ts makes them nice): no extreme added as an extra tick
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

/**
 * The tick values of each value axis as Chart.js laid them out for `spec` in
 * `box`: what the axis gate (tests) reads, so it checks the drawn axis and
 * not only the spec's wish.
 */
export function drawnTicks(spec: ChartSpec, style: ChartStyle, box: { w: number; h: number }): Record<string, number[]> {
  return withChart(spec, style, box, (chart) => {
    const out: Record<string, number[]> = {};
    for (const id of ['y', 'y2']) {
      const s = chart.scales[id];
      if (s && s.options.display !== false) out[id] = s.ticks.map((t) => t.value);
    }
    return out;
  });
}

/**
 * What a chart's labels ran into as Chart.js drew it for `box`: its bars,
 * lines, value labels where they were placed and category labels (with the
 * axis's rotation), in CSS pixels, for the label gate (tests).
 */
export function labelScenePng(spec: ChartSpec, style: ChartStyle, box: { w: number; h: number }): LabelScene & { rotation: number } {
  return withChart(spec, style, box, (chart) => {
    const drawn = recordedScene(chart) ?? { ...drawnObstacles(chart, spec), labels: [], rotation: 0 };
    const look = lookOf(style);
    const ctx = chart.ctx;
    ctx.font = `${look.size}px ${look.family}`;
    const cats = drawnCategoryLabels(chart, chart.data.labels as (string | string[])[], (t) => ctx.measureText(t).width, look.size * 1.2);
    return { ...drawn, labels: [...drawn.labels, ...cats.labels], rotation: cats.rotation };
  });
}

/** Draws a chart at 1x, hands it to `read`, and frees it. */
function withChart<T>(spec: ChartSpec, style: ChartStyle, box: { w: number; h: number }, read: (chart: Chart) => T): T {
  const { canvas, chart } = draw(spec, style, box, 1);
  try {
    return read(chart);
  } finally {
    chart.destroy();
    canvas.width = 1;
    canvas.height = 1;
  }
}
