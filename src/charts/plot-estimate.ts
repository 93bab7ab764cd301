// Where a chart's plot will be inside its box, estimated before any renderer
// draws it: both renderers need it to agree on what happens before drawing
// (which categories wrap, how much of the plot a label takes, hence the axes'
// scales), and PowerPoint's own layout cannot be asked. Measured on the
// sample: Chart.js and PowerPoint leave about 14 pt of margin, 12 pt beside
// tick labels, a line of 1.25 x the font size per category line, 1.4 per
// legend row and 1.6 per title line; LibreOffice wraps a legend wider than
// about 70% of the chart (II-4's four entries went on two rows).
import { fixScales, ticksOf } from './axis-scale.js';
import { wrappedCategories } from './category-lines.js';
import { formatNumber } from './format.js';
import type { ChartSpec } from './spec.js';

/** Width in points of a text at a size (points), bold or not. */
export type WidthOf = (text: string, size: number, bold?: boolean) => number;

export interface PlotEstimate {
  /** points */
  w: number;
  h: number;
  /** each category's lines */
  categories: string[][];
}

const LEGEND_SHARE = 0.7;
/** A label's share of the plot assumed before the plot is known (10 pt in II-3's 190 pt plot). */
const FIRST_GUESS = 0.065;

function plotWidth(spec: ChartSpec, boxW: number, size: number, widthOf: WidthOf): number {
  let w = boxW - 14;
  for (const axis of [spec.axes.y, spec.axes.y2]) {
    if (!axis || axis.hidden || axis.min === undefined || axis.max === undefined || !axis.step) continue;
    w -= Math.max(...ticksOf({ min: axis.min, max: axis.max, step: axis.step }).map((t) => widthOf(formatNumber(t, axis.format), size))) + 12;
    if (axis.title) w -= size * 1.25 * 1.4;
  }
  if (spec.legend === 'right') w -= 90;
  return Math.max(w, 20);
}

function legendRows(spec: ChartSpec, boxW: number, size: number, widthOf: WidthOf): number {
  if (spec.legend !== 'top' && spec.legend !== 'bottom') return 0;
  const names = spec.series.filter((s) => !s.invisible).map((s) => s.name);
  const total = names.reduce((a, n) => a + widthOf(n, size) + size * 3, 0);
  return Math.max(1, Math.ceil(total / (boxW * LEGEND_SHARE)));
}

function titleLines(spec: ChartSpec, boxW: number, size: number, widthOf: WidthOf): number {
  if (!spec.title) return 0;
  return widthOf(spec.title, Math.round(size * 1.15 * 2) / 2, true) > boxW - 14 ? 2 : 1;
}

/** The plot of a bar chart in a box of `box` points with text at `size` points. */
export function estimatePlot(spec: ChartSpec, box: { w: number; h: number }, size: number, widthOf: WidthOf): PlotEstimate {
  const w = plotWidth(spec, box.w, size, widthOf);
  const categories = wrappedCategories(spec, w, (t) => widthOf(t, size));
  const line = size * 1.25;
  const catLines = Math.max(1, ...categories.map((c) => c.length));
  const h = box.h - 14 - catLines * line * 1.05 - legendRows(spec, box.w, size, widthOf) * line * 1.4 - titleLines(spec, box.w, size, widthOf) * line * 1.6;
  return { w, h: Math.max(h, 20), categories };
}

/**
 * A copy of a bar chart's spec with every value axis fixed for its box: a
 * first guess at the label's share gives the tick labels (hence the plot's
 * width and the categories' lines), then the plot's height gives the share.
 */
export function scaledForBox(spec: ChartSpec, box: { w: number; h: number }, size: number, widthOf: WidthOf): ChartSpec {
  if (spec.kind !== 'bar') return spec;
  const out: ChartSpec = { ...spec, axes: { y: { ...spec.axes.y }, ...(spec.axes.y2 ? { y2: { ...spec.axes.y2 } } : {}) } };
  fixScales(out, FIRST_GUESS);
  const plot = estimatePlot(out, box, size, widthOf);
  fixScales(out, Math.min((size * 1.25) / plot.h, 0.3));
  return out;
}
