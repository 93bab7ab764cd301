// The data file's format. This schema is the single source of the data types:
// everything downstream uses z.infer of it, so the file format and the code
// cannot drift apart. Objects are strict: an unknown key is a typo until
// proven otherwise, and the IR person hears about it.
import { z } from 'zod';
import { PERIOD_KINDS } from '../util/periods.js';

// one parse per run: compiling a fast path for each schema costs more than it saves
z.config({ jitless: true });

/** A finite number; NaN, Infinity (1e400) and -0 are typos, not figures. */
export const amount = z
  .number({
    error: (i) =>
      typeof i.input === 'string' ? 'a number, written without separators, units or quotes (e.g. 13379.4)'
      : typeof i.input === 'number' ? 'a finite number (NaN and infinities such as 1e400 are not figures)'
      : 'a number',
  })
  .refine((n) => Number.isFinite(n), { message: 'a finite number (NaN and infinities are not figures)' })
  .refine((n) => !Object.is(n, -0), { message: 'a number; -0 is not a figure, write 0' });

const nonNegative = amount.refine((n) => n >= 0, { message: 'zero or more' });

/** Plain text shown on a slide. Long enough for a sentence, short enough to fit a slide. */
export const sentence = z.string().min(1, 'some text').max(400, 'at most 400 characters (one sentence on a slide)');
const nameText = z.string().min(1, 'some text').max(120, 'at most 120 characters');

/** The languages a deck can be made in; the first listed in a data file is its primary edition. */
export const LANGUAGES = ['en', 'ja'] as const;
export type Lang = (typeof LANGUAGES)[number];

/**
 * Hand-written text in a data file: one plain string (the same in every
 * language: a name, a URL) or a map of language to string
 * (`{ en: "...", ja: "..." }`). The schema is made for one language at a time
 * (dataSchema): the text of that language is what the rest of irdeck sees, so
 * nothing downstream knows there are several. A language the file lists but a
 * map lacks is an error at the map's line; a map may carry a language the file
 * does not list yet (a translation under way).
 */
function localized<T extends z.ZodString>(inner: T, lang: Lang, listed: readonly Lang[]) {
  const map = z.strictObject(Object.fromEntries(LANGUAGES.map((l) => [l, inner.optional()])) as Record<Lang, z.ZodOptional<T>>);
  return z.union([inner, map]).transform((v, ctx) => {
    if (typeof v === 'string') return v;
    const text = (v as Partial<Record<Lang, string>>)[lang];
    if (text === undefined) {
      const has = Object.keys(v).map((k) => `"${k}"`).join(', ') || 'none';
      const message = `no "${lang}" text: the file lists languages [${listed.join(', ')}], this text has ${has}; add ${lang}: "..."`;
      ctx.addIssue({ code: 'custom', params: { rule: 'data/missing-language' }, message });
      return z.NEVER;
    }
    return text;
  });
}

export const QUARTER_RE = /^[1-4]Q\d{2}$/;
export const PERIOD_RE = /^(?:[1-4]Q|1H|2H|9M|FY)\d{2}$/;
const quarterLabel = z.string().regex(QUARTER_RE, 'a quarter such as 2Q08');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').refine(
  (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
  { message: 'a date that exists' },
);

/** The data file's schema, its hand-written texts read in `lang` (one of `listed`, the file's languages). */
export function dataSchema(lang: Lang = 'en', listed: readonly Lang[] = [lang]) {
  const text = localized(sentence, lang, listed);
  const nameOf = localized(nameText, lang, listed);
  /** Where a series came from, and which of its values no public source gives. */
  const provenance = {
    source: z.string().min(1, 'a source note').max(400),
    illustrative: z.union([z.boolean(), z.array(quarterLabel)]),
  };

  /** One value per quarter of `quarters`, oldest first. */
  const SeriesSchema = z.strictObject({
    label: nameOf,
    ...provenance,
    values: z.array(amount.nullable()),
  });
  const countSeries = z.strictObject({ label: nameOf, ...provenance, values: z.array(nonNegative.nullable()) });

  const revenueLine = SeriesSchema.extend({ class: z.enum(['recurring', 'one_time']) });
  const costLine = SeriesSchema.extend({ revenue_lines: z.array(z.string()).min(1) });

  const factor = z.strictObject({
    label: text,
    /** a few words for the bridge chart's axis; the label is used when absent */
    short: localized(z.string().min(1).max(28, 'at most 28 characters (a chart axis label)'), lang, listed).optional(),
    amount,
    illustrative: z.boolean().optional(),
  });
  // no factors: the targets were not revised this period (the deck then shows them unchanged)
  const bridge = z.strictObject({ previous: amount, new: amount, factors: z.array(factor) });
  const targetPair = z.strictObject({ previous: amount.optional(), new: amount });
  const targetSet = z.strictObject({
    revenues: bridge,
    operating_income: bridge,
    income_before_tax: targetPair,
    net_income: targetPair,
  });

  const reported = z.strictObject({
    period: z.string().regex(PERIOD_RE, 'a period such as 1H07 or FY07'),
    source: z.string().min(1),
    revenues: amount.optional(),
    operating_income: amount.optional(),
    income_before_tax: amount.optional(),
    net_income: amount.optional(),
  });

  const bsItem = z.strictObject({
    key: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a key in lower_snake_case'),
    label: nameOf,
    current: amount,
    previous: amount,
    /** the change as printed in a filing, when typed: checked against current - previous */
    change: amount.optional(),
  });

  const fact = z.strictObject({
    value: amount,
    unit: localized(z.string(), lang, listed).optional(),
    source: z.string().min(1),
    illustrative: z.boolean().optional(),
    /** the words a sentence names this fact by ("personnel related costs"), so a typed figure of it can be checked */
    subject: nameOf.optional(),
    /** for a change (unit %): what it compares with */
    comparison: z.enum(['YoY', 'QoQ']).optional(),
  });

  const commentaryEntry = z.union([text, z.array(text).max(12)]);

  return z.strictObject({
    languages: z.array(z.enum(LANGUAGES, { error: `a language irdeck writes: ${LANGUAGES.join(', ')}` })).min(1).optional(),
    company: z.strictObject({
      name: nameOf,
      short_name: localized(z.string().min(1).max(20), lang, listed),
      logo: z.string().optional(),
      ir_contact: z.strictObject({
        office: nameOf,
        address: text,
        tel: z.string().max(40),
        fax: z.string().max(40).optional(),
        url: z.string().max(200),
        email: z.string().max(120),
      }),
    }),
    period: z.strictObject({
      fiscal_year: z.number().int().min(1990).max(2100),
      first_month: z.number().int().min(1).max(12),
      kind: z.enum(PERIOD_KINDS),
      presentation_date: isoDate,
    }),
    units: z.strictObject({ currency: z.literal('JPY'), amount: z.literal('million') }),
    quarters: z.array(quarterLabel).min(5, 'at least five quarters (a year-on-year change needs the same quarter a year before)').max(20),
    revenues: z.strictObject({ total: SeriesSchema, lines: z.record(z.string(), revenueLine) }),
    costs: z.strictObject({ total: SeriesSchema, lines: z.record(z.string(), costLine) }),
    sga: SeriesSchema,
    operating_income: SeriesSchema,
    other_income: SeriesSchema,
    income_before_tax: SeriesSchema,
    income_tax: SeriesSchema,
    minority_interests: SeriesSchema,
    equity_method_income: SeriesSchema,
    net_income: SeriesSchema,
    employees: z.strictObject({ label: nameOf, groups: z.record(z.string(), countSeries) }),
    bandwidth_gbps: countSeries.extend({ unit: z.literal('Gbps') }),
    si_backlog: z.strictObject({ construction: countSeries, operation: countSeries }),
    capex: countSeries,
    depreciation: countSeries,
    capex_breakdown: z.strictObject({
      period: z.string().regex(PERIOD_RE, 'a period such as 1H08'),
      ...provenance,
      illustrative: z.boolean(),
      items: z.array(z.strictObject({ label: nameOf, amount: nonNegative })).min(1),
    }),
    cash_flows: z.strictObject({ operating: SeriesSchema, investing: SeriesSchema, financing: SeriesSchema }),
    reported: z.array(reported),
    targets: z.strictObject({ announced: isoDate, half: targetSet.optional(), full_year: targetSet }),
    per_share: z.strictObject({
      shares_prior_year: nonNegative,
      shares_current_year: nonNegative,
      shares_illustrative: z.boolean(),
      shares_source: z.string().min(1),
      dividend_prior_year: nonNegative,
      dividend_current_year: nonNegative,
    }),
    balance_sheet: z.strictObject({
      current_date: isoDate,
      previous_date: isoDate,
      source: z.string().min(1),
      items: z.array(bsItem).min(1),
    }),
    facts: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a name in lower_snake_case'), fact),
    commentary: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a name in lower_snake_case'), commentaryEntry),
    topics: z.array(z.strictObject({ title: nameOf, bullets: z.array(text).min(1).max(6), image: z.string().optional() })).max(12),
    group_companies: z.array(z.strictObject({
      category: nameOf,
      name: nameOf,
      ownership: z.string().regex(/^\d{1,3}(\.\d)?%$/, 'a share such as 60.2%').nullable(),
      business: text,
    })),
    press_releases: z.array(z.strictObject({
      date: isoDate.nullable(),
      quarter: z.string().regex(/^FY\d{2} [1-4]Q$/, 'a quarter such as FY08 2Q'),
      title: text,
    })),
    forward_looking: localized(z.string().min(1).max(3000), lang, listed),
  });
}

/** The data's type: every language's data has the same shape. (A type only: building a schema costs ~2 ms of a check.) */
export type Data = z.infer<ReturnType<typeof dataSchema>>;
export type Series = Data['sga'];
