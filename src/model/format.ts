// Every number the deck shows is written by these functions, so the table, the
// chart label and the sentence cannot round the same figure differently.
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

/** JPY million as the seed's tables write it: 33,254 / (2,275). */
export const million = (x: number): string => formatNumber(x);
/** JPY billion with one decimal from a JPY million figure: 33254 -> "33.3". */
export const billion = (xMillion: number): string => formatNumber(xMillion / 1000, { decimals: 1 });
/** A percentage with one decimal: 10.94 -> "10.9%"; negatives in parentheses. */
export const percent = (p: number): string => formatNumber(p, { decimals: 1, suffix: '%' });

/** Percentage change from `from` to `to` (100 * (to/from - 1)); undefined when from is 0 or missing. */
export function pctChange(to: number, from: number): number | undefined {
  if (!Number.isFinite(to) || !Number.isFinite(from) || from === 0) return undefined;
  return (100 * (to - from)) / Math.abs(from);
}

/** "up 10.9%", "down 44.6%", "flat" — the words of the seed's sentences. */
export function changeWords(to: number, from: number, unit: '%' | 'abs' | 'bn' | 'count' = '%'): string {
  if (unit !== '%') {
    // the difference in the sentence's own unit: JPY million, JPY billion (from million) or a count
    const diff = to - from;
    const [x, d] = unit === 'bn' ? [diff / 1000, 1] : [diff, 0];
    if (roundsToZero(x, d)) return 'flat';
    const n = formatNumber(Math.abs(x), { decimals: d });
    return `${diff > 0 ? 'up' : 'down'} ${unit === 'abs' ? `JPY${n} million` : unit === 'bn' ? `JPY${n} billion` : n}`;
  }
  const p = pctChange(to, from);
  if (p === undefined) return 'n/a';
  if (roundsToZero(p, 1)) return 'flat';
  return `${p > 0 ? 'up' : 'down'} ${formatNumber(Math.abs(p), { decimals: 1, suffix: '%' })}`;
}
