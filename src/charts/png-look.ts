// What every part of a chart picture shares: its look (family, sizes,
// colours in CSS form) and the text items drawn over the canvas, placed so
// that they do not overlap.
import type { ChartConfiguration, LegendItem } from 'chart.js';
import type { ChartSpec } from './spec.js';
import { hexDigits, isDark, mixWithWhite as mixToWhite } from '../util/colour.js';
import { firstClear, type LabelScene, type Rect, type SceneLabel } from './label-gate.js';

export const WHITE = '#FFFFFF';

/** Text sizes and colours of one chart, in CSS pixels and CSS colours. */
export interface Look {
  family: string;
  /** base text size, px */
  size: number;
  text: string;
  grid: string;
}

export interface TextItem {
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

export function fontString(look: Look, size: number, bold = false): string {
  return `${bold ? 'bold ' : ''}${size}px ${look.family}`;
}

/**
 * Draws labels in order; a label with alternates moves to the first of them
 * that runs into no label drawn before it, no bar's edge and no line of
 * `scene` (label-gate.ts); when none is clear it stays where it was meant to
 * be, and the gate reports it. Returns where each label went.
 */
export function drawTexts(ctx: CanvasRenderingContext2D, items: TextItem[], scene: LabelScene = { bars: [], lines: [], labels: [] }): SceneLabel[] {
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

/** "1F4E79" or "#1F4E79" -> "#1F4E79"; anything else is a spec error worth failing on. */
export function cssColor(hex: string): string {
  return `#${hexDigits(hex)}`;
}

/** White text on dark fills, the text colour on light ones. */
export function readableOn(fill: string, text: string): string {
  return isDark(fill) ? WHITE : text;
}

/** Is a colour dark enough to be read as text on white (contrast about 3:1)? */
export const darkEnough = isDark;

export function mixWithWhite(css: string, t: number): string {
  return `#${mixToWhite(css, t)}`;
}

// ---------------------------------------------------------------- furniture every chart kind has

export type AnyConfig = ChartConfiguration<'bar' | 'line' | 'doughnut'>;

export const LINE_WIDTH = 2.25;

export const BAR_PERCENTAGE = { stacked: 0.9, clustered: 0.92 };

export const CATEGORY_PERCENTAGE = { stacked: 0.75, clustered: 0.8 };

export function commonPlugins(spec: ChartSpec, look: Look) {
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

export function legend(spec: ChartSpec, look: Look) {
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

export function seriesLegend(spec: ChartSpec, look: Look): LegendItem[] {
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
