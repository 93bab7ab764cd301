// A doughnut chart picture: the ring, and its labels inside thick slices or
// outside thin ones, spread so that they do not collide.
import { createCanvas } from '@napi-rs/canvas';
import type { ArcElement, Chart, Plugin } from 'chart.js';
import { formatNumber } from './format.js';
import { labelValue } from './labels.js';
import { commonPlugins, cssColor, drawTexts, fontString, legend, mixWithWhite, readableOn, WHITE, type AnyConfig, type Look, type TextItem } from './png-look.js';
import type { ChartSeries, ChartSpec } from './spec.js';

export function doughnutConfig(spec: ChartSpec, look: Look): AnyConfig {
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
export const THIN_SLICE_SHARE = 0.08;

let scratch: CanvasRenderingContext2D | undefined;

/** A context to measure text with before any chart exists. */
export function measuringContext(): CanvasRenderingContext2D {
  scratch ??= createCanvas(1, 1).getContext('2d') as unknown as CanvasRenderingContext2D;
  return scratch;
}

/** Side padding for the widest outside label of the outer ring, or a little when there is none. */
export function outsideLabelRoom(spec: ChartSpec, look: Look): number {
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

export function sliceTotal(s: ChartSeries): number {
  return s.values.reduce<number>((a, v) => a + (v !== null && v > 0 ? v : 0), 0);
}

export function shareText(v: number, total: number): string {
  return formatNumber((100 * v) / total, { decimals: 1, thousands: true, parensForNegative: true, suffix: '%' });
}

export function valueText(s: ChartSeries, j: number, v: number): string {
  return formatNumber(labelValue(s, j) ?? v, s.format);
}

/** Outside the ring a label takes one line: "245 (9.1%)". */
export function outsideText(s: ChartSeries, j: number, v: number, total: number): string {
  return `${valueText(s, j, v)} (${shareText(v, total)})`;
}

/** pointColors, else tints of the series colour from full strength towards white. */
export function sliceColors(s: ChartSeries): string[] {
  const n = s.values.length;
  return s.values.map((_, j) => {
    const own = s.pointColors?.[j];
    if (own) return cssColor(own);
    return mixWithWhite(cssColor(s.color), n <= 1 ? 0 : (0.75 * j) / (n - 1));
  });
}

export interface ArcGeometry {
  x: number;
  y: number;
  startAngle: number;
  endAngle: number;
  innerRadius: number;
  outerRadius: number;
}

/** A label set beside the ring, joined to its slice by a leader line. */
export interface OutsideLabel {
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
export function sliceLabels(spec: ChartSpec, look: Look): Plugin {
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

export function ringLabels(
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

export function drawOutsideLabels(ctx: CanvasRenderingContext2D, chart: Chart, labels: OutsideLabel[], look: Look): void {
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
export function spread(labels: OutsideLabel[], lineH: number, limits: { top: number; bottom: number }): void {
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
