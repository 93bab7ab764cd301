// The plain number writer: digits, grouping, decimals and sign, no words. Every
// number the deck shows is written by it, so the table, the chart label and
// the sentence cannot round the same figure differently.
// Rounding is half away from zero on the decimal value as written (13.75 ->
// 13.8), after removing binary float noise (2.675 is stored as 2.67499999...).
// Nothing here depends on the machine's locale.

/** |x| rounded to d decimals, as a string of digits with a decimal point. */
function fixedAbs(x: number, d: number): string {
  const scaled = Number((Math.abs(x) * 10 ** d).toPrecision(12));
  const r = Math.round(scaled);
  const s = String(r).padStart(d + 1, '0');
  return d === 0 ? s : `${s.slice(0, -d)}.${s.slice(-d)}`;
}

function group(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Is x zero once rounded to d decimals? (then it has no sign) */
export function roundsToZero(x: number, d: number): boolean {
  return /^[0.]+$/.test(fixedAbs(x, d));
}

/** x rounded to d decimals, as a number (for comparisons with what is shown). */
export function roundTo(x: number, d: number): number {
  const v = Number(fixedAbs(x, d));
  return x < 0 && v !== 0 ? -v : v;
}

export interface NumberStyle {
  decimals?: number;
  /** thousands separators (default true) */
  thousands?: boolean;
  /** (1,234) for negatives (default true), else -1,234 */
  parens?: boolean;
  prefix?: string;
  suffix?: string;
}

/** The one number writer: 1234.5 -> "1,235"; -2274.8 -> "(2,275)"; 10.94, {decimals:1,suffix:'%'} -> "10.9%". */
export function formatNumber(x: number, style: NumberStyle = {}): string {
  const d = style.decimals ?? 0;
  const abs = fixedAbs(x, d);
  const [i, f] = abs.split('.');
  const body = `${style.prefix ?? ''}${style.thousands === false ? i : group(i)}${f !== undefined ? `.${f}` : ''}${style.suffix ?? ''}`;
  const negative = x < 0 && !roundsToZero(x, d);
  if (!negative) return body;
  return style.parens === false ? `-${body}` : `(${body})`;
}
