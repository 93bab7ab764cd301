// Handlebars over the model: the helpers that phrase figures ("up 10.9%",
// "JPY33,254 million", "(0.2%)" in English), in the words and number formats
// of the deck's locale (templates/locales/<lang>.yaml). Sentences here produce PLAIN TEXT, never
// markup: escaping is the renderers' job (HTML escapes, PPTX XML-escapes), so
// compose runs with noEscape and a text stays exactly what was written.
// Every figure a helper writes is recorded with the text it became, for the
// tie-out report: a number on a slide always has a data path.
import type Handlebars from 'handlebars';
import { handlebarsRuntime } from './handlebars.js';
import { installBounds } from './template-bounds.js';
import { isFig, type Fig } from '../model/fig.js';
import { pctChange } from '../model/format.js';
import { amount, changeWords, percentChange, styled, writeDate } from '../locale/numbers.js';
import type { Locale } from '../locale/schema.js';
import { fill } from '../locale/words.js';
import { fyQuarterName } from '../locale/period.js';

export interface Shown {
  /** the text as it appears on the slide */
  text: string;
  figs: Fig[];
}

/** Collects what helpers write while one text is rendered. */
export class Recorder {
  shown: Shown[] = [];
  record(text: string, ...figs: Fig[]): string {
    this.shown.push({ text, figs });
    return text;
  }
}

type Num = Fig | number;

/** Larger than any figure in JPY million; beyond it a number prints in exponent notation. */
const MAX_FIGURE = 1e15;

/** A helper's argument: a figure of the model, never a number typed in the template (it would have no data path). */
function val(x: unknown, helper: string): number {
  if (isFig(x)) {
    if (!Number.isFinite(x.value) || Math.abs(x.value) >= MAX_FIGURE) throw new Error(`helper "${helper}": ${x.path} is ${x.value}, not a figure a slide can show`);
    return x.value;
  }
  if (typeof x === 'number') {
    throw new Error(`helper "${helper}" needs a figure of the model, got the number ${x} typed in the template (a typed number has no data path; name the figure, e.g. facts.x)`);
  }
  throw new Error(`helper "${helper}" needs a figure, got ${x === undefined ? 'nothing (a missing field?)' : JSON.stringify(x)}`);
}

/** A helper's text holds no NaN, Infinity or exponent (a zero denominator, an overflow). */
function finite(text: string, helper: string): string {
  if (/NaN|Infinit|\de[+-]\d/.test(text)) throw new Error(`helper "${helper}" has no finite result (a zero denominator?)`);
  return text;
}

const figsOf = (...xs: unknown[]) => xs.filter(isFig);

export const HELPER_NAMES = [
  'jpy', 'mil', 'bn', 'jpybn', 'yen', 'pct', 'share', 'chg', 'change', 'diff', 'delta', 'pts', 'int', 'num', 'date', 'bndelta', 'abs', 'pctdelta', 'longdate', 'cash',
  'bndiff', 'more', 'updown', 'quarter',
] as const;

/** The fiscal year a deck is about, which a quarter named by its two-digit year ("FY08 2Q") is read near. */
export interface FiscalYear { fiscalYear: number; firstMonth: number }

/** A Handlebars environment with irdeck's helpers in the words of `loc`, recording into `rec`. */
export function createHandlebars(rec: () => Recorder, loc: Locale, fy: FiscalYear): typeof Handlebars {
  const hb = handlebarsRuntime().create();
  installBounds(hb);
  const h = (name: string, fn: (...args: unknown[]) => string) => {
    hb.registerHelper(name, (...args: unknown[]) => {
      const real = args.slice(0, -1); // the last argument is Handlebars' options object
      return finite(fn(...real), name);
    });
  };
  const out = (text: string, ...xs: unknown[]) => rec().record(text, ...figsOf(...xs));

  // cash flows: JPY1,987 million provided / JPY1,210 million used
  h('cash', (a) => {
    const v = val(a, 'cash');
    return out(fill(v < 0 ? loc.cash.used : loc.cash.provided, { amount: amount(loc, Math.abs(v), 'million') }), a);
  });
  // JPY33,254 million
  h('jpy', (a) => out(amount(loc, val(a, 'jpy'), 'million'), a));
  // 33,254 ; (2,275)
  h('mil', (a) => out(styled(loc, val(a, 'mil'), 'million'), a));
  h('num', (a) => out(styled(loc, val(a, 'num'), 'million'), a));
  h('int', (a) => out(styled(loc, val(a, 'int'), 'count'), a));
  // 33.3 (JPY billion from JPY million)
  h('bn', (a) => out(styled(loc, val(a, 'bn'), 'billion'), a));
  h('jpybn', (a) => out(amount(loc, Math.abs(val(a, 'jpybn')), 'billion'), a));
  // JPY13,561 (per-share)
  h('yen', (a) => out(amount(loc, val(a, 'yen'), 'yen'), a));
  // a figure that is a percentage: 15.1%
  h('pct', (a) => out(styled(loc, val(a, 'pct'), 'percent'), a));
  // a as % of b: 81.4%
  h('share', (a, b) => out(styled(loc, (100 * val(a, 'share')) / val(b, 'share'), 'percent'), a, b));
  // table YoY: 10.9% / (44.6%)
  h('chg', (a, b) => out(percentChange(loc, val(a, 'chg'), val(b, 'chg')), a, b));
  // sentence: up 10.9% / down 44.6%
  h('change', (a, b) => out(changeWords(loc, val(a, 'change'), val(b, 'change')), a, b));
  // sentence: up JPY218 million
  h('diff', (a, b) => out(changeWords(loc, val(a, 'diff'), val(b, 'diff'), 'amount'), a, b));
  // sentence in billions: down JPY1.3 billion (units agree within a sentence)
  h('bndiff', (a, b) => out(changeWords(loc, val(a, 'bndiff'), val(b, 'bndiff'), 'billion'), a, b));
  // sentence, a count: up 46
  h('more', (a, b) => out(changeWords(loc, val(a, 'more'), val(b, 'more'), 'count'), a, b));
  // sentence, a figure that is itself a change (a count): up 15
  h('updown', (a) => out(changeWords(loc, val(a, 'updown'), 0, 'count'), a));
  // table: a - b in JPY million, (2,275)
  h('delta', (a, b) => out(styled(loc, val(a, 'delta') - val(b, 'delta'), 'million'), a, b));
  // table: a - b in JPY billion, (1.0)
  h('bndelta', (a, b) => out(styled(loc, val(a, 'bndelta') - val(b, 'bndelta'), 'billion'), a, b));
  // a figure without its sign: "down JPY1.3 billion" is written as down + abs
  h('abs', (a) => out(styled(loc, Math.abs(val(a, 'abs')), 'million'), a));
  // percentage points between two ratios: up 1.7 points
  h('pts', (a, b) => out(changeWords(loc, val(a, 'pts'), val(b, 'pts'), 'points'), a, b));
  // change of a per-share figure in yen: (JPY11,539)
  h('pctdelta', (a, b) => out(styled(loc, pctChange(val(a, 'pctdelta'), val(b, 'pctdelta')) ?? NaN, 'percent'), a, b));
  // One date style for the whole deck, the locale's dates.deck (a cover's "2008.10.24" beside a
  // sentence's "2008-11-14" read as two authors); `longdate` is the same helper under its older
  // name. A date the data leaves empty (null) is empty.
  const date = (name: string) => (d: unknown) => {
    if (d === null) return '';
    const s = typeof d === 'string' ? writeDate(loc, d, loc.dates.deck) : undefined;
    if (s === undefined) throw new Error(`helper "${name}" needs a YYYY-MM-DD date, got ${JSON.stringify(d)}`);
    return s;
  };
  h('date', date('date'));
  // a quarter the data names by its fiscal year, "FY08 2Q", in the locale's words (09/3期 2Q)
  h('quarter', (t) => {
    const s = typeof t === 'string' ? fyQuarterName(loc, t, fy.fiscalYear, fy.firstMonth) : undefined;
    if (s === undefined) throw new Error(`helper "quarter" needs a quarter such as FY08 2Q, got ${JSON.stringify(t)}`);
    return s;
  });
  h('longdate', date('longdate'));
  return hb;
}

export type { Num };
