// What a chart calls a metric: the data's label of a series, or for a metric
// the model derives, the locale's term for it ("Gross Margin (Connectivity
// and Outsourcing)" from the cost line "Cost of Connectivity and Outsourcing";
// "売上総利益（ネットワークサービス）" from "ネットワークサービス売上原価").
import type { Locale } from '../locale/schema.js';
import { fill } from '../locale/words.js';
import type { Metric } from '../model/metrics.js';

/**
 * The segment a cost line's label names, by the locale's pattern for such a
 * label ("Cost of {segment}" in English, "{segment}売上原価" in Japanese); the
 * whole label when it does not follow the pattern.
 */
export function segmentOf(pattern: string, label: string): string {
  const at = pattern.indexOf('{segment}');
  if (at < 0) return label;
  const before = pattern.slice(0, at);
  const after = pattern.slice(at + '{segment}'.length);
  const fits = label.length > before.length + after.length && label.startsWith(before) && label.endsWith(after);
  return fits ? label.slice(before.length, label.length - after.length).trim() : label;
}

export function metricName(loc: Locale, m: Pick<Metric, 'label' | 'name'>): string {
  const t = m.name;
  if (!t) return m.label;
  const words = loc.metrics;
  switch (t.term) {
    case 'segment_revenues':
    case 'segment_gross_margin':
    case 'segment_gross_margin_ratio':
      return fill(words[t.term], { segment: segmentOf(words.segment_cost, t.of) });
    case 'ratio_of_revenues':
      return fill(words.ratio_of_revenues, { metric: t.of });
    default:
      return words[t.term];
  }
}
