// What a chart calls a metric: the data's label of a series, or for a metric
// the model derives, the locale's term for it ("Gross Margin (Connectivity
// and Outsourcing)" from the cost line "Cost of Connectivity and Outsourcing").
import type { Locale } from '../locale/schema.js';
import { fill } from '../locale/words.js';
import type { Metric } from '../model/metrics.js';

export function metricName(loc: Locale, m: Pick<Metric, 'label' | 'name'>): string {
  const t = m.name;
  if (!t) return m.label;
  const words = loc.metrics;
  switch (t.term) {
    case 'segment_revenues':
    case 'segment_gross_margin':
    case 'segment_gross_margin_ratio': {
      const prefix = words.segment_prefix;
      return fill(words[t.term], { segment: prefix && t.of.startsWith(prefix) ? t.of.slice(prefix.length) : t.of });
    }
    case 'ratio_of_revenues':
      return fill(words.ratio_of_revenues, { metric: t.of });
    default:
      return words[t.term];
  }
}
