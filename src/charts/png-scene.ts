// What a Chart.js chart drew, as the label gate sees it (charts/label-gate.ts):
// each visible bar segment, each line as the polyline through its points, and
// the category labels under the plot. The PNG's label placer avoids these;
// the tests read the scene back, with the labels as placed, and run the gate.
import type { Chart } from 'chart.js';
import type { LabelScene, Point, Rect, SceneLabel } from './label-gate.js';
import type { ChartSpec } from './spec.js';

/** The bars and lines of a laid-out chart, in CSS pixels (no labels yet). */
export function drawnObstacles(chart: Chart, spec: ChartSpec): LabelScene {
  const bars: Rect[] = [];
  const lines: Point[][] = [];
  spec.series.forEach((s, i) => {
    const meta = chart.getDatasetMeta(i);
    if (s.type === 'line') {
      let run: Point[] = [];
      meta.data.forEach((p, j) => {
        const v = s.values[j];
        if (v === null || v === undefined) {
          if (run.length > 1) lines.push(run);
          run = [];
          return;
        }
        const { x, y } = p as unknown as Point;
        run.push({ x, y });
      });
      if (run.length > 1) lines.push(run);
      return;
    }
    if (s.invisible) return;
    meta.data.forEach((b, j) => {
      if (s.values[j] === null || s.values[j] === undefined) return;
      const { x, y, base, width } = b as unknown as { x: number; y: number; base: number; width: number };
      const top = Math.min(y, base);
      const h = Math.abs(base - y);
      if (h > 0.5) bars.push({ x: x - width / 2, y: top, w: width, h });
    });
  });
  return { bars, lines, labels: [] };
}

/**
 * The category labels under the plot as Chart.js drew them: one box per
 * category, its lines stacked, centred on its tick. A rotated axis is
 * reported by its rotation instead (the gate wants none: labels wrap first).
 */
export function categoryLabels(chart: Chart, labels: (string | string[])[], measure: (t: string) => number, lineHeight: number): { labels: SceneLabel[]; rotation: number } {
  const x = chart.scales.x;
  if (!x || x.options.display === false) return { labels: [], rotation: 0 };
  const rotation = (x as unknown as { labelRotation?: number }).labelRotation ?? 0;
  const top = chart.chartArea.bottom + 2;
  const out = labels.map((l, j) => {
    const lines = Array.isArray(l) ? l : [l];
    const w = Math.max(...lines.map(measure));
    const cx = x.getPixelForTick(j);
    return { text: lines.join(' '), rect: { x: cx - w / 2, y: top, w, h: lines.length * lineHeight } };
  });
  return { labels: out, rotation };
}

const scenes = new WeakMap<Chart, LabelScene & { rotation: number }>();

/** Keeps what a chart drew and where its labels went, for labelScenePng. */
export function recordScene(chart: Chart, scene: LabelScene & { rotation: number }): void {
  scenes.set(chart, scene);
}

export function recordedScene(chart: Chart): (LabelScene & { rotation: number }) | undefined {
  return scenes.get(chart);
}
