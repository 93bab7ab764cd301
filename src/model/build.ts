// The model: the data plus every derived figure, as figures that carry their
// data path and source. Templates read `view`; charts read `metrics`. The model
// knows nothing of slides.
import type { Data } from '../data/schema.js';
import { fig, type Fig } from './fig.js';
import { buildMetrics, type Metric } from './metrics.js';
import { periodInfo, type PeriodInfo } from './period.js';
import { own } from '../util/own.js';

export interface Model {
  data: Data;
  period: PeriodInfo;
  quarters: string[];
  metrics: Record<string, Metric>;
  view: View;
}

export type FigMap = Record<string, Fig>;

export interface BridgeView {
  previous?: Fig;
  new: Fig;
  /** new - previous */
  change?: Fig;
  factors: { label: string; short: string; amount: Fig; illustrative: boolean }[];
}

export interface View {
  period: PeriodInfo;
  presentation_date: string;
  company: Data['company'];
  quarters: string[];
  /** the latest quarter, the one before, the same quarter a year before */
  q: FigMap;
  q_prev: FigMap;
  q_ya: FigMap;
  /** the same quarter two years before; empty when the data does not reach back that far */
  q_2ya: FigMap;
  /** the period (1H08) and the same period a year before (1H07) */
  cum: FigMap;
  cum_prior: FigMap;
  /** the previous full fiscal year */
  fy_prior: FigMap;
  targets: { announced: string; half?: Record<string, BridgeView>; full_year: Record<string, BridgeView> };
  per_share: FigMap;
  bs: { current_date: string; previous_date: string; items: { key: string; label: string; current: Fig; previous: Fig; change: Fig }[] };
  facts: FigMap;
  capex_breakdown: { period: string; items: { label: string; amount: Fig }[]; total: Fig };
  commentary: Data['commentary'];
  topics: Data['topics'];
  group_companies: Data['group_companies'];
  press_releases: Data['press_releases'];
  forward_looking: string;
}

/** A metric's value over some quarters, aggregated as the metric says; undefined when any is missing. */
export function aggregate(metrics: Record<string, Metric>, key: string, idx: number[], label: string): Fig | undefined {
  const m = own(metrics, key);
  if (!m || idx.length === 0 || idx.some((i) => i < 0 || m.values[i] === null || m.values[i] === undefined)) return undefined;
  const illustrative = idx.some((i) => m.illustrative[i]);
  const a = m.aggregate;
  if (idx.length === 1) {
    const i = idx[0];
    const path = m.derived ? `${m.path} @${label}` : `${m.path}[${i}]`;
    return fig(m.values[i] as number, path, m.source, illustrative, m.unit);
  }
  if (a.kind === 'last') {
    const i = idx[idx.length - 1];
    return fig(m.values[i] as number, m.derived ? `${m.path} @${label}` : `${m.path}[${i}]`, m.source, illustrative, m.unit);
  }
  if (a.kind === 'ratio') {
    const num = aggregate(metrics, a.num, idx, label);
    const den = aggregate(metrics, a.den, idx, label);
    if (!num || !den || den.value === 0) return undefined;
    return fig((100 * num.value) / den.value, `${a.num} / ${a.den} @${label}`, `derived: ${m.path}`, illustrative, 'pct');
  }
  const total = idx.reduce((s, i) => s + (m.values[i] as number), 0);
  return fig(total, `sum(${m.path}) @${label}`, m.source, illustrative, m.unit);
}

function figMap(metrics: Record<string, Metric>, idx: number[], label: string): FigMap {
  const out: FigMap = {};
  for (const key of Object.keys(metrics)) {
    const f = aggregate(metrics, key, idx, label);
    if (f) out[key] = f;
  }
  return out;
}

function bridgeView(b: { previous?: number; new: number; factors?: { label: string; short?: string; amount: number; illustrative?: boolean }[] }, path: string, source: string): BridgeView {
  const previous = b.previous === undefined ? undefined : fig(b.previous, `${path}.previous`, source, false, 'jpy');
  return {
    previous,
    new: fig(b.new, `${path}.new`, source, false, 'jpy'),
    change: previous ? fig(b.new - previous.value, `${path}.new - ${path}.previous`, source, false, 'jpy') : undefined,
    factors: (b.factors ?? []).map((f, i) => ({ label: f.label, short: f.short ?? f.label, amount: fig(f.amount, `${path}.factors[${i}].amount`, source, f.illustrative ?? false, 'jpy'), illustrative: f.illustrative ?? false })),
  };
}

function targetsView(data: Data): View['targets'] {
  const src = `revised targets announced ${data.targets.announced}`;
  const set = (t: NonNullable<Data['targets']['half']>, p: string) => ({
    revenues: bridgeView(t.revenues, `${p}.revenues`, src),
    operating_income: bridgeView(t.operating_income, `${p}.operating_income`, src),
    income_before_tax: bridgeView(t.income_before_tax, `${p}.income_before_tax`, src),
    net_income: bridgeView(t.net_income, `${p}.net_income`, src),
  });
  return { announced: data.targets.announced, half: data.targets.half ? set(data.targets.half, 'targets.half') : undefined, full_year: set(data.targets.full_year, 'targets.full_year') };
}

/** The previous fiscal year: from its four quarters when present, else from `reported`. */
function priorYear(data: Data, metrics: Record<string, Metric>, period: PeriodInfo): FigMap {
  const fy = (period.fiscalYear - 1) % 100;
  const idx = [1, 2, 3, 4].map((q) => data.quarters.indexOf(`${q}Q${String(fy).padStart(2, '0')}`));
  const out = idx.every((i) => i >= 0) ? figMap(metrics, idx, period.priorFyShort) : {};
  const rep = data.reported.findIndex((r) => r.period === period.priorFyShort);
  if (rep >= 0) {
    const r = data.reported[rep];
    for (const k of ['revenues', 'operating_income', 'income_before_tax', 'net_income'] as const) {
      const v = r[k];
      if (v !== undefined) out[k] = fig(v, `reported[${rep}].${k}`, r.source, false, 'jpy');
    }
  }
  return out;
}

function perShare(data: Data, view: Pick<View, 'fy_prior' | 'targets'>): FigMap {
  const ps = data.per_share;
  const src = ps.shares_source;
  const out: FigMap = {
    dividend_prior_year: fig(ps.dividend_prior_year, 'per_share.dividend_prior_year', 'dividend forecast', false, 'jpy_per_share'),
    dividend_current_year: fig(ps.dividend_current_year, 'per_share.dividend_current_year', 'dividend forecast', false, 'jpy_per_share'),
  };
  out.dividend_change = fig(ps.dividend_current_year - ps.dividend_prior_year, 'per_share.dividend_current_year - per_share.dividend_prior_year', 'derived', false, 'jpy_per_share');
  const niPrior = view.fy_prior.net_income;
  if (niPrior) out.eps_prior_year = fig((niPrior.value * 1e6) / ps.shares_prior_year, `${niPrior.path} / per_share.shares_prior_year`, src, ps.shares_illustrative, 'jpy_per_share');
  const niTarget = view.targets.full_year.net_income.new;
  out.eps_current_year = fig((niTarget.value * 1e6) / ps.shares_current_year, `${niTarget.path} / per_share.shares_current_year`, src, ps.shares_illustrative, 'jpy_per_share');
  if (out.eps_prior_year) {
    // the seed shows the change between the per-share figures as rounded to whole yen
    const change = Math.round(out.eps_current_year.value) - Math.round(out.eps_prior_year.value);
    out.eps_change = fig(change, 'eps_current_year - eps_prior_year (whole yen)', 'derived', ps.shares_illustrative, 'jpy_per_share');
  }
  return out;
}

export function buildModel(data: Data): Model {
  const period = periodInfo(data);
  const metrics = buildMetrics(data);
  const targets = targetsView(data);
  const fy_prior = priorYear(data, metrics, period);
  const bsSrc = data.balance_sheet.source;
  const facts: FigMap = {};
  for (const [k, f] of Object.entries(data.facts)) facts[k] = fig(f.value, `facts.${k}.value`, f.source, f.illustrative ?? false, f.unit ? 'count' : 'jpy');
  const cb = data.capex_breakdown;
  const view: View = {
    period,
    presentation_date: data.period.presentation_date,
    company: data.company,
    quarters: data.quarters,
    q: figMap(metrics, [period.qi], period.quarter.label),
    q_prev: figMap(metrics, [period.prevQi], period.prevQuarter.label),
    q_ya: figMap(metrics, [period.yearAgoQi], period.yearAgoQuarter.label),
    q_2ya: period.twoYearsAgoQi < 0 ? {} : figMap(metrics, [period.twoYearsAgoQi], period.twoYearsAgoQuarter.label),
    cum: figMap(metrics, period.quarterIndices, period.label),
    cum_prior: figMap(metrics, period.priorQuarterIndices, period.priorLabel),
    fy_prior,
    targets,
    per_share: {},
    bs: {
      current_date: data.balance_sheet.current_date,
      previous_date: data.balance_sheet.previous_date,
      items: data.balance_sheet.items.map((it, i) => ({
        key: it.key,
        label: it.label,
        current: fig(it.current, `balance_sheet.items[${i}].current`, bsSrc, false, 'jpy'),
        previous: fig(it.previous, `balance_sheet.items[${i}].previous`, bsSrc, false, 'jpy'),
        change: fig(it.current - it.previous, `balance_sheet.items[${i}].current - previous`, bsSrc, false, 'jpy'),
      })),
    },
    facts,
    capex_breakdown: {
      period: cb.period,
      items: cb.items.map((it, i) => ({ label: it.label, amount: fig(it.amount, `capex_breakdown.items[${i}].amount`, cb.source, cb.illustrative, 'jpy') })),
      total: fig(cb.items.reduce((s, it) => s + it.amount, 0), 'sum(capex_breakdown.items)', cb.source, cb.illustrative, 'jpy'),
    },
    commentary: data.commentary,
    topics: data.topics,
    group_companies: data.group_companies,
    press_releases: data.press_releases,
    forward_looking: data.forward_looking,
  };
  view.per_share = perShare(data, view);
  return { data, period, quarters: data.quarters, metrics, view };
}
