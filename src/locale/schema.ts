// What a locale file (templates/locales/<lang>.yaml) may hold: every word and
// number format irdeck writes itself, as data. The engine that reads it
// (numbers.ts, period.ts, words.ts) knows no language; adding one is adding a
// file. Patterns name their parts in braces ("up {n}", "{n}増"); a pattern
// that names a part its entry does not offer is refused here, with its line.
import { z } from '../util/zod.js';

/** A text with {part} placeholders, each one of `parts`. */
function pattern(...parts: string[]) {
  return z.string().check(z.superRefine((s, ctx) => {
    for (const m of s.matchAll(/\{([^{}]*)\}/g)) {
      if (!parts.includes(m[1])) ctx.addIssue({ code: 'custom', message: `unknown part {${m[1]}} (this text may use ${parts.length ? parts.map((p) => `{${p}}`).join(', ') : 'none'})` });
    }
  }));
}
const words = () => pattern();

const Style = () => z.strictObject({
  decimals: z.number().check(z.int(), z.gte(0), z.lte(6)),
  /** the group separator between thousands (default true) */
  thousands: z.optional(z.boolean()),
  /** a JPY million figure is divided by this (1000: billion, 100: 億) */
  scale: z.optional(z.number().check(z.positive())),
  prefix: z.optional(z.string()),
  suffix: z.optional(z.string()),
});
export type LocaleStyle = z.infer<ReturnType<typeof Style>>;

const Change = () => z.strictObject({ up: pattern('n'), down: pattern('n'), flat: words() });
const Kinds = <T extends z.ZodMiniType>(t: T) => z.strictObject({ first_quarter: t, half: t, nine_months: t, full_year: t });
const FY = ['yyyy', 'yy', 'close_yyyy', 'close_yy', 'close_m'];

// Built when first needed: a check that finds the locale in the deck cache
// never builds it (~5 ms of zod objects at start-up otherwise).
function buildSchema() {
  return z.strictObject({
    /** BCP 47 language of the deck (PowerPoint, PDF and HTML carry it) */
    lang: z.string().check(z.regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'a language code such as en or ja')),
    numbers: z.strictObject({
      group: z.string(),
      decimal: z.string().check(z.minLength(1)),
      /** how a negative number is written: "({n})", "-{n}", "△{n}" */
      negative: pattern('n').check(z.refine((s) => s.includes('{n}'), 'must contain {n}')),
    }),
    styles: z.strictObject({ million: Style(), billion: Style(), percent: Style(), points: Style(), count: Style(), gbps: Style(), yen: Style() }),
    amounts: z.strictObject({ million: pattern('n'), billion: pattern('n'), yen: pattern('n') }),
    /** the number of an amount in a sentence where it is not the style of the same name (a Japanese sentence's billions in 億円, its tables' in 百万円) */
    amount_styles: z.optional(z.strictObject({ million: z.optional(Style()), billion: z.optional(Style()), yen: z.optional(Style()) })),
    changes: z.strictObject({ percent: Change(), amount: Change(), billion: Change(), count: Change(), points: Change() }),
    not_available: words(),
    cash: z.strictObject({ provided: pattern('amount'), used: pattern('amount') }),
    dates: z.strictObject({
      short: pattern('yyyy', 'mm', 'dd', 'm', 'd', 'month'),
      long: pattern('yyyy', 'mm', 'dd', 'm', 'd', 'month'),
      /** the one style every date of a deck is written in ({{date}}, {{longdate}}): a cover's 2008.10.24 beside a sentence's 2008-11-14 read as two authors */
      deck: z.enum(['short', 'long']),
      months: z.array(z.string()).check(z.length(12)),
    }),
    periods: z.strictObject({
      quarter: pattern('q', ...FY),
      /** a quarter the data names by its fiscal year ("FY08 2Q", as press releases are listed) */
      fy_quarter: pattern('q', ...FY),
      label: Kinds(pattern(...FY)),
      title: Kinds(pattern(...FY)),
      kind_name: Kinds(pattern(...FY)),
      months: pattern('start_yyyy', 'start_yy', 'start_m', 'end_yyyy', 'end_yy', 'end_m'),
      fy_long: pattern(...FY),
      fy_short: pattern(...FY),
    }),
    metrics: z.strictObject({
      recurring: words(), one_time: words(), gross_margin: words(), gm_ratio: words(), cost_ratio: words(),
      adjusted_ebitda: words(), cf_free: words(), cf_net: words(),
      segment_cost: z.string().check(z.refine((s) => s.includes('{segment}'), 'must hold {segment}, where the segment stands in a cost line\'s label')),
      segment_revenues: pattern('segment'),
      segment_gross_margin: pattern('segment'),
      segment_gross_margin_ratio: pattern('segment'),
      ratio_of_revenues: pattern('metric'),
    }),
    charts: z.strictObject({
      formats: z.strictObject({ jpy: Style(), bn: Style(), pct: Style(), gbps: Style(), count: Style() }),
      total: words(),
      decrease: pattern('name'),
      bridge: z.strictObject({ previous: words(), new: words(), base: words(), series: words() }),
      capex_series: pattern('period'),
      illustrative: words(),
      illustrative_factor: words(),
      alt: z.strictObject({
        bars: pattern('title', 'series', 'first', 'last', 'latest'),
        latest: pattern('name', 'value'),
        latest_change: pattern('name', 'value', 'change', 'previous'),
        latest_missing: pattern('name'),
        doughnut: pattern('title', 'series', 'parts'),
        part: pattern('category', 'value'),
        bridge: pattern('title', 'previous', 'factors', 'new'),
        factor: pattern('label', 'value'),
      }),
      list: z.string(),
      items: z.string(),
    }),
    slides: z.strictObject({ continued: pattern('title'), draft: words(), logo: words(), label: pattern('number', 'title') }),
    notes: z.strictObject({
      sources: words(),
      source: pattern('paths', 'source'),
      chart: pattern('title', 'series', 'note'),
      chart_series: pattern('name', 'source'),
      chart_series_model: words(),
      chart_note: pattern('note'),
      illustrative: pattern('figures'),
    }),
  });
}

let schema: ReturnType<typeof buildSchema> | undefined;
/** The schema of a locale file. */
export const localeSchema = (): ReturnType<typeof buildSchema> => (schema ??= buildSchema());
export type Locale = z.infer<ReturnType<typeof buildSchema>>;
