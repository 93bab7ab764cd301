// A ChartSpec as a native, editable PowerPoint chart: the data travel inside
// the file (chart cache and an embedded workbook), so an IR officer can open
// "Edit Data" in PowerPoint and change a figure.
//
// pptxgenjs writes the chart's frame, part, relationships and workbook; what it
// cannot express or gets wrong is rewritten by finishNativeCharts(), which the
// PPTX renderer calls on the package pptxgenjs wrote:
//
// - every series is rewritten in schema order with its own fill, line,
//   marker and data labels (pptxgenjs gives all series of one chart type the
//   same labels, cannot hide the labels of one series, writes per-point
//   colours only for a single-series bar chart, and puts <c:marker> after
//   <c:dLbls> and <c:invertIfNegative> into line series, against the schema);
// - a <c:lineChart> gets its required <c:grouping> (pptxgenjs omits it);
// - a 2D bar or line chart loses the third <c:axId> that names no axis
//   (gitbrent/PptxGenJS#1534: PowerPoint offers to repair every such deck);
// - combo charts: data label positions are written per chart group and only
//   those the group allows (pptxgenjs does not check them when `type` is an
//   array, and an invalid <c:dLblPos> is one cause of gitbrent/PptxGenJS#1233);
// - blanks are left out of the number cache instead of written as empty
//   <c:v/> points, and the workbook gets the values the cache has (pptxgenjs
//   writes 0 and null both as an empty <v/>), totals as SUM formulas, and
//   without the broken table part pptxgenjs adds (gitbrent/PptxGenJS#1531);
// - series that are not to be read about (a bridge's invisible base, the
//   carrier of the total labels) are taken out of the legend;
// - text gets the East Asian font next to the Latin one.
//
// Choices that keep the chart editable and the same in PowerPoint and
// LibreOffice:
// - Totals over stacked columns: an extra line series of the sums (no line,
//   no marker) on the primary axis whose labels sit above its points. They are
//   data, not text boxes, so they move with the columns; in the workbook the
//   column is a SUM of the stacked columns.
// - A bridge (stacked columns on an invisible base, per-point colours): the
//   visible series is split by colour into series of its own ("Revenue target",
//   "Revenue target: decrease", ...), each with one colour and one number
//   format. A decrease is drawn as a positive height but labelled "(3,600)":
//   its series' number format writes positive numbers in parentheses, so the
//   label still comes from the data. A step too thin for its label has the
//   label moved beyond its end (up for an increase, down for a decrease).
// - A line's labels sit above its points, climbing a line or two, or going
//   under the point, where a total or another label would be (estimated
//   from the chart's size and the axes' ranges, as the PNG renderer does).
// - A doughnut's labels are fixed text ("1,071" over "39.9%", written by
//   formatNumber): with value and share both shown, PowerPoint applies the
//   one label number format to both and LibreOffice to the share only. The
//   slices stay data; after "Edit Data" the label texts need updating.
import type PptxGenJS from 'pptxgenjs';
import JSZip from 'jszip';
import { writeZip } from '../util/zip.js';
import type { Box } from '../layout/types.js';
import { textWidth } from '../layout/measure.js';
import type { ChartAxis, ChartSeries, ChartSpec, ChartStyle, NumberFormat } from './spec.js';
import { formatNumber } from './format.js';
import { stackExtent } from './axis-scale.js';
import { estimatePlot } from './plot-estimate.js';
import { barLabelRect, nativeGeometry, pointLabelRect } from './native-scene.js';
import { firstClear, obstaclesOf, type LabelScene, type Rect, type SceneLabel } from './label-gate.js';
import { ooxmlNumber, ooxmlValues } from './ooxml-number.js';
import { conformPart } from '../render/ooxml-conform.js';

// ---------------------------------------------------------------- number formats

/** A literal inside an Excel format code: "JPY", or char by char with a backslash if it holds a quote. */
function literal(text: string | undefined): string {
  if (!text) return '';
  if (!text.includes('"')) return `"${text}"`;
  return [...text].map((c) => `\\${c}`).join('');
}

function digits(f: NumberFormat): string {
  const int = f.thousands ? '#,##0' : '0';
  return f.decimals > 0 ? `${int}.${'0'.repeat(f.decimals)}` : int;
}

/**
 * The Excel number format code that writes numbers as formatNumber does:
 * {decimals:0, thousands, parens} -> `#,##0;(#,##0)`; a "%" suffix is a
 * literal (`0.0"%"`), never Excel's percent (which would multiply by 100).
 */
export function numberFormatCode(f: NumberFormat): string {
  const body = `${literal(f.prefix)}${digits(f)}${literal(f.suffix)}`;
  return f.parensForNegative ? `${body};(${body})` : body;
}

/**
 * A format that writes a positive number as formatNumber writes its negative:
 * a bridge's decrease is drawn as a positive height and read as "(3,600)".
 */
function negatedFormatCode(f: NumberFormat): string {
  const body = `${literal(f.prefix)}${digits(f)}${literal(f.suffix)}`;
  return f.parensForNegative ? `(${body});${body};${body}` : `-${body};${body};${body}`;
}

// ---------------------------------------------------------------- colours

function rgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

function luminance(hex: string): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = rgb(hex).map(lin);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Text on a fill: white on dark fills, else the chart's text colour (as the PNG renderer does). */
function readableOn(fill: string, text: string): string {
  return luminance(fill) < 0.3 ? 'FFFFFF' : text;
}

function mixWithWhite(hex: string, t: number): string {
  return rgb(hex)
    .map((c) => Math.round(c + (255 - c) * t).toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

function hex6(c: string): string {
  const h = c.replace('#', '').toUpperCase();
  if (!/^[0-9A-F]{6}$/.test(h)) throw new Error(`not a colour: "${c}" (six hex digits expected)`);
  return h;
}

// ---------------------------------------------------------------- the plan

type LabelPos = 'ctr' | 'inEnd' | 'inBase' | 'outEnd' | 't' | 'b';

interface PointLabel {
  delete?: boolean;
  formatCode?: string;
  position?: LabelPos;
  color?: string;
  /** move the label by this fraction of the chart's height (down is positive) */
  dy?: number;
  /** fixed text, one entry per line (a doughnut's "1,071" / "39.9%") */
  text?: string[];
}

interface LabelPlan {
  formatCode: string;
  position?: LabelPos;
  color: string;
  bold: boolean;
  size: number;
  /** doughnut: value and share of the ring on two lines */
  percent?: boolean;
  points: Map<number, PointLabel>;
}

interface PlannedSeries {
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

interface ChartPlan {
  spec: ChartSpec;
  style: ChartStyle;
  box: Box;
  series: PlannedSeries[];
  gapWidth: number;
  overlap: number;
  /** bar charts: where the bars, lines and labels are estimated to be drawn (for the label gate) */
  scene?: LabelScene;
}

/** Plans of the charts added to each presentation, by the chart frame's object name. */
const registry = new WeakMap<object, Map<string, ChartPlan>>();

/** The object name a chart frame gets (PowerPoint's selection pane shows it). */
export function chartObjectName(spec: ChartSpec): string {
  return `Chart ${spec.id}`;
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

/** The smallest 1, 2 or 5 times a power of ten at least x (an axis step as PowerPoint picks it when left to itself). */
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
function y2Axis(spec: ChartSpec): ChartAxis {
  return spec.axes.y2 ?? { format: spec.series.find((s) => s.axis === 'y2')?.format ?? spec.axes.y.format };
}

/** Height in points of a bar from a to b on the scale, cut at the plot's edges. */
function barHeight(scale: Scale, a: number, b: number): number {
  const clamp = (v: number) => Math.min(Math.max(v, scale.min), scale.max);
  return (Math.abs(clamp(b) - clamp(a)) / (scale.max - scale.min)) * scale.plotH;
}

// ---------------------------------------------------------------- planning

function labelValueAt(s: ChartSeries, j: number): number | null {
  const v = s.labelValues ? s.labelValues[j] : s.values[j];
  return v === undefined || v === null || !Number.isFinite(v) ? null : v;
}

/** How a point's label relates to its drawn value. */
function labelKind(s: ChartSeries, j: number): 'same' | 'negated' | 'none' | 'other' {
  const v = s.values[j];
  const l = labelValueAt(s, j);
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
  if (kind === 'other') return { text: [formatNumber(labelValueAt(s, j)!, s.format)] };
  return undefined;
}

function labelSize(spec: ChartSpec, style: ChartStyle, box: Box): number {
  // one size for the chart, shrunk (to 70% at most) until the widest bar label fits its bar
  const bars = spec.series.filter((s) => s.type === 'bar' && !s.invisible);
  const n = spec.categories.length || 1;
  const slot = (box.w * 72 - 60) / n;
  // stacked: the label sits inside its column; clustered: above its bar, within the bar's share of the cluster
  const perBar = spec.stacked ? slot / 1.48 - 4 : (slot * 0.8) / Math.max(1, bars.length);
  let size = style.fontSize;
  for (const s of bars) {
    if (!s.labels) continue;
    s.values.forEach((_, j) => {
      const l = labelValueAt(s, j);
      if (l === null) return;
      const w = textWidth(formatNumber(l, s.format), style.pptxFont, style.fontSize);
      if (w > perBar) size = Math.min(size, (style.fontSize * perBar) / w);
    });
  }
  return Math.max(Math.round(Math.max(size, style.fontSize * 0.7) * 2) / 2, 6);
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
      const l = labelValueAt(s, j)!;
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
        ? { formatCode: numberFormatCode(s.format), position: 't', color: luminance(lineColor) < 0.3 ? lineColor : text, bold: false, size, points: new Map() }
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
        const name = k === 0 ? s.name : g.negated ? `${s.name}: decrease` : `${s.name} (${k + 1})`;
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
      name: 'Total',
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
      const text = textAt(p, j, labelValueAt(spec.series[i], j) ?? v);
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
    const l = labelValueAt(s, j);
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

// ---------------------------------------------------------------- adding the chart

const LEGEND_POS = { bottom: 'b', right: 'r', top: 't' } as const;

/**
 * A value axis. A hidden axis is kept but drawn without labels or line: a
 * deleted secondary axis (<c:delete val="1"/>) makes LibreOffice plot its
 * series against the primary axis.
 */
function axisOptions(axis: ChartAxis, style: ChartStyle, primary: boolean): PptxGenJS.IChartPropsAxisVal {
  return {
    valAxisMinVal: axis.min,
    valAxisMaxVal: axis.max,
    valAxisMajorUnit: axis.step,
    valAxisHidden: false,
    valAxisLabelPos: axis.hidden ? 'none' : 'nextTo',
    valAxisLabelFormatCode: numberFormatCode(axis.format),
    valAxisLabelFontFace: style.pptxFont,
    valAxisLabelFontSize: style.fontSize,
    valAxisLabelColor: hex6(style.textColor),
    valAxisLineShow: false,
    valAxisMajorTickMark: 'none',
    valAxisMinorTickMark: 'none',
    showValAxisTitle: Boolean(axis.title) && !axis.hidden,
    valAxisTitle: axis.title,
    valAxisTitleFontFace: style.pptxFont,
    valAxisTitleFontSize: style.fontSize,
    valAxisTitleColor: hex6(style.textColor),
    // gridlines from the left axis only, and none when it is hidden (a bridge)
    valGridLine: primary && !axis.hidden ? { color: hex6(style.gridColor), size: 0.75, style: 'solid' } : { style: 'none' },
  };
}

function catOptions(style: ChartStyle, hidden: boolean): PptxGenJS.IChartPropsAxisCat {
  return {
    catAxisHidden: hidden,
    catAxisLabelFontFace: style.pptxFont,
    catAxisLabelFontSize: style.fontSize,
    catAxisLabelColor: hex6(style.textColor),
    catAxisLineColor: hex6(style.gridColor),
    catAxisLineSize: 0.75,
    catAxisMajorTickMark: 'none',
    catAxisMinorTickMark: 'none',
    catAxisLabelPos: 'low',
    catGridLine: { style: 'none' },
  };
}

/**
 * Adds `spec` as a native chart at `box`. The chart is finished (labels,
 * colours, legend, workbook) by finishNativeCharts() on the written package;
 * renderPptx does that.
 */
export function addNativeChart(pptx: PptxGenJS, slide: PptxGenJS.Slide, spec: ChartSpec, box: Box, style: ChartStyle): void {
  const plan = spec.kind === 'doughnut' ? planDoughnut(spec, style, box) : planBar(spec, style, box);
  const objectName = chartObjectName(spec);
  let plans = registry.get(pptx);
  if (!plans) {
    plans = new Map();
    registry.set(pptx, plans);
  }
  plans.set(objectName, plan);

  const text = hex6(style.textColor);
  const common: PptxGenJS.IChartOpts = {
    x: box.x,
    y: box.y,
    w: box.w,
    h: box.h,
    objectName,
    altText: spec.alt,
    showLegend: spec.legend !== 'none',
    legendPos: spec.legend === 'none' ? 'b' : LEGEND_POS[spec.legend],
    legendFontFace: style.pptxFont,
    legendFontSize: style.fontSize,
    legendColor: text,
    showTitle: Boolean(spec.title),
    title: spec.title,
    titleFontFace: style.pptxFont,
    titleFontSize: Math.round(style.fontSize * 1.15 * 2) / 2,
    titleColor: text,
    titleBold: true,
    chartArea: { roundedCorners: false, fill: { color: 'FFFFFF' } },
    dataLabelFontFace: style.pptxFont,
    dataLabelFontSize: style.fontSize,
    dataLabelColor: text,
    displayBlanksAs: 'gap',
  };
  // categories that do not fit on one line get a line break (the PNG's lines: charts/category-lines.ts)
  const widthOf = (t: string, size: number, bold?: boolean) => textWidth(t, style.pptxFont, size, bold);
  const labels = estimatePlot(spec, { w: box.w * 72, h: box.h * 72 }, style.fontSize, widthOf).categories.map((l) => l.join('\n'));
  const data = (list: PlannedSeries[]) => list.map((p) => ({ name: p.name, labels: labels.slice(), values: ooxmlValues(p.values) as number[] }));
  // enough colours for every series index: pptxgenjs picks a *random* marker
  // colour when a series' index is past the end of chartColors
  const total = plan.series.length;
  const colors = (list: PlannedSeries[]) => {
    const own = list.map((p) => p.fill ?? p.line?.color ?? p.pointFills?.find((c) => c) ?? text);
    while (own.length < Math.max(total, 2)) own.push(own[own.length - 1] ?? text);
    return own;
  };

  if (spec.kind === 'doughnut') {
    const p = plan.series[0];
    const fills = (p.pointFills ?? []).map((c) => c ?? text);
    while (fills.length < Math.max(2, labels.length)) fills.push(text);
    slide.addChart('doughnut', data([p]), { ...common, chartColors: fills, holeSize: 45, showValue: Boolean(p.labels), showPercent: Boolean(p.labels), dataLabelFormatCode: p.labels?.formatCode });
    return;
  }

  const groups: { list: PlannedSeries[]; type: 'bar' | 'line'; secondary: boolean }[] = [
    { list: plan.series.filter((p) => p.kind === 'bar' && p.axis === 'y'), type: 'bar', secondary: false },
    { list: plan.series.filter((p) => p.kind === 'bar' && p.axis === 'y2'), type: 'bar', secondary: true },
    { list: plan.series.filter((p) => p.kind === 'line' && p.axis === 'y'), type: 'line', secondary: false },
    { list: plan.series.filter((p) => p.kind === 'line' && p.axis === 'y2'), type: 'line', secondary: true },
  ].filter((g) => g.list.length > 0) as { list: PlannedSeries[]; type: 'bar' | 'line'; secondary: boolean }[];
  const hasY2 = groups.some((g) => g.secondary);
  const types: PptxGenJS.IChartMulti[] = groups.map((g) => ({
    type: g.type,
    data: data(g.list),
    options: {
      chartColors: colors(g.list),
      barGrouping: g.type === 'bar' ? (spec.stacked ? 'stacked' : 'clustered') : undefined,
      barGapWidthPct: plan.gapWidth,
      secondaryValAxis: g.secondary,
      secondaryCatAxis: g.secondary,
      lineDataSymbol: 'circle',
      lineDataSymbolSize: 5,
      lineSize: 2,
    },
  }));
  const opts: PptxGenJS.IChartOpts = { ...common, barDir: 'col', ...catOptions(style, false), ...axisOptions(spec.axes.y, style, true) };
  if (hasY2) {
    opts.valAxes = [axisOptions(spec.axes.y, style, true), axisOptions(y2Axis(spec), style, false)];
    opts.catAxes = [catOptions(style, false), catOptions(style, true)];
  }
  slide.addChart(types, opts as unknown as PptxGenJS.IChartMulti[], opts);
}

// ---------------------------------------------------------------- finishing the chart parts

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function solid(c: string): string {
  return `<a:solidFill><a:srgbClr val="${c}"/></a:solidFill>`;
}

function runProps(font: string, eastAsian: string, size: number, color: string, bold: boolean, tag = 'a:defRPr'): string {
  return `<${tag} sz="${Math.round(size * 100)}" b="${bold ? 1 : 0}" i="0" u="none" strike="noStrike" baseline="0">${solid(color)}<a:latin typeface="${esc(font)}"/><a:ea typeface="${esc(eastAsian)}"/><a:cs typeface="${esc(font)}"/></${tag}>`;
}

function txPr(font: string, eastAsian: string, size: number, color: string, bold: boolean): string {
  return `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>${runProps(font, eastAsian, size, color, bold)}</a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>`;
}

const NO_LINE = '<a:ln><a:noFill/></a:ln>';
/** LibreOffice draws a leader line to a moved label unless told not to (Office 2013's extension) */
const NO_LEADER_LINES = '<c:extLst><c:ext uri="{CE6537A1-D6FC-4f65-9D91-7224C49458BB}" xmlns:c15="http://schemas.microsoft.com/office/drawing/2012/chart"><c15:showLeaderLines val="0"/></c:ext></c:extLst>';

function labelFlags(percent: boolean): string {
  return `<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="${percent ? 1 : 0}"/><c:showBubbleSize val="0"/>${percent ? '<c:separator>\n</c:separator>' : ''}`;
}

function dLbls(l: LabelPlan | undefined, font: string, eastAsian: string): string {
  if (!l) return '<c:dLbls><c:delete val="1"/></c:dLbls>';
  const pos = (p: LabelPos | undefined) => (p ? `<c:dLblPos val="${p}"/>` : '');
  const points = [...l.points.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([j, p]) => {
      if (p.delete) return `<c:dLbl><c:idx val="${j}"/><c:delete val="1"/></c:dLbl>`;
      const layout = p.dy ? `<c:layout><c:manualLayout><c:x val="0"/><c:y val="${p.dy.toFixed(4)}"/></c:manualLayout></c:layout>` : '';
      const color = p.color ?? l.color;
      const para = (t: string) => `<a:p><a:pPr>${runProps(font, eastAsian, l.size, color, l.bold)}</a:pPr><a:r>${runProps(font, eastAsian, l.size, color, l.bold, 'a:rPr')}<a:t>${esc(t)}</a:t></a:r></a:p>`;
      const rich = p.text ? `<c:tx><c:rich><a:bodyPr/><a:lstStyle/>${p.text.map(para).join('')}</c:rich></c:tx>` : '';
      return `<c:dLbl><c:idx val="${j}"/>${layout}${rich}<c:numFmt formatCode="${esc(p.formatCode ?? l.formatCode)}" sourceLinked="0"/><c:spPr><a:noFill/>${NO_LINE}</c:spPr>${txPr(font, eastAsian, l.size, color, l.bold)}${pos(p.position ?? l.position)}${labelFlags(Boolean(l.percent))}</c:dLbl>`;
    })
    .join('');
  return `<c:dLbls>${points}<c:numFmt formatCode="${esc(l.formatCode)}" sourceLinked="0"/><c:spPr><a:noFill/>${NO_LINE}</c:spPr>${txPr(font, eastAsian, l.size, l.color, l.bold)}${pos(l.position)}${labelFlags(Boolean(l.percent))}${l.percent ? '' : NO_LEADER_LINES}</c:dLbls>`;
}

interface SerParts {
  tx: string;
  cat: string;
  val: string;
}

/** The number cache of a <c:val> block without empty points (a blank is a missing point, not an empty <c:v/>). */
function cleanVal(val: string, formatCode: string): string {
  return val
    .replace(/<c:pt idx="\d+">\s*<c:v>\s*<\/c:v>\s*<\/c:pt>/g, '')
    .replace(/<c:formatCode>[^<]*<\/c:formatCode>/, `<c:formatCode>${esc(formatCode)}</c:formatCode>`);
}

function serXml(p: PlannedSeries, idx: number, parts: SerParts, font: string, eastAsian: string): string {
  const head = `<c:idx val="${idx}"/><c:order val="${idx}"/>${parts.tx}`;
  const val = cleanVal(parts.val, p.labels?.formatCode ?? 'General');
  if (p.kind === 'line') {
    const line = p.line ? `<a:ln w="${Math.round(p.line.width * 12700)}" cap="rnd">${solid(p.line.color)}<a:round/></a:ln>` : NO_LINE;
    const marker = p.marker
      ? `<c:marker><c:symbol val="circle"/><c:size val="${p.marker.size}"/><c:spPr>${solid(p.marker.fill)}<a:ln w="9525">${solid('FFFFFF')}</a:ln></c:spPr></c:marker>`
      : '<c:marker><c:symbol val="none"/></c:marker>';
    return `<c:ser>${head}<c:spPr><a:noFill/>${line}</c:spPr>${marker}${dLbls(p.labels, font, eastAsian)}${parts.cat}${val}<c:smooth val="0"/></c:ser>`;
  }
  if (p.kind === 'slice') {
    const dPt = (p.pointFills ?? [])
      .map((c, j) => `<c:dPt><c:idx val="${j}"/><c:bubble3D val="0"/><c:spPr>${solid(c ?? '1F3864')}<a:ln w="19050">${solid('FFFFFF')}</a:ln></c:spPr></c:dPt>`)
      .join('');
    return `<c:ser>${head}<c:spPr><a:ln w="19050">${solid('FFFFFF')}</a:ln></c:spPr>${dPt}${dLbls(p.labels, font, eastAsian)}${parts.cat}${val}</c:ser>`;
  }
  const fill = p.fill ? solid(p.fill) : '<a:noFill/>';
  const dPt = (p.pointFills ?? [])
    .map((c, j) => (c ? `<c:dPt><c:idx val="${j}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/><c:spPr>${solid(c)}${NO_LINE}</c:spPr></c:dPt>` : ''))
    .join('');
  return `<c:ser>${head}<c:spPr>${fill}${NO_LINE}</c:spPr><c:invertIfNegative val="0"/>${dPt}${dLbls(p.labels, font, eastAsian)}${parts.cat}${val}</c:ser>`;
}

function block(xml: string, tag: string): string {
  const m = new RegExp(`<${tag}>[\\s\\S]*?</${tag}>`).exec(xml);
  return m ? m[0] : '';
}

/** Axis ids as pptxgenjs wrote them: [primary, secondary] category and value axes. */
function axisIds(xml: string): { cat: string[]; val: string[] } {
  const ids = (tag: string) => [...xml.matchAll(new RegExp(`<c:${tag}>\\s*<c:axId val="(\\d+)"/>`, 'g'))].map((m) => m[1]);
  return { cat: ids('catAx'), val: ids('valAx') };
}

/** Rewrites one chart part from its plan. */
function finishChartXml(xml: string, plan: ChartPlan, eastAsian: string): string {
  const font = plan.style.pptxFont;
  const sers = [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map((m) => m[1]);
  if (sers.length !== plan.series.length) throw new Error(`chart "${plan.spec.id}": ${sers.length} series written, ${plan.series.length} planned`);
  const parts: SerParts[] = sers.map((s) => ({ tx: block(s, 'c:tx'), cat: block(s, 'c:cat'), val: block(s, 'c:val') }));
  const first = xml.search(/<c:(barChart|lineChart|doughnutChart)>/);
  const lastClose = Math.max(xml.lastIndexOf('</c:barChart>') + '</c:barChart>'.length, xml.lastIndexOf('</c:lineChart>') + '</c:lineChart>'.length, xml.lastIndexOf('</c:doughnutChart>') + '</c:doughnutChart>'.length);
  if (first < 0 || lastClose <= first) throw new Error(`chart "${plan.spec.id}": no plot found in the chart part`);

  let groupsXml: string;
  if (plan.spec.kind === 'doughnut') {
    groupsXml = `<c:doughnutChart><c:varyColors val="1"/>${serXml(plan.series[0], 0, parts[0], font, eastAsian)}<c:firstSliceAng val="0"/><c:holeSize val="45"/></c:doughnutChart>`;
  } else {
    const ax = axisIds(xml);
    const primary = [ax.cat[0], ax.val[0]];
    const secondary = [ax.cat[1] ?? ax.cat[0], ax.val[1] ?? ax.val[0]];
    const axIds = (secondaryAxes: boolean) => (secondaryAxes ? secondary : primary).map((id) => `<c:axId val="${id}"/>`).join('');
    const indexed = plan.series.map((p, i) => ({ p, i }));
    const group = (kind: 'bar' | 'line', axis: 'y' | 'y2') => indexed.filter(({ p }) => p.kind === kind && p.axis === axis);
    const out: string[] = [];
    for (const axis of ['y', 'y2'] as const) {
      const g = group('bar', axis);
      if (!g.length) continue;
      out.push(`<c:barChart><c:barDir val="col"/><c:grouping val="${plan.spec.stacked ? 'stacked' : 'clustered'}"/><c:varyColors val="0"/>${g.map(({ p, i }) => serXml(p, i, parts[i], font, eastAsian)).join('')}<c:gapWidth val="${plan.gapWidth}"/><c:overlap val="${plan.overlap}"/>${axIds(axis === 'y2')}</c:barChart>`);
    }
    for (const axis of ['y', 'y2'] as const) {
      const g = group('line', axis);
      if (!g.length) continue;
      out.push(`<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${g.map(({ p, i }) => serXml(p, i, parts[i], font, eastAsian)).join('')}<c:marker val="1"/>${axIds(axis === 'y2')}</c:lineChart>`);
    }
    groupsXml = out.join('');
  }
  let out = xml.slice(0, first) + groupsXml + xml.slice(lastClose);

  // legend: series that are not read about are not listed
  const hidden = plan.spec.kind === 'doughnut' ? [] : plan.series.map((p, i) => (p.inLegend ? -1 : i)).filter((i) => i >= 0);
  if (hidden.length) out = out.replace(/(<c:legendPos val="[a-z]+"\/>)/, `$1${hidden.map((i) => `<c:legendEntry><c:idx val="${i}"/><c:delete val="1"/></c:legendEntry>`).join('')}`);

  // East Asian text in titles, axes and legend (pptxgenjs writes only <a:latin>)
  out = out.replace(/(<a:latin typeface="[^"]*"\/>)(?!\s*<a:ea )/g, `$1<a:ea typeface="${esc(eastAsian)}"/>`);
  // chart-wide text defaults, for anything the parts above leave unstyled
  out = out.replace('<c:externalData', `${txPr(font, eastAsian, plan.style.fontSize, hex6(plan.style.textColor), false)}<c:externalData`);
  return removeOrphanAxisIds(out);
}

/**
 * gitbrent/PptxGenJS#1534: 2D bar and line charts name a third axis
 * (the series axis of 3D charts) that is never written; PowerPoint then
 * offers to repair the file. Any <c:axId> inside a plot that names no axis
 * of the chart is dropped.
 */
export function removeOrphanAxisIds(xml: string): string {
  const defined = new Set([...xml.matchAll(/<c:(?:valAx|catAx|dateAx|serAx)>\s*<c:axId val="(\d+)"\/>/g)].map((m) => m[1]));
  return xml.replace(/<c:(barChart|lineChart|areaChart|bar3DChart|line3DChart|scatterChart|radarChart)>([\s\S]*?)<\/c:\1>/g, (whole, kind: string, body: string) => {
    const fixed = body.replace(/<c:axId val="(\d+)"\/>/g, (m: string, id: string) => (defined.has(id) ? m : ''));
    return `<c:${kind}>${fixed}</c:${kind}>`;
  });
}

// ---------------------------------------------------------------- the embedded workbook

function colName(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

/** sheet1.xml and sharedStrings.xml with the plan's data: categories in A, series from B, totals as SUM formulas. */
function workbookSheets(plan: ChartPlan, templateSheet: string): { sheet: string; strings: string } {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const str = (s: string) => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const cats = plan.spec.categories;
  const ncol = plan.series.length + 1;
  const rows: string[] = [];
  const header = [`<c r="A1" t="s"><v>${str('')}</v></c>`, ...plan.series.map((p, k) => `<c r="${colName(k + 2)}1" t="s"><v>${str(p.name)}</v></c>`)];
  rows.push(`<row r="1" spans="1:${ncol}">${header.join('')}</row>`);
  cats.forEach((c, j) => {
    const r = j + 2;
    const cells = [`<c r="A${r}" t="s"><v>${str(c)}</v></c>`];
    plan.series.forEach((p, k) => {
      const v = p.values[j];
      const ref = `${colName(k + 2)}${r}`;
      if (p.sumOf && p.sumOf.length) {
        const f = `SUM(${p.sumOf.map((m) => `${colName(m + 2)}${r}`).join(',')})`;
        cells.push(`<c r="${ref}"><f>${f}</f>${v === null || v === undefined ? '' : `<v>${ooxmlNumber(v)}</v>`}</c>`);
      } else if (v !== null && v !== undefined && Number.isFinite(v)) {
        cells.push(`<c r="${ref}"><v>${ooxmlNumber(v)}</v></c>`);
      }
    });
    rows.push(`<row r="${r}" spans="1:${ncol}">${cells.join('')}</row>`);
  });
  const dim = `A1:${colName(ncol)}${cats.length + 1}`;
  const sheet = templateSheet
    .replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="${dim}"/>`)
    .replace(/<sheetData>[\s\S]*<\/sheetData>/, `<sheetData>${rows.join('')}</sheetData>`);
  const sst = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`;
  return { sheet, strings: sst };
}

/** Options for writing a zip the same way every time. */
export interface StableZipOptions {
  /** the date every entry carries */
  date: Date;
}

/** The entries of `zip` re-packed in sorted order with one date, DEFLATE-compressed. */
export async function stableZip(files: Map<string, Buffer | string>, opts: StableZipOptions, order: (a: string, b: string) => number): Promise<Buffer> {
  return writeZip([...files.keys()].sort(order).map((name) => [name, files.get(name)!]), opts.date);
}

/** The embedded workbook with the plan's values, reproducible bytes (fixed dates, sorted entries). */
async function finishWorkbook(data: Buffer, plan: ChartPlan, date: Date): Promise<Buffer> {
  const book = await JSZip.loadAsync(data);
  const files = new Map<string, Buffer | string>();
  for (const name of Object.keys(book.files)) {
    const f = book.files[name];
    if (f.dir) continue;
    if (/\.(xml|rels)$/.test(name)) files.set(name, await f.async('string'));
    else files.set(name, await f.async('nodebuffer'));
  }
  const sheet = files.get('xl/worksheets/sheet1.xml');
  if (typeof sheet === 'string') {
    const { sheet: s, strings } = workbookSheets(plan, sheet);
    files.set('xl/worksheets/sheet1.xml', s);
    files.set('xl/sharedStrings.xml', strings);
  }
  // gitbrent/PptxGenJS#1531: the workbook's table part has an invalid range
  // (ref="A1:D11'", a stray apostrophe) and the sheet does not use it
  // (no <tableParts>); Apple's importer drops the whole chart over it. Drop it.
  for (const name of [...files.keys()]) if (/^xl\/tables\//.test(name)) files.delete(name);
  const sheetRels = files.get('xl/worksheets/_rels/sheet1.xml.rels');
  if (typeof sheetRels === 'string' && !/<Relationship (?![^>]*\/table")/.test(sheetRels)) files.delete('xl/worksheets/_rels/sheet1.xml.rels');
  const types = files.get('[Content_Types].xml');
  if (typeof types === 'string') files.set('[Content_Types].xml', types.replace(/\s*<Override PartName="\/xl\/tables\/[^"]+"[^>]*\/>/g, ''));
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const core = files.get('docProps/core.xml');
  if (typeof core === 'string') {
    files.set('docProps/core.xml', core.replace(/(<dcterms:created[^>]*>)[^<]*/, `$1${iso}`).replace(/(<dcterms:modified[^>]*>)[^<]*/, `$1${iso}`));
  }
  for (const [name, text] of files) if (typeof text === 'string') files.set(name, conformPart('workbook', name, text));
  return stableZip(files, { date }, packageOrder);
}

/** [Content_Types].xml first, then _rels, then the rest by path with numbers in numeric order. */
export function packageOrder(a: string, b: string): number {
  const rank = (p: string) => (p === '[Content_Types].xml' ? 0 : p.startsWith('_rels/') ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true });
}

export interface FinishOptions {
  /** the East Asian font for chart text */
  eastAsian: string;
  /** the date of the embedded workbooks' entries and properties */
  date: Date;
}

/**
 * Finishes the native charts of a written package in place (`files`: part
 * name -> XML text or bytes): series, labels, legend and workbook per the
 * plans addNativeChart recorded for `pptx`, and the chart repairs every
 * chart part needs.
 */
export async function finishNativeCharts(pptx: PptxGenJS, files: Map<string, Buffer | string>, opts: FinishOptions): Promise<void> {
  const plans = registry.get(pptx) ?? new Map<string, ChartPlan>();
  for (const [name, xml] of files) {
    if (!/^ppt\/slides\/slide\d+\.xml$/.test(name) || typeof xml !== 'string') continue;
    const rels = files.get(name.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels'));
    if (typeof rels !== 'string') continue;
    for (const frame of xml.matchAll(/<p:graphicFrame>([\s\S]*?)<\/p:graphicFrame>/g)) {
      const rid = /<c:chart r:id="([^"]+)"/.exec(frame[1])?.[1];
      if (!rid) continue;
      const objectName = /<p:cNvPr id="\d+" name="([^"]*)"/.exec(frame[1])?.[1] ?? '';
      const target = new RegExp(`<Relationship Id="${rid}" [^>]*Target="([^"]+)"`).exec(rels)?.[1];
      if (!target) continue;
      const part = target.startsWith('/') ? target.slice(1) : `ppt/slides/${target}`.replace(/slides\/\.\.\//, '');
      const chartXml = files.get(part);
      if (typeof chartXml !== 'string') continue;
      const plan = [...plans.entries()].find(([n]) => esc(n) === objectName)?.[1];
      if (!plan) {
        files.set(part, removeOrphanAxisIds(chartXml));
        continue;
      }
      files.set(part, finishChartXml(chartXml, plan, opts.eastAsian));
      const chartRels = files.get(part.replace(/charts\/([^/]+)$/, 'charts/_rels/$1.rels'));
      const book = typeof chartRels === 'string' ? /Target="([^"]+\.xlsx)"/.exec(chartRels)?.[1] : undefined;
      if (book) {
        const bookPart = book.startsWith('/') ? book.slice(1) : `ppt/charts/${book}`.replace(/charts\/\.\.\//, '');
        const bytes = files.get(bookPart);
        if (bytes instanceof Buffer) files.set(bookPart, await finishWorkbook(bytes, plan, opts.date));
      }
    }
  }
}

/**
 * Where a native bar chart's labels will be, estimated, with its bars and
 * lines (native-scene.ts), in points from the plot's top left: what the label
 * gate (tests) checks for the PPTX.
 */
export function nativeLabelScene(spec: ChartSpec, style: ChartStyle, box: Box): LabelScene | undefined {
  return spec.kind === 'doughnut' ? undefined : planBar(spec, style, box).scene;
}
