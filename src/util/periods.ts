// Quarter and period arithmetic, shared by the data rules, the model and
// new-period: which quarter follows which, how a period is labelled, when it
// ends. Numbers and labels only; the words of a period ("Nine Months") are the
// model's.

export const PERIOD_KINDS = ['first_quarter', 'half', 'nine_months', 'full_year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface QuarterRef {
  /** "2Q08" */
  label: string;
  /** 1..4 within the fiscal year */
  q: number;
  /** two-digit fiscal year, e.g. 8 for FY2008 */
  fy: number;
}

/** How many quarters a period of each kind holds. */
export const KIND_QUARTERS: Record<PeriodKind, number> = { first_quarter: 1, half: 2, nine_months: 3, full_year: 4 };
export const KIND_PREFIX: Record<PeriodKind, string> = { first_quarter: '1Q', half: '1H', nine_months: '9M', full_year: 'FY' };

/** The kind of the cumulative period that ends with quarter q (1..4). */
export function kindEndingAt(q: number): PeriodKind | undefined {
  return PERIOD_KINDS[q - 1];
}

/** 2008 -> "08", 8 -> "08", -1 -> "99". */
export function twoDigits(n: number): string {
  return String(((n % 100) + 100) % 100).padStart(2, '0');
}

export function parseQuarter(label: string): QuarterRef {
  return { label, q: Number(label[0]), fy: Number(label.slice(2)) };
}

export function quarterLabel(q: number, fy: number): string {
  return `${q}Q${twoDigits(fy)}`;
}

/** The quarter before (q, fy). */
export function previousQuarter(ref: QuarterRef): QuarterRef {
  const q = ref.q === 1 ? 4 : ref.q - 1;
  const fy = ref.q === 1 ? ref.fy - 1 : ref.fy;
  return { label: quarterLabel(q, fy), q, fy };
}

export function nextQuarter(ref: QuarterRef): QuarterRef {
  const q = ref.q === 4 ? 1 : ref.q + 1;
  const fy = ref.q === 4 ? ref.fy + 1 : ref.fy;
  return { label: quarterLabel(q, fy), q, fy };
}

/** The last day of a period of nMonths starting in firstMonth of fiscalYear, ISO date. */
export function periodEndDate(fiscalYear: number, firstMonth: number, nMonths: number): string {
  const endIdx = firstMonth - 1 + nMonths; // month after the period, 0-based from January of fiscalYear
  return new Date(Date.UTC(fiscalYear + Math.floor(endIdx / 12), endIdx % 12, 0)).toISOString().slice(0, 10);
}
