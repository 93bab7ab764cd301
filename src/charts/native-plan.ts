// What a native chart will show, worked out before anything is written: each
// series' fill, line, marker and labels (position, colour, size, per-point
// exceptions), from the chart's spec, its box and the style. addNativeChart
// hands the plan to pptxgenjs and returns it; finishNativeCharts rewrites the
// chart part and the workbook from it. Label values and the fitted label size
// come from charts/labels.ts, as for the PNG renderer.
import type { Box } from '../util/geometry.js';
import { textWidth } from '../util/text-measure.js';
import { hexDigits, isDark, mixWithWhite } from '../util/colour.js';
import type { ChartAxis, ChartSeries, ChartSpec, ChartStyle, NumberFormat } from './spec.js';
import { formatNumber } from './format.js';
import { negatedFormatCode, numberFormatCode } from './excel-format.js';
import { fittedLabelSize, labelValue } from './labels.js';
import { stackExtent } from './axis-scale.js';
import { barLabelRect, nativeGeometry, pointLabelRect } from './native-scene.js';
import { firstClear, obstaclesOf, type LabelScene, type Rect, type SceneLabel } from './label-gate.js';

/** Text on a fill: white on dark fills, else the chart's text colour (as the PNG renderer does). */
export function readableOn(fill: string, text: string): string {
  return isDark(fill) ? 'FFFFFF' : text;
}

export const hex6 = hexDigits;

export type LabelPos = 'ctr' | 'inEnd' | 'inBase' | 'outEnd' | 't' | 'b';

export interface PointLabel {
  delete?: boolean;
  formatCode?: string;
  position?: LabelPos;
  color?: string;
  /** move the label by this fraction of the chart's height (down is positive) */
  dy?: number;
  /** fixed text, one entry per line (a doughnut's "1,071" / "39.9%") */
  text?: string[];
}

export interface LabelPlan {
  formatCode: string;
  position?: LabelPos;
  color: string;
  bold: boolean;
  size: number;
  /** doughnut: value and share of the ring on two lines */
  percent?: boolean;
  points: Map<number, PointLabel>;
}

export interface PlannedSeries {
  name: string;
  values: (number | null)[];
  kind: 'bar' | 'line' | 'slice';
  axis: 'y' | 'y2';
  role: 'data' | 'base' | 'total';
  /** bar or slice fill; undefined = no fill */
  fill?: string;
  /** per-category fills (a clustered series with pointColors, a doughnut's slices) */
  pointFills?: (string | null)[];
  line?: { color: string; width: number };
  marker?: { fill: string; size: number };
  labels?: LabelPlan;
  inLegend: boolean;
  /** the workbook column is the SUM of these series (by index) */
  sumOf?: number[];
}

export interface ChartPlan {
  spec: ChartSpec;
  style: ChartStyle;
  box: Box;
  series: PlannedSeries[];
  gapWidth: number;
  overlap: number;
  /** bar charts: where the bars, lines and labels are estimated to be drawn (for the label gate) */
  scene?: LabelScene;
}

// ---------------------------------------------------------------- geometry estimates

interface Scale {
  min: number;
  max: number;
  /** points of plot height */
  plotH: number;
  /** points of plot width */
  plotW: number;
}

/** The smallest 1, 2 or 5 times a power of ten at least x (an axis step as PowerPoint picks it). */
function niceStep(x: number): number {
  if (x <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

/** An automatic axis end: whole steps of about a fifth of the span, a little beyond the data. */
function autoEnd(from: number, to: number): number {
  const span = Math.abs(to - from);
  if (span === 0) return to;
  const step = niceStep(span / 5);
  const n = Math.ceil((span * 1.03) / step);
  return from + Math.sign(to - from) * n * step;
}

/**
 * Roughly where PowerPoint will put the plot area and what the value axis
 * will span: only used to decide whether a label fits inside its bar and
 * whether two labels would meet.
 */
function estimateScale(spec: ChartSpec, axis: ChartAxis, which: 'y' | 'y2', box: Box, style: ChartStyle): Scale {
  const { hi, lo } = stackExtent(spec, which);
  const min = axis.min ?? (lo < 0 ? autoEnd(Math.min(hi, 0), lo) : 0);
  const max = axis.max ?? autoEnd(min, hi);
  const line = (style.fontSize * 1.25);
  let plotH = box.h * 72 - 14 - line * 1.3; // margins and the category labels
  if (spec.legend === 'top' || spec.legend === 'bottom') plotH -= line * 1.4;
  if (spec.title) plotH -= line * 1.6;
  let plotW = box.w * 72 - 14;
  if (!axis.hidden) plotW -= textWidth(`${axis.max ?? max}`, style.pptxFont, style.fontSize) + 12;
  if (axis.title) plotW -= line * 1.4;
  if (spec.legend === 'right') plotW -= 90;
  return { min, max: max > min ? max : min + 1, plotH: Math.max(plotH, 20), plotW: Math.max(plotW, 20) };
}

/** The y2 axis; one the spec does not describe takes its first series' number format (as the PNG renderer does). */
export function y2Axis(spec: ChartSpec): ChartAxis {
  return spec.axes.y2 ?? { format: spec.series.find((s) => s.axis === 'y2')?.format ?? spec.axes.y.format };
}

/** Height in points of a bar from a to b on the scale, cut at the plot's edges. */
function barHeight(scale: Scale, a: number, b: number): number {
  const clamp = (v: number) => Math.min(Math.max(v, scale.min), scale.max);
  return (Math.abs(clamp(b) - clamp(a)) / (scale.max - scale.min)) * scale.plotH;
}

// ---------------------------------------------------------------- planning

/** How a point's label relates to its drawn value. */
function labelKind(s: ChartSeries, j: number): 'same' | 'negated' | 'none' | 'other' {
  const v = s.values[j];
  const l = labelValue(s, j);
  if (v === null || v === undefined) return 'same';
  if (l === null) return 'none';
  if (l === v) return 'same';
  if (l === -v) return 'negated';
  return 'other';
}

/**
 * What a point's label needs beyond its series' defaults: none (no label), a
 * negated format (a decrease drawn as a positive height), or a fixed text
 * when the written value is neither the drawn value nor its negative.
 */
function pointOverride(s: ChartSeries, j: number, negatedSeries = false): PointLabel | undefined {
  const kind = labelKind(s, j);
  if (kind === 'none') return { delete: true };
  if (kind === 'negated' && !negatedSeries) return { formatCode: negatedFormatCode(s.format) };
  if (kind === 'other') return { text: [formatNumber(labelValue(s, j)!, s.format)] };
  return undefined;
}

function labelSize(spec: ChartSpec, style: ChartStyle, box: Box): number {
  // one size for the chart, shrunk (to 70% at most) until the widest bar label fits its bar
  const bars = spec.series.filter((s) => s.type === 'bar' && !s.invisible);
  const n = spec.categories.length || 1;
  const slot = (box.w * 72 - 60) / n;
  // stacked: the label sits inside its column; clustered: above its bar, within the bar's share of the cluster
  const perBar = spec.stacked ? slot / 1.48 - 4 : (slot * 0.8) / Math.max(1, bars.length);
  const labels = bars.filter((s) => s.labels).flatMap((s) => s.values.flatMap((_, j) => {
    const l = labelValue(s, j);
    return l === null ? [] : [{ width: textWidth(formatNumber(l, s.format), style.pptxFont, style.fontSize), room: perBar }];
  }));
  // PowerPoint sizes text in half points
  return Math.max(Math.round(fittedLabelSize(style.fontSize, labels) * 2) / 2, 6);
}

function planBar(spec: ChartSpec, style: ChartStyle, box: Box): ChartPlan {
  const text = hex6(style.textColor);
  const size = labelSize(spec, style, box);
  const lineH = size * 1.25;
  const scaleY = estimateScale(spec, spec.axes.y, 'y', box, style);
  const hasBase = spec.series.some((s) => s.type === 'bar' && s.invisible);
  const bars: PlannedSeries[] = [];
  const lines: PlannedSeries[] = [];
  const lines2: PlannedSeries[] = [];
  const bars2: PlannedSeries[] = [];
  const n = spec.categories.length;
  const nulls = (): (number | null)[] => new Array(n).fill(null);

  /** Stacked labels: centred, white on dark fills; a segment too thin gets dark text or, on a bridge, moves out. */
  const stackedLabels = (s: ChartSeries, fill: string, values: (number | null)[], idxInSpec: number, negatedSeries: boolean): LabelPlan => {
    const points = new Map<number, PointLabel>();
    values.forEach((v, j) => {
      if (v === null) return;
      const own = pointOverride(s, j, negatedSeries);
      if (own?.delete) {
        points.set(j, own);
        return;
      }
      const below = spec.series.slice(0, idxInSpec).reduce((acc, o) => acc + (o.type === 'bar' && o.axis === s.axis && (o.values[j] ?? 0) * v > 0 ? (o.values[j] ?? 0) : 0), 0);
      const h = barHeight(scaleY, below, below + v);
      const l = labelValue(s, j)!;
      if (h >= lineH * 1.05) {
        if (own) points.set(j, own);
        return;
      }
      if (hasBase) {
        // a bridge step too thin for its text: written beyond its end, below
        // it when the written value is negative (a decrease)
        const dy = (h / 2 + lineH * 0.6 + 2) / (box.h * 72);
        points.set(j, { ...own, color: text, dy: l < 0 ? dy : -dy });
      } else {
        // a thin segment: dark text across it
        points.set(j, { ...own, color: text });
      }
    });
    return { formatCode: numberFormatCode(s.format), position: 'ctr', color: readableOn(fill, text), bold: false, size, points };
  };

  spec.series.forEach((s, i) => {
    const color = hex6(s.color);
    if (s.type === 'line') {
      const lineColor = color;
      const labels: LabelPlan | undefined = s.labels
        ? { formatCode: numberFormatCode(s.format), position: 't', color: isDark(lineColor) ? lineColor : text, bold: false, size, points: new Map() }
        : undefined;
      if (labels) s.values.forEach((v, j) => { const own = v === null ? undefined : pointOverride(s, j); if (own) labels.points.set(j, own); });
      const planned: PlannedSeries = { name: s.name, values: s.values, kind: 'line', axis: s.axis, role: 'data', line: { color: lineColor, width: 2 }, marker: { fill: lineColor, size: 5 }, labels, inLegend: true };
      (s.axis === 'y2' ? lines2 : lines).push(planned);
      return;
    }
    const target = s.axis === 'y2' ? bars2 : bars;
    if (s.invisible) {
      target.push({ name: s.name, values: s.values, kind: 'bar', axis: s.axis, role: 'base', inLegend: false });
      return;
    }
    if (spec.stacked && (s.pointColors || s.labelValues)) {
      // split by colour and by how the label reads, so each series has one fill and one format
      const groups = new Map<string, { fill: string; negated: boolean; values: (number | null)[] }>();
      s.values.forEach((v, j) => {
        if (v === null || v === undefined) return;
        const fill = hex6(s.pointColors?.[j] || color);
        const kind = labelKind(s, j);
        const negated = kind === 'negated';
        const key = `${fill}|${negated}`;
        let g = groups.get(key);
        if (!g) {
          g = { fill, negated, values: nulls() };
          groups.set(key, g);
        }
        g.values[j] = v;
      });
      const list = [...groups.values()];
      list.forEach((g, k) => {
        const name = k === 0 ? s.name : g.negated ? spec.words.decrease.replace('{name}', () => s.name) : `${s.name} (${k + 1})`;
        let labels: LabelPlan | undefined;
        if (s.labels) {
          labels = stackedLabels(s, g.fill, g.values, i, g.negated);
          if (g.negated) labels.formatCode = negatedFormatCode(s.format);
        }
        target.push({ name, values: g.values, kind: 'bar', axis: s.axis, role: 'data', fill: g.fill, labels, inLegend: k === 0 || g.fill !== list[0].fill });
      });
      return;
    }
    let labels: LabelPlan | undefined;
    if (s.labels) {
      if (spec.stacked) labels = stackedLabels(s, color, s.values, i, false);
      else {
        const points = new Map<number, PointLabel>();
        s.values.forEach((v, j) => { const own = v === null ? undefined : pointOverride(s, j); if (own) points.set(j, own); });
        labels = { formatCode: numberFormatCode(s.format), position: 'outEnd', color: text, bold: false, size, points };
      }
    }
    const pointFills = s.pointColors ? s.values.map((_, j) => (s.pointColors?.[j] ? hex6(s.pointColors[j]!) : null)) : undefined;
    target.push({ name: s.name, values: s.values, kind: 'bar', axis: s.axis, role: 'data', fill: color, pointFills, labels, inLegend: true });
  });

  const ordered = [...bars, ...bars2];
  if (spec.stacked && spec.totalLabels) {
    const summed = bars.map((b, k) => ({ b, k })).filter(({ b }) => b.role === 'data');
    const totals = spec.categories.map((_, j) => {
      let any = false;
      let sum = 0;
      for (const { b } of summed) {
        const v = b.values[j];
        if (v === null || v === undefined) continue;
        any = true;
        sum += v;
      }
      return any ? sum : null;
    });
    const points = new Map<number, PointLabel>();
    totals.forEach((t, j) => { if (t !== null && t < 0) points.set(j, { position: 'b' }); });
    lines.push({
      name: spec.words.total,
      values: totals,
      kind: 'line',
      axis: 'y',
      role: 'total',
      labels: { formatCode: numberFormatCode(spec.totalLabels.format), position: 't', color: text, bold: true, size, points },
      inLegend: false,
      sumOf: summed.map(({ k }) => k),
    });
  }
  const series = [...ordered, ...lines, ...lines2];
  const nBars = Math.max(1, bars.filter((b) => b.role === 'data').length);
  // the PNG renderer's proportions: stacked columns take 0.675 of their slot,
  // clustered bars 0.8 of it with a little air between them
  const gapWidth = spec.stacked ? 48 : Math.round((0.2 / (0.8 / nBars)) * 100);
  const scene = placeLabels(spec, series, box, style, size, gapWidth);
  return { spec, style, box, series, gapWidth, overlap: spec.stacked ? 100 : nBars > 1 ? -8 : 0, scene };
}

/**
 * Where labels go so that none runs into another label, a bar's edge or a
 * line, on the estimated geometry of the native chart (native-scene.ts): the
 * total labels and clustered bars' labels first (a clustered bar's label moves
 * inside its end when a line runs over it), then each line's labels: above
 * the point, else under it, else a line or two higher, as the PNG renderer
 * does. Returns the estimated scene with every label where it was put, for
 * the label gate.
 */
function placeLabels(spec: ChartSpec, series: PlannedSeries[], box: Box, style: ChartStyle, size: number, gapWidth: number): LabelScene {
  const widthOf = (t: string, sz: number, bold?: boolean) => textWidth(t, style.pptxFont, sz, bold);
  const g = nativeGeometry(spec, { w: box.w * 72, h: box.h * 72 }, style.fontSize, widthOf, gapWidth);
  const chartH = box.h * 72;
  const lineH = size * 1.25;
  const placed: SceneLabel[] = [];
  const specOf = (p: PlannedSeries) => spec.series.find((x) => x.name === p.name);
  const textAt = (p: PlannedSeries, j: number, v: number) => {
    const own = p.labels?.points.get(j);
    if (own?.text) return own.text.join(' ');
    const f = p.role === 'total' ? spec.totalLabels?.format : specOf(p)?.format;
    return f ? formatNumber(v, f) : String(v);
  };
  const clear = (r: Rect) => obstaclesOf(r, g.scene, placed).length === 0;
  const put = (text: string, rect: Rect) => placed.push({ text, rect });
  // a planned bar series is one spec series, or one colour of it (a bridge's "Factors: decrease")
  const specIndex = (p: PlannedSeries) => spec.series.findIndex((x) => p.name === x.name || p.name.startsWith(`${x.name}: `) || p.name.startsWith(`${x.name} (`));
  // bars' labels: stacked ones centred in their segment (or moved beyond a thin bridge step, dy);
  // clustered ones beyond the bar's end, or inside it when a line runs over them
  for (const p of series) {
    if (p.kind !== 'bar' || p.role !== 'data' || !p.labels) continue;
    const i = specIndex(p);
    p.values.forEach((v, j) => {
      const bar = g.barAt(i, j);
      const own = p.labels!.points.get(j);
      if (v === null || v === undefined || !bar || own?.delete) return;
      const text = textAt(p, j, labelValue(spec.series[i], j) ?? v);
      const w = widthOf(text, size);
      if (spec.stacked) {
        put(text, barLabelRect(bar, w, size, 'ctr', v < 0, (own?.dy ?? 0) * chartH));
        return;
      }
      const out = barLabelRect(bar, w, size, 'outEnd', v < 0);
      if (clear(out) || bar.h < lineH * 1.3) put(text, out);
      else {
        p.labels!.points.set(j, { ...own, position: 'inEnd', color: readableOn(p.pointFills?.[j] ?? p.fill ?? hex6(style.textColor), hex6(style.textColor)) });
        put(text, barLabelRect(bar, w, size, 'inEnd', v < 0));
      }
    });
  }
  for (const p of series) {
    if (p.kind !== 'line' || !p.labels) continue;
    p.values.forEach((v, j) => {
      if (v === null || v === undefined || p.labels!.points.get(j)?.delete) return;
      const own = p.labels!.points.get(j);
      const text = textAt(p, j, v);
      const w = widthOf(text, size, p.labels!.bold);
      const px = g.x(j);
      const py = g.y(v, p.axis);
      if (p.role === 'total') {
        put(text, pointLabelRect(px, py, w, size, own?.position === 'b' ? 'b' : 't'));
        return;
      }
      const tries: { rect: Rect; label: PointLabel | undefined }[] = [
        { rect: pointLabelRect(px, py, w, size, 't'), label: undefined },
        { rect: pointLabelRect(px, py, w, size, 'b'), label: { position: 'b' } },
        { rect: pointLabelRect(px, py, w, size, 't', -lineH), label: { dy: -lineH / chartH } },
        { rect: pointLabelRect(px, py, w, size, 't', -2 * lineH), label: { dy: (-2 * lineH) / chartH } },
      ];
      const pick = tries[firstClear(tries.map((t) => t.rect), g.scene, placed) ?? 0];
      if (pick.label) p.labels!.points.set(j, { ...own, ...pick.label });
      put(text, pick.rect);
    });
  }
  return { ...g.scene, labels: placed };
}

function planDoughnut(spec: ChartSpec, style: ChartStyle, box: Box): ChartPlan {
  const text = hex6(style.textColor);
  const s = spec.series[0];
  if (!s) throw new Error(`chart "${spec.id}": a doughnut needs one series`);
  const n = s.values.length;
  const fills = s.values.map((_, j) => (s.pointColors?.[j] ? hex6(s.pointColors[j]!) : mixWithWhite(hex6(s.color), n <= 1 ? 0 : (0.75 * j) / (n - 1))));
  const total = s.values.reduce<number>((a, v) => a + (v !== null && v > 0 ? v : 0), 0);
  const share: NumberFormat = { decimals: 1, thousands: true, parensForNegative: true, suffix: '%' };
  // Each slice's value and its share of the ring, on two lines, as the PNG
  // writes them. With both shown, PowerPoint and LibreOffice apply a label's
  // one number format to both (LibreOffice: to the share only, "1071 / 0"),
  // so the two numbers are written as the label's text.
  const points = new Map<number, PointLabel>();
  s.values.forEach((v, j) => {
    const l = labelValue(s, j);
    if (v === null) return;
    if (l === null || v <= 0 || total <= 0) points.set(j, { delete: true });
    else points.set(j, { color: readableOn(fills[j], text), text: [formatNumber(l, s.format), formatNumber((100 * v) / total, share)] });
  });
  return {
    spec,
    style,
    box,
    series: [{
      name: s.name,
      values: s.values,
      kind: 'slice',
      axis: 'y',
      role: 'data',
      pointFills: fills,
      labels: s.labels ? { formatCode: numberFormatCode(s.format), color: text, bold: true, size: style.fontSize, percent: true, points } : undefined,
      inLegend: true,
    }],
    gapWidth: 0,
    overlap: 0,
  };
}

/** The plan of one chart. */
export function planChart(spec: ChartSpec, style: ChartStyle, box: Box): ChartPlan {
  return spec.kind === 'doughnut' ? planDoughnut(spec, style, box) : planBar(spec, style, box);
}

/**
 * Where a native bar chart's labels will be, estimated, with its bars and
 * lines (native-scene.ts), in points from the plot's top left: what the label
 * gate (tests) checks for the PPTX.
 */
export function nativeLabelScene(spec: ChartSpec, style: ChartStyle, box: Box): LabelScene | undefined {
  return spec.kind === 'doughnut' ? undefined : planChart(spec, style, box).scene;
}
