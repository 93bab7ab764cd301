// What period a deck is about, worked out from the data rather than typed in
// templates: "1H08" versus "9M08", which quarters make the period, which make
// the same period a year before. Knows nothing of slides. Its names are the
// data file's own notation (quarters "2Q08", reported periods "FY07") and the
// CLI's; the deck shows the locale's names for them (src/locale/period.ts).
import type { Data } from '../data/schema.js';
import { KIND_PREFIX, KIND_QUARTERS, parseQuarter, periodEndDate, previousQuarter, quarterLabel, twoDigits as two, type QuarterRef } from '../util/periods.js';

export type PeriodKind = Data['period']['kind'];
export type { QuarterRef };

export interface PeriodInfo {
  kind: PeriodKind;
  fiscalYear: number;
  /** "1H08", "1Q08", "9M08", "FY08" */
  label: string;
  /** the same period a year before: "1H07" */
  priorLabel: string;
  /** "1H FY2008" */
  title: string;
  /** "08/4~08/9" as the seed's table headers show it */
  months: string;
  priorMonths: string;
  /** "08/7~08/9": the latest quarter's months, and the same quarter's a year before */
  quarterMonths: string;
  yearAgoQuarterMonths: string;
  /** "FY2008", "FY08", "FY07" */
  fyLong: string;
  fyShort: string;
  priorFyShort: string;
  /** the latest quarter and its neighbours */
  quarter: QuarterRef;
  prevQuarter: QuarterRef;
  yearAgoQuarter: QuarterRef;
  /** the same quarter two years before (the seed compares order backlog with it) */
  twoYearsAgoQuarter: QuarterRef;
  /** indices into data.quarters of the period's quarters and of the same quarters a year before */
  quarterIndices: number[];
  priorQuarterIndices: number[];
  /** index of quarter, prevQuarter, yearAgoQuarter in data.quarters */
  qi: number;
  prevQi: number;
  yearAgoQi: number;
  /** -1 when the data's history does not reach back that far */
  twoYearsAgoQi: number;
  /** the end of the period, ISO date */
  endDate: string;
}

/** "08/4~08/9": calendar year and month of the first and last of nMonths, `skip` months into the fiscal year. */
function monthSpan(fiscalYear: number, firstMonth: number, nMonths: number, skip = 0): string {
  // FY2008 starting in April begins in calendar 2008; a fiscal year starting in January is its own year.
  const startIdx = firstMonth - 1 + skip;
  const start = { y: fiscalYear + Math.floor(startIdx / 12), m: (startIdx % 12) + 1 };
  const endIdx = startIdx + nMonths - 1;
  const end = { y: fiscalYear + Math.floor(endIdx / 12), m: (endIdx % 12) + 1 };
  return `${two(start.y)}/${start.m}~${two(end.y)}/${end.m}`;
}

/**
 * The period described by the data. The caller has checked (rules) that the
 * last quarter matches period.kind and fiscal_year; here it is only read.
 */
export function periodInfo(data: Data): PeriodInfo {
  const { kind, fiscal_year: fiscalYear, first_month: firstMonth } = data.period;
  const quarters = data.quarters;
  const qi = quarters.length - 1;
  const quarter = parseQuarter(quarters[qi]);
  const prev = previousQuarter(quarter);
  const yearAgo: QuarterRef = { label: quarterLabel(quarter.q, quarter.fy - 1), q: quarter.q, fy: quarter.fy - 1 };
  const twoYearsAgo: QuarterRef = { label: quarterLabel(quarter.q, quarter.fy - 2), q: quarter.q, fy: quarter.fy - 2 };
  const n = KIND_QUARTERS[kind];
  const fy = fiscalYear % 100;
  const quarterIndices: number[] = [];
  const priorQuarterIndices: number[] = [];
  for (let q = 1; q <= n; q++) {
    quarterIndices.push(quarters.indexOf(quarterLabel(q, fy)));
    priorQuarterIndices.push(quarters.indexOf(quarterLabel(q, fy - 1)));
  }
  const prefix = KIND_PREFIX[kind];
  const kindTitle = kind === 'full_year' ? 'FY' : kind === 'half' ? '1H' : kind === 'nine_months' ? '9M' : '1Q';
  return {
    kind,
    fiscalYear,
    label: `${prefix}${two(fy)}`,
    priorLabel: `${prefix}${two(fy - 1)}`,
    title: kind === 'full_year' ? `Full Year FY${fiscalYear}` : `${kindTitle} FY${fiscalYear}`,
    months: monthSpan(fiscalYear, firstMonth, n * 3),
    priorMonths: monthSpan(fiscalYear - 1, firstMonth, n * 3),
    quarterMonths: monthSpan(fiscalYear, firstMonth, 3, (quarter.q - 1) * 3),
    yearAgoQuarterMonths: monthSpan(fiscalYear - 1, firstMonth, 3, (quarter.q - 1) * 3),
    fyLong: `FY${fiscalYear}`,
    fyShort: `FY${two(fy)}`,
    priorFyShort: `FY${two(fy - 1)}`,
    quarter,
    prevQuarter: prev,
    yearAgoQuarter: yearAgo,
    twoYearsAgoQuarter: twoYearsAgo,
    quarterIndices,
    priorQuarterIndices,
    qi,
    prevQi: quarters.indexOf(prev.label),
    yearAgoQi: quarters.indexOf(yearAgo.label),
    twoYearsAgoQi: quarters.indexOf(twoYearsAgo.label),
    endDate: periodEndDate(fiscalYear, firstMonth, n * 3),
  };
}
