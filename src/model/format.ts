// Every number the deck shows is written by these functions, so the table, the
// chart label and the sentence cannot round the same figure differently.
// Rounding is half away from zero on the decimal value as written (13.75 ->
// 13.8), after removing binary float noise (2.675 is stored as 2.67499999...).
// Nothing here depends on the machine's locale.

import { formatNumber, roundsToZero } from '../util/number.js';

// The plain writer lives in util/ (the data rules use it too); re-exported for the deck's words below.
export { formatNumber, roundsToZero, roundTo, type NumberStyle } from '../util/number.js';

// The seed's English phrasing below is the reference tests/model.test.ts
// checks the model's figures against (the seed's own sentences); the deck
// itself is phrased by the locale engine (src/locale/numbers.ts with
// templates/locales/<lang>.yaml), and tests/locale.test.ts checks that en.yaml
// writes exactly these strings.

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
export function changeWords(to: number, from: number, unit: '%' | 'abs' = '%'): string {
  if (unit === 'abs') {
    const diff = to - from;
    if (roundsToZero(diff, 0)) return 'flat';
    return `${diff > 0 ? 'up' : 'down'} JPY${formatNumber(Math.abs(diff))} million`;
  }
  const p = pctChange(to, from);
  if (p === undefined) return 'n/a';
  if (roundsToZero(p, 1)) return 'flat';
  return `${p > 0 ? 'up' : 'down'} ${formatNumber(Math.abs(p), { decimals: 1, suffix: '%' })}`;
}
