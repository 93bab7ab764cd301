// Category axis labels that do not fit their slot are wrapped on two lines
// before any renderer rotates them: II-9's factor names ("Unprofitable
// project", "Unrealized SI profit"), turned 30 degrees by Chart.js, ran into
// each other. Both renderers take these lines: Chart.js as a label of several
// lines, the native chart as a category text with a line break.
import type { ChartSpec } from './spec.js';

/** Width of a category slot that a label may use: the rest is the gap between neighbours' labels. */
export const SLOT_SHARE = 0.9;

/**
 * Each category as the lines to write it on: itself when it fits `slot`
 * (points, or whatever unit `widthOf` measures in), else split at the space
 * that makes the longer line shortest. A label that still does not fit on two
 * lines is left for the renderer to rotate.
 */
export function categoryLines(categories: string[], slot: number, widthOf: (text: string) => number): string[][] {
  return categories.map((c) => {
    if (widthOf(c) <= slot) return [c];
    let best: string[] = [c];
    let bestW = Infinity;
    for (let i = c.indexOf(' '); i > 0; i = c.indexOf(' ', i + 1)) {
      const lines = [c.slice(0, i), c.slice(i + 1)];
      const w = Math.max(...lines.map(widthOf));
      if (w < bestW) {
        best = lines;
        bestW = w;
      }
    }
    return best;
  });
}

/** Do the wrapped labels fit their slots (so nothing needs rotating)? */
export function linesFit(lines: string[][], slot: number, widthOf: (text: string) => number): boolean {
  return lines.every((l) => l.every((t) => widthOf(t) <= slot));
}

/** The lines of each category of a bar chart whose plot is `plotW` points wide, as both renderers write them. */
export function wrappedCategories(spec: ChartSpec, plotW: number, widthOf: (text: string) => number): string[][] {
  if (spec.kind !== 'bar' || !spec.categories.length) return spec.categories.map((c) => [c]);
  return categoryLines(spec.categories, (Math.max(plotW, 20) / spec.categories.length) * SLOT_SHARE, widthOf);
}
