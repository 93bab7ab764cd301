// Values written on bars and line points, and totals over stacked columns, in
// a chart picture: Chart.js has no data labels of its own. Label values and
// the fitted size follow charts/labels.ts, as the native charts do.
import type { Chart, Plugin, PointElement } from 'chart.js';
import { formatNumber } from './format.js';
import { fittedLabelSize, labelValue } from './labels.js';
import { BAR_PERCENTAGE, cssColor, darkEnough, drawTexts, fontString, readableOn, type Look, type TextItem } from './png-look.js';
import type { ChartSeries, ChartSpec, NumberFormat } from './spec.js';
import { drawnObstacles, recordScene } from './png-scene.js';

/**
 * Writes values on bars and points, and totals over stacked columns: Chart.js
 * has no data labels of its own and the plugin for them is one more
 * dependency for a few dozen lines.
 */
export function barLabels(spec: ChartSpec, look: Look): Plugin {
  return {
    id: 'irdeckBarLabels',
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx;
      const items: TextItem[] = [];
      const labelSize = barLabelSize(chart, spec, look, ctx);
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

/** Position of a drawn bar, in CSS pixels. */
export interface BarBox {
  x: number;
  top: number;
  bottom: number;
  width: number;
}

export function barBox(chart: Chart, i: number, j: number): BarBox | undefined {
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
export function barLabelSize(chart: Chart, spec: ChartSpec, look: Look, ctx: CanvasRenderingContext2D): number {
  ctx.font = fontString(look, look.size);
  const labels = spec.series.flatMap((s, i) => (!s.labels || s.invisible || s.type !== 'bar' ? [] : s.values.flatMap((_, j) => {
    const v = labelValue(s, j);
    const bar = barBox(chart, i, j);
    if (v === null || !bar) return [];
    return [{ width: ctx.measureText(formatNumber(v, s.format)).width, room: spec.stacked ? bar.width - 4 : bar.width / BAR_PERCENTAGE.clustered }];
  })));
  return fittedLabelSize(look.size, labels);
}

export function barValueLabels(
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
      const inside = { y: v < 0 ? bar.bottom - size * 0.25 : bar.top + size * 0.25, baseline: v < 0 ? ('bottom' as const) : ('top' as const) };
      if (bar.bottom - bar.top >= size * 1.6) out.alternates = [{ ...inside, color: readableOn(barColorAt(s, j), look.text), halo: false }];
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
export function outsideLabel(text: string, bar: BarBox, below: boolean, font: string, look: Look, size: number): TextItem {
  const gap = size * 0.25;
  return { text, x: bar.x, y: below ? bar.bottom + gap : bar.top - gap, font, color: look.text, halo: true, baseline: below ? 'top' : 'bottom', size };
}

/** Is bar j of series i the last visible one of its stack (nothing drawn beyond it)? */
export function isOutermost(spec: ChartSpec, i: number, j: number): boolean {
  const value = spec.series[i].values[j] ?? 0;
  return !spec.series.some((s, k) => {
    if (k <= i || s.type !== 'bar' || s.invisible || s.axis !== spec.series[i].axis) return false;
    const v = s.values[j];
    return v !== null && v !== undefined && v !== 0 && Math.sign(v) === Math.sign(value);
  });
}

export function barColorAt(s: ChartSeries, j: number): string {
  return cssColor(s.pointColors?.[j] || s.color);
}

export function lineLabels(chart: Chart, s: ChartSeries, i: number, look: Look, size: number): TextItem[] {
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
export function totalLabels(chart: Chart, spec: ChartSpec, format: NumberFormat, look: Look, size: number): TextItem[] {
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
