// Writes chart numbers (data labels, axis ticks, bridge and doughnut labels)
// from a chart's NumberFormat. The digits come from the deck's one number
// writer (util/number), so a value on a chart is rounded exactly as the same
// value in a table or a sentence: half away from zero after removing binary
// noise (2.25 -> "2.3"), grouping done by hand (no locale), and a value that
// rounds to zero is written without a sign ("0", never "(0)" or "-0").
import type { NumberFormat } from './spec.js';
import { formatNumber as writeNumber, roundsToZero } from '../util/number.js';

/** 1234.5 -> "1,235"; -2275 -> "(2,275)"; 10.94 {decimals:1, suffix:'%'} -> "10.9%". */
export function formatNumber(value: number, f: NumberFormat): string {
  if (!Number.isFinite(value)) return '';
  if (f.negative && value < 0 && !roundsToZero(value, f.decimals)) return `${f.negative.before}${formatNumber(-value, { ...f, negative: undefined })}${f.negative.after}`;
  return writeNumber(value, {
    decimals: f.decimals,
    thousands: f.thousands,
    parens: f.parensForNegative,
    prefix: f.prefix,
    suffix: f.suffix,
  });
}
