// The label plan both chart renderers follow (native PPTX charts and the PNG
// pictures), so a label says the same and has the same size in the PPTX, the
// HTML and the PDF: which value a point's label writes, and how far a chart's
// one label size shrinks so that the widest bar label fits.
import type { ChartSeries } from './spec.js';

/** The value written for point j of a series (labelValues override the drawn value); null: no label. */
export function labelValue(s: ChartSeries, j: number): number | null {
  const v = s.labelValues ? s.labelValues[j] : s.values[j];
  return v === undefined || v === null || !Number.isFinite(v) ? null : v;
}

/** Share of the chart's font size a label may shrink to before it is left to overflow. */
export const MIN_LABEL_SHARE = 0.7;

/**
 * One label size for a chart: `base`, shrunk until every label's `width` fits
 * its `room` (the renderer measures both, in one unit), to 70% of base at most.
 */
export function fittedLabelSize(base: number, labels: Iterable<{ width: number; room: number }>): number {
  let size = base;
  for (const { width, room } of labels) if (width > room) size = Math.min(size, (base * room) / width);
  return Math.max(size, base * MIN_LABEL_SHARE);
}
