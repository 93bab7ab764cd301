// The period's names as a locale writes them: "1H08" / "9M FY2008" / "2Q08" /
// "08/4~08/9" in English, "2009年3月期 第2四半期（累計）" in Japanese. The model's
// PeriodInfo says which quarters and years the period is (and names them in
// the data file's own notation, which the data file and the CLI use); these
// are the words the deck shows.
import type { PeriodInfo, QuarterRef } from '../model/period.js';
import type { Locale } from './schema.js';
import { fill } from './words.js';

const two = (n: number) => String(((n % 100) + 100) % 100).padStart(2, '0');

/** A fiscal year's parts: as the data names it (FY2008) and by when it closes (2009年3月). */
function fyParts(fiscalYear: number, firstMonth: number): Record<string, string | number> {
  const closeYear = firstMonth === 1 ? fiscalYear : fiscalYear + 1;
  const closeMonth = firstMonth === 1 ? 12 : firstMonth - 1;
  return { yyyy: fiscalYear, yy: two(fiscalYear), close_yyyy: closeYear, close_yy: two(closeYear), close_m: closeMonth };
}

/** The four-digit year of a quarter label's two-digit year, the nearest to the period's fiscal year. */
function fullYear(fy2: number, near: number): number {
  return near + ((((fy2 - (near % 100) + 150) % 100) + 100) % 100) - 50;
}

/** A quarter's name: "2Q08". */
export function quarterName(loc: Locale, ref: Pick<QuarterRef, 'q' | 'fy'>, fiscalYear: number, firstMonth: number): string {
  return fill(loc.periods.quarter, { q: ref.q, ...fyParts(fullYear(ref.fy, fiscalYear), firstMonth) });
}

/** A quarter the data names as "FY08 2Q" in the locale's fy_quarter words ("FY08 2Q", "09/3期 2Q"), or undefined for another text. */
export function fyQuarterName(loc: Locale, text: string, fiscalYear: number, firstMonth: number): string | undefined {
  const m = /^FY(\d{2}) ([1-4])Q$/.exec(text);
  if (!m) return undefined;
  return fill(loc.periods.fy_quarter, { q: Number(m[2]), ...fyParts(fullYear(Number(m[1]), fiscalYear), firstMonth) });
}

const KINDS = { '1Q': 'first_quarter', '1H': 'half', '9M': 'nine_months', FY: 'full_year' } as const;

/** A period the data names as "1H08" (the CAPEX breakdown's) in the locale's label words ("1H08", "09/3期 上期"), or the text as it is. */
export function periodLabelName(loc: Locale, text: string, fiscalYear: number, firstMonth: number): string {
  const m = /^(1Q|1H|9M|FY)(\d{2})$/.exec(text);
  if (!m) return text;
  return fill(loc.periods.label[KINDS[m[1] as keyof typeof KINDS]], fyParts(fullYear(Number(m[2]), fiscalYear), firstMonth));
}

/** "08/4~08/9": the first and last calendar months of nMonths, `skip` months into the fiscal year. */
function monthSpan(loc: Locale, fiscalYear: number, firstMonth: number, nMonths: number, skip = 0): string {
  const startIdx = firstMonth - 1 + skip;
  const startY = fiscalYear + Math.floor(startIdx / 12);
  const endIdx = startIdx + nMonths - 1;
  const endY = fiscalYear + Math.floor(endIdx / 12);
  const start = { start_yyyy: startY, start_yy: two(startY), start_m: (startIdx % 12) + 1 };
  return fill(loc.periods.months, { ...start, end_yyyy: endY, end_yy: two(endY), end_m: (endIdx % 12) + 1 });
}

export type PeriodView = PeriodInfo & { kindName: string };

/** The period as templates read it ({{period.label}}, {{period.quarter.label}}...), in the locale's words. */
export function periodView(loc: Locale, p: PeriodInfo, firstMonth: number): PeriodView {
  const y = p.fiscalYear;
  const fy = fyParts(y, firstMonth);
  const prior = fyParts(y - 1, firstMonth);
  const q = (ref: QuarterRef): QuarterRef => ({ ...ref, label: quarterName(loc, ref, y, firstMonth) });
  const n = p.quarterIndices.length * 3;
  return {
    ...p,
    label: fill(loc.periods.label[p.kind], fy),
    priorLabel: fill(loc.periods.label[p.kind], prior),
    title: fill(loc.periods.title[p.kind], fy),
    kindName: fill(loc.periods.kind_name[p.kind], fy),
    months: monthSpan(loc, y, firstMonth, n),
    priorMonths: monthSpan(loc, y - 1, firstMonth, n),
    // III-1's columns: "2Q08 (08/7~08/9)" as the seed heads them
    quarterMonths: monthSpan(loc, y, firstMonth, 3, (p.quarter.q - 1) * 3),
    yearAgoQuarterMonths: monthSpan(loc, y - 1, firstMonth, 3, (p.quarter.q - 1) * 3),
    fyLong: fill(loc.periods.fy_long, fy),
    fyShort: fill(loc.periods.fy_short, fy),
    priorFyShort: fill(loc.periods.fy_short, prior),
    quarter: q(p.quarter),
    prevQuarter: q(p.prevQuarter),
    yearAgoQuarter: q(p.yearAgoQuarter),
    twoYearsAgoQuarter: q(p.twoYearsAgoQuarter),
  };
}
