// The data file's format. This schema is the single source of the data types:
// everything downstream uses z.infer of it, so the file format and the code
// cannot drift apart. Objects are strict: an unknown key is a typo until
// proven otherwise, and the IR person hears about it.
import { z } from '../util/zod.js';
import { PERIOD_KINDS } from '../util/periods.js';

/** A finite number; NaN, Infinity (1e400) and -0 are typos, not figures. */
export const amount = z
  .number({
    error: (i) =>
      typeof i.input === 'string' ? 'a number, written without separators, units or quotes (e.g. 13379.4)'
      : typeof i.input === 'number' ? 'a finite number (NaN and infinities such as 1e400 are not figures)'
      : 'a number',
  })
  .check(
    z.refine((n) => Number.isFinite(n), { message: 'a finite number (NaN and infinities are not figures)' }),
    z.refine((n) => !Object.is(n, -0), { message: 'a number; -0 is not a figure, write 0' }),
  );

const nonNegative = amount.check(z.refine((n) => n >= 0, { message: 'zero or more' }));

/** Plain text shown on a slide. Long enough for a sentence, short enough to fit a slide. */
export const sentence = z.string().check(z.minLength(1, 'some text'), z.maxLength(400, 'at most 400 characters (one sentence on a slide)'));
const nameText = z.string().check(z.minLength(1, 'some text'), z.maxLength(120, 'at most 120 characters'));

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
function localized(inner: z.ZodMiniString, lang: Lang, listed: readonly Lang[]) {
  const map = z.strictObject(Object.fromEntries(LANGUAGES.map((l) => [l, z.optional(inner)])) as Record<Lang, z.ZodMiniOptional<z.ZodMiniString>>);
  return z.pipe(z.union([inner, map]), z.transform((v: string | Partial<Record<Lang, string>>, ctx): string => {
    if (typeof v === 'string') return v;
    const text = (v as Partial<Record<Lang, string>>)[lang];
    if (text === undefined) {
      const has = Object.keys(v).map((k) => `"${k}"`).join(', ') || 'none';
      const message = `no "${lang}" text: the file lists languages [${listed.join(', ')}], this text has ${has}; add ${lang}: "..."`;
      // (zod/mini's transform has no addIssue: the issue as zod's classic addIssue made it)
      ctx.issues.push({ code: 'custom', params: { rule: 'data/missing-language' }, message, input: v });
      return z.NEVER;
    }
    return text;
  }));
}

export const QUARTER_RE = /^[1-4]Q\d{2}$/;
export const PERIOD_RE = /^(?:[1-4]Q|1H|2H|9M|FY)\d{2}$/;
const quarterLabel = z.string().check(z.regex(QUARTER_RE, 'a quarter such as 2Q08'));
const isoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'),
  z.refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { message: 'a date that exists' }),
);

/** The data file's schema, its hand-written texts read in `lang` (one of `listed`, the file's languages). */
export function dataSchema(lang: Lang = 'en', listed: readonly Lang[] = [lang]) {
  const text = localized(sentence, lang, listed);
  const nameOf = localized(nameText, lang, listed);
  /** Where a series came from, and which of its values no public source gives. */
  const provenance = {
    source: z.string().check(z.minLength(1, 'a source note'), z.maxLength(400)),
    illustrative: z.union([z.boolean(), z.array(quarterLabel)]),
  };

  /** One value per quarter of `quarters`, oldest first. */
  const SeriesSchema = z.strictObject({
    label: nameOf,
    ...provenance,
    values: z.array(z.nullable(amount)),
  });
  const countSeries = z.strictObject({ label: nameOf, ...provenance, values: z.array(z.nullable(nonNegative)) });

  const revenueLine = z.extend(SeriesSchema, { class: z.enum(['recurring', 'one_time']) });
  const costLine = z.extend(SeriesSchema, { revenue_lines: z.array(z.string()).check(z.minLength(1)) });

  const factor = z.strictObject({
    label: text,
    /** a few words for the bridge chart's axis; the label is used when absent */
    short: z.optional(localized(z.string().check(z.minLength(1), z.maxLength(28, 'at most 28 characters (a chart axis label)')), lang, listed)),
    amount,
    illustrative: z.optional(z.boolean()),
  });
  // no factors: the targets were not revised this period (the deck then shows them unchanged)
  const bridge = z.strictObject({ previous: amount, new: amount, factors: z.array(factor) });
  const targetPair = z.strictObject({ previous: z.optional(amount), new: amount });
  const targetSet = z.strictObject({
    revenues: bridge,
    operating_income: bridge,
    income_before_tax: targetPair,
    net_income: targetPair,
  });

  const reported = z.strictObject({
    period: z.string().check(z.regex(PERIOD_RE, 'a period such as 1H07 or FY07')),
    source: z.string().check(z.minLength(1)),
    revenues: z.optional(amount),
    operating_income: z.optional(amount),
    income_before_tax: z.optional(amount),
    net_income: z.optional(amount),
  });

  const bsItem = z.strictObject({
    key: z.string().check(z.regex(/^[a-z][a-z0-9_]*$/, 'a key in lower_snake_case')),
    label: nameOf,
    current: amount,
    previous: amount,
    /** the change as printed in a filing, when typed: checked against current - previous */
    change: z.optional(amount),
  });

  const fact = z.strictObject({
    value: amount,
    unit: z.optional(localized(z.string(), lang, listed)),
    source: z.string().check(z.minLength(1)),
    illustrative: z.optional(z.boolean()),
    /** the words a sentence names this fact by ("personnel related costs"), so a typed figure of it can be checked */
    subject: z.optional(nameOf),
    /** for a change (unit %): what it compares with */
    comparison: z.optional(z.enum(['YoY', 'QoQ'])),
  });

  const commentaryEntry = z.union([text, z.array(text).check(z.maxLength(12))]);
  const snakeKey = (what: string) => z.string().check(z.regex(/^[a-z][a-z0-9_]*$/, `${what} in lower_snake_case`));

  return z.strictObject({
    languages: z.optional(z.array(z.enum(LANGUAGES, { error: `a language irdeck writes: ${LANGUAGES.join(', ')}` })).check(z.minLength(1))),
    company: z.strictObject({
      name: nameOf,
      short_name: localized(z.string().check(z.minLength(1), z.maxLength(20)), lang, listed),
      logo: z.optional(z.string()),
      ir_contact: z.strictObject({
        office: nameOf,
        address: text,
        tel: z.string().check(z.maxLength(40)),
        fax: z.optional(z.string().check(z.maxLength(40))),
        url: z.string().check(z.maxLength(200)),
        email: z.string().check(z.maxLength(120)),
      }),
    }),
    period: z.strictObject({
      fiscal_year: z.number().check(z.int(), z.gte(1990), z.lte(2100)),
      first_month: z.number().check(z.int(), z.gte(1), z.lte(12)),
      kind: z.enum(PERIOD_KINDS),
      presentation_date: isoDate,
    }),
    units: z.strictObject({ currency: z.literal('JPY'), amount: z.literal('million') }),
    quarters: z.array(quarterLabel).check(z.minLength(5, 'at least five quarters (a year-on-year change needs the same quarter a year before)'), z.maxLength(20)),
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
    bandwidth_gbps: z.extend(countSeries, { unit: z.literal('Gbps') }),
    si_backlog: z.strictObject({ construction: countSeries, operation: countSeries }),
    capex: countSeries,
    depreciation: countSeries,
    capex_breakdown: z.strictObject({
      period: z.string().check(z.regex(PERIOD_RE, 'a period such as 1H08')),
      ...provenance,
      illustrative: z.boolean(),
      items: z.array(z.strictObject({ label: nameOf, amount: nonNegative })).check(z.minLength(1)),
    }),
    cash_flows: z.strictObject({ operating: SeriesSchema, investing: SeriesSchema, financing: SeriesSchema }),
    reported: z.array(reported),
    targets: z.strictObject({ announced: isoDate, half: z.optional(targetSet), full_year: targetSet }),
    per_share: z.strictObject({
      shares_prior_year: nonNegative,
      shares_current_year: nonNegative,
      shares_illustrative: z.boolean(),
      shares_source: z.string().check(z.minLength(1)),
      dividend_prior_year: nonNegative,
      dividend_current_year: nonNegative,
    }),
    balance_sheet: z.strictObject({
      current_date: isoDate,
      previous_date: isoDate,
      source: z.string().check(z.minLength(1)),
      items: z.array(bsItem).check(z.minLength(1)),
    }),
    facts: z.record(snakeKey('a name'), fact),
    commentary: z.record(snakeKey('a name'), commentaryEntry),
    topics: z.array(z.strictObject({ title: nameOf, bullets: z.array(text).check(z.minLength(1), z.maxLength(6)), image: z.optional(z.string()) })).check(z.maxLength(12)),
    group_companies: z.array(z.strictObject({
      category: nameOf,
      name: nameOf,
      ownership: z.nullable(z.string().check(z.regex(/^\d{1,3}(\.\d)?%$/, 'a share such as 60.2%'))),
      business: text,
    })),
    press_releases: z.array(z.strictObject({
      date: z.nullable(isoDate),
      quarter: z.string().check(z.regex(/^FY\d{2} [1-4]Q$/, 'a quarter such as FY08 2Q')),
      title: text,
    })),
    forward_looking: localized(z.string().check(z.minLength(1), z.maxLength(3000)), lang, listed),
  });
}

/** The data's type: every language's data has the same shape. (A type only: building a schema costs ~2 ms of a check.) */
export type Data = z.infer<ReturnType<typeof dataSchema>>;
export type Series = Data['sga'];
