// The formatting engine: numbers, amounts, changes and dates as a locale
// writes them. It knows no language; the words, separators, the negative
// style ("(2,152)", "△2,152") and the scale of a unit (billion, 億) are the
// locale's data. The digits and their rounding come from the deck's one
// number writer (model/format.ts), so a figure is rounded the same way in
// every language, table, chart and sentence.
import type { NumberFormat } from '../charts/spec.js';
import { pctChange } from '../model/format.js';
import { formatNumber, roundsToZero } from '../util/number.js';
import type { Locale, LocaleStyle } from './schema.js';
import { fill } from './words.js';

export type StyleName = keyof Locale['styles'];
export type ChangeKind = keyof Locale['changes'];

/** x (in the style's unit before scaling, e.g. JPY million) as the style writes it: "33,254", "(0.2%)", "△2,152". */
export function writeNumber(loc: Locale, x: number, style: LocaleStyle): string {
  const v = x / (style.scale ?? 1);
  const d = style.decimals;
  const digits = formatNumber(Math.abs(v), { decimals: d, thousands: style.thousands }).replace(/[,.]/g, (c) => (c === ',' ? loc.numbers.group : loc.numbers.decimal));
  const body = `${style.prefix ?? ''}${digits}${style.suffix ?? ''}`;
  return v < 0 && !roundsToZero(v, d) ? fill(loc.numbers.negative, { n: body }) : body;
}

/** x in a named style of the locale. */
export const styled = (loc: Locale, x: number, name: StyleName): string => writeNumber(loc, x, loc.styles[name]);

type AmountUnit = keyof Locale['amounts'];

/** How a sentence writes the number of an amount: the locale's amount_styles, else the style of the same name. */
const amountStyle = (loc: Locale, unit: AmountUnit): LocaleStyle => loc.amount_styles?.[unit] ?? loc.styles[unit];

/** An amount in a sentence: "JPY33,254 million", "JPY33.3 billion", "JPY13,561", "332億円". */
export function amount(loc: Locale, x: number, unit: AmountUnit): string {
  return fill(loc.amounts[unit], { n: writeNumber(loc, x, amountStyle(loc, unit)) });
}

/** The change from `from` to `to` as a sentence says it: "up 10.9%", "down JPY1,210 million", "up 1.7 points", "flat". */
export function changeWords(loc: Locale, to: number, from: number, kind: ChangeKind = 'percent'): string {
  const words = loc.changes[kind];
  if (kind === 'percent') {
    const p = pctChange(to, from);
    if (p === undefined) return loc.not_available;
    return sized(words, p, loc.styles.percent, (n) => styled(loc, n, 'percent'));
  }
  // the difference in the sentence's own unit: JPY million, JPY billion (from million), a count, ratio points
  if (kind === 'amount' || kind === 'billion') {
    const unit = kind === 'amount' ? 'million' : 'billion';
    return sized(words, to - from, amountStyle(loc, unit), (n) => amount(loc, n, unit));
  }
  return sized(words, to - from, loc.styles[kind], (n) => styled(loc, n, kind));
}

function sized(words: Locale['changes'][ChangeKind], size: number, st: LocaleStyle, text: (n: number) => string): string {
  if (roundsToZero(size / (st.scale ?? 1), st.decimals)) return words.flat;
  return fill(size > 0 ? words.up : words.down, { n: text(Math.abs(size)) });
}

/** A percentage change written in the percent style ("10.9%", "(44.6%)"), or the locale's n/a. */
export function percentChange(loc: Locale, to: number, from: number): string {
  const p = pctChange(to, from);
  return p === undefined ? loc.not_available : styled(loc, p, 'percent');
}

/**
 * How a chart writes numbers of a locale style (the renderers read
 * NumberFormat only). Charts write "," and "." (an Excel format code cannot
 * name other separators; PowerPoint shows the viewer's own).
 */
export function chartFormat(loc: Locale, style: LocaleStyle): NumberFormat {
  const negative = loc.numbers.negative;
  const f: NumberFormat = { decimals: style.decimals, thousands: style.thousands ?? true, parensForNegative: negative === '({n})' };
  if (negative !== '({n})' && negative !== '-{n}') {
    const [before, after] = negative.split('{n}');
    f.negative = { before, after };
  }
  if (style.suffix !== undefined) f.suffix = style.suffix;
  if (style.prefix !== undefined) f.prefix = style.prefix;
  return f;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An ISO date (YYYY-MM-DD) in the locale's short or long form: 2008.11.13, September 30, 2008, 2008年11月13日. */
export function writeDate(loc: Locale, iso: string, form: 'short' | 'long'): string | undefined {
  const m = ISO.exec(iso);
  if (!m) return undefined;
  const [, yyyy, mm, dd] = m;
  return fill(loc.dates[form], { yyyy, mm, dd, m: Number(mm), d: Number(dd), month: loc.dates.months[Number(mm) - 1] });
}
