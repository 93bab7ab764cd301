// Where PowerPoint (or LibreOffice) will draw a native chart's bars, lines and
// labels, estimated: the application lays the chart out itself, but the
// value axes are fixed in the spec (axis-scale.ts) and the plot's size is
// estimated as both renderers estimate it (plot-estimate.ts), so each bar's
// and point's place follows. The native planner picks label positions clear
// of the lines with it, and the label gate (tests) checks the estimate.
import type { LabelScene, Point, Rect } from './label-gate.js';
import { estimatePlot, type WidthOf } from './plot-estimate.js';
import type { ChartSpec } from './spec.js';

export interface NativeGeometry {
  /** the plot in points, from its top left corner */
  plot: { w: number; h: number };
  /** centre of category j */
  x: (j: number) => number;
  /** height of value v on an axis, from the plot's top */
  y: (v: number, axis: 'y' | 'y2') => number;
  /** bars and lines drawn, no labels */
  scene: LabelScene;
  /** the drawn bar of spec series i at category j */
  barAt: (i: number, j: number) => Rect | undefined;
}

/**
 * The geometry of a bar chart drawn natively in `box` (points), with bars
 * `gapWidth` percent of a bar apart between categories (PowerPoint's
 * c:gapWidth) and clustered bars `overlap` percent overlapping.
 */
export function nativeGeometry(spec: ChartSpec, box: { w: number; h: number }, size: number, widthOf: WidthOf, gapWidth: number): NativeGeometry {
  const plot = estimatePlot(spec, box, size, widthOf);
  const n = Math.max(1, spec.categories.length);
  const slot = plot.w / n;
  const x = (j: number) => (j + 0.5) * slot;
  const y = (v: number, which: 'y' | 'y2') => {
    const a = which === 'y2' && spec.axes.y2 ? spec.axes.y2 : spec.axes.y;
    const min = a.min ?? 0;
    const max = a.max ?? 1;
    return plot.h * (1 - (Math.min(Math.max(v, min), max) - min) / (max - min || 1));
  };
  const barSeries = spec.series.map((s, i) => ({ s, i })).filter(({ s }) => s.type === 'bar');
  const visible = barSeries.filter(({ s }) => !s.invisible);
  // c:gapWidth is the gap between categories as a percentage of one bar's width
  const perBar = slot / ((spec.stacked ? 1 : Math.max(1, visible.length)) + gapWidth / 100);
  const group = spec.stacked ? perBar : perBar * Math.max(1, visible.length);
  const bars: Rect[] = [];
  const byPoint = new Map<string, Rect>();
  spec.categories.forEach((_, j) => {
    let pos = 0;
    let neg = 0;
    let k = 0;
    for (const { s, i } of barSeries) {
      const v = s.values[j];
      if (v === null || v === undefined) {
        if (!s.invisible) k++;
        continue;
      }
      let from = 0;
      if (spec.stacked) {
        from = v >= 0 ? pos : neg;
        if (v >= 0) pos += v;
        else neg += v;
      }
      if (!s.invisible) {
        const left = spec.stacked ? x(j) - group / 2 : x(j) - group / 2 + k * perBar;
        const top = Math.min(y(from, s.axis), y(from + v, s.axis));
        const h = Math.abs(y(from + v, s.axis) - y(from, s.axis));
        const r = { x: left, y: top, w: perBar, h };
        byPoint.set(`${i}:${j}`, r);
        if (h > 0.5) bars.push(r);
        k++;
      }
    }
  });
  const lines: Point[][] = [];
  for (const s of spec.series) {
    if (s.type !== 'line') continue;
    let run: Point[] = [];
    s.values.forEach((v, j) => {
      if (v === null || v === undefined) {
        if (run.length > 1) lines.push(run);
        run = [];
      } else run.push({ x: x(j), y: y(v, s.axis) });
    });
    if (run.length > 1) lines.push(run);
  }
  return { plot, x, y, scene: { bars, lines, labels: [] }, barAt: (i, j) => byPoint.get(`${i}:${j}`) };
}

/** A label of `w` points' width for a point at (px, py): above ('t') or below ('b') it, moved down by `dy` points. */
export function pointLabelRect(px: number, py: number, w: number, size: number, pos: 't' | 'b', dy = 0): Rect {
  // PowerPoint sets a point's label a marker's radius and a little air (about 5 pt) off the point
  const h = size * 1.2;
  const off = 5;
  return { x: px - w / 2, y: (pos === 't' ? py - off - h : py + off) + dy, w, h };
}

/** A bar's label beyond its end ('outEnd') or centred in it ('ctr'). */
export function barLabelRect(bar: Rect, w: number, size: number, pos: 'outEnd' | 'ctr' | 'inEnd', negative: boolean, dy = 0): Rect {
  const h = size * 1.2;
  const cx = bar.x + bar.w / 2;
  if (pos === 'ctr') return { x: cx - w / 2, y: bar.y + bar.h / 2 - h / 2 + dy, w, h };
  if (pos === 'inEnd') return { x: cx - w / 2, y: (negative ? bar.y + bar.h - h - 2 : bar.y + 2) + dy, w, h };
  return { x: cx - w / 2, y: (negative ? bar.y + bar.h + 2 : bar.y - 2 - h) + dy, w, h };
}
