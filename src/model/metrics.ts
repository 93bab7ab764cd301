// Quarterly metrics: the data's series plus everything derived from them
// (groups of lines, gross margin and its ratio, EBITDA, net cash flow...).
// A metric says how it aggregates over a period, so a half of a ratio is the
// ratio of the halves and a half of a head count is its last quarter.
import type { Data, Series } from '../data/schema.js';
import type { Unit } from './fig.js';

export type Aggregate = { kind: 'sum' } | { kind: 'last' } | { kind: 'ratio'; num: string; den: string };

/**
 * The name of a derived metric, as a term of the locale's `metrics` section
 * (templates/locales/<lang>.yaml) and what it is of: the model names nothing
 * in a language. `of` is a data label (a cost line, a series).
 */
export type MetricTerm =
  | { term: 'recurring' | 'one_time' | 'gross_margin' | 'gm_ratio' | 'cost_ratio' | 'adjusted_ebitda' | 'cf_free' | 'cf_net' }
  | { term: 'segment_revenues' | 'segment_gross_margin' | 'segment_gross_margin_ratio'; of: string }
  | { term: 'ratio_of_revenues'; of: string };

export interface Metric {
  key: string;
  /** the data's label of a series (for a derived metric: its key; `name` says what to call it) */
  label: string;
  /** a derived metric's name, in the locale's words */
  name?: MetricTerm;
  unit: Unit;
  values: (number | null)[];
  /** data path of the values, or the formula that derives them */
  path: string;
  source: string;
  /** per quarter: is this value illustrative? */
  illustrative: boolean[];
  derived: boolean;
  aggregate: Aggregate;
}

type SeriesLike = Pick<Series, 'label' | 'source' | 'illustrative' | 'values'>;

function illustrativeFlags(s: SeriesLike, quarters: string[]): boolean[] {
  return quarters.map((q) => (s.illustrative === true ? true : Array.isArray(s.illustrative) ? s.illustrative.includes(q) : false));
}

function fromSeries(key: string, s: SeriesLike, path: string, quarters: string[], unit: Unit, aggregate: Aggregate = { kind: 'sum' }): Metric {
  return { key, label: s.label, unit, values: [...s.values], path: `${path}.values`, source: s.source, illustrative: illustrativeFlags(s, quarters), derived: false, aggregate };
}

function combine(key: string, name: MetricTerm | string, parts: Metric[], fn: (xs: number[]) => number, formula: string, unit: Unit = 'jpy', aggregate: Aggregate = { kind: 'sum' }): Metric {
  const n = Math.max(0, ...parts.map((p) => p.values.length));
  const values: (number | null)[] = [];
  const illustrative: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const xs = parts.map((p) => p.values[i]);
    values.push(xs.some((x) => x === null || x === undefined) ? null : fn(xs as number[]));
    illustrative.push(parts.some((p) => p.illustrative[i]));
  }
  const named = typeof name === 'string' ? { label: name } : { label: key, name };
  return { key, ...named, unit, values, path: formula, source: `derived: ${formula}`, illustrative, derived: true, aggregate };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function buildMetrics(data: Data): Record<string, Metric> {
  const Q = data.quarters;
  const m: Record<string, Metric> = {};
  const add = (x: Metric) => { m[x.key] = x; };

  add(fromSeries('revenues', data.revenues.total, 'revenues.total', Q, 'jpy'));
  const revLines = Object.entries(data.revenues.lines).map(([k, s]) => fromSeries(`rev_${k}`, s, `revenues.lines.${k}`, Q, 'jpy'));
  revLines.forEach(add);
  const linesOf = (cls: 'recurring' | 'one_time') => Object.entries(data.revenues.lines).filter(([, s]) => s.class === cls).map(([k]) => m[`rev_${k}`]);
  add(combine('recurring', { term: 'recurring' }, linesOf('recurring'), sum, 'sum(revenues.lines[class=recurring])'));
  add(combine('one_time', { term: 'one_time' }, linesOf('one_time'), sum, 'sum(revenues.lines[class=one_time])'));

  add(fromSeries('costs', data.costs.total, 'costs.total', Q, 'jpy'));
  for (const [k, s] of Object.entries(data.costs.lines)) {
    const cost = fromSeries(`cost_${k}`, s, `costs.lines.${k}`, Q, 'jpy');
    add(cost);
    const rev = s.revenue_lines.map((r) => m[`rev_${r}`]).filter(Boolean);
    if (rev.length === s.revenue_lines.length) {
      add(combine(`segrev_${k}`, { term: 'segment_revenues', of: s.label }, rev, sum, `sum(revenues.lines.{${s.revenue_lines.join(',')}})`));
      add(combine(`gp_${k}`, { term: 'segment_gross_margin', of: s.label }, [m[`segrev_${k}`], cost], ([r, c]) => r - c, `segrev_${k} - costs.lines.${k}`));
      const ratio = { kind: 'ratio', num: `gp_${k}`, den: `segrev_${k}` } as const;
      add(combine(`gmr_${k}`, { term: 'segment_gross_margin_ratio', of: s.label }, [m[`gp_${k}`], m[`segrev_${k}`]], ([g, r]) => (r === 0 ? NaN : (100 * g) / r), `gp_${k} / segrev_${k}`, 'pct', ratio));
    }
  }
  add(combine('gross_margin', { term: 'gross_margin' }, [m.revenues, m.costs], ([r, c]) => r - c, 'revenues.total - costs.total'));
  add(combine('gm_ratio', { term: 'gm_ratio' }, [m.gross_margin, m.revenues], ([g, r]) => (100 * g) / r, 'gross_margin / revenues', 'pct', { kind: 'ratio', num: 'gross_margin', den: 'revenues' }));
  add(combine('cost_ratio', { term: 'cost_ratio' }, [m.costs, m.revenues], ([c, r]) => (100 * c) / r, 'costs / revenues', 'pct', { kind: 'ratio', num: 'costs', den: 'revenues' }));

  const simple: [string, SeriesLike, string][] = [
    ['sga', data.sga, 'sga'],
    ['operating_income', data.operating_income, 'operating_income'],
    ['other_income', data.other_income, 'other_income'],
    ['income_before_tax', data.income_before_tax, 'income_before_tax'],
    ['income_tax', data.income_tax, 'income_tax'],
    ['minority_interests', data.minority_interests, 'minority_interests'],
    ['equity_method_income', data.equity_method_income, 'equity_method_income'],
    ['net_income', data.net_income, 'net_income'],
  ];
  for (const [k, s, p] of simple) add(fromSeries(k, s, p, Q, 'jpy'));
  for (const k of ['sga', 'operating_income', 'income_before_tax', 'net_income']) {
    add(combine(`${k}_ratio`, { term: 'ratio_of_revenues', of: m[k].label }, [m[k], m.revenues], ([a, r]) => (100 * a) / r, `${k} / revenues`, 'pct', { kind: 'ratio', num: k, den: 'revenues' }));
  }

  const groups = Object.entries(data.employees.groups).map(([k, s]) => fromSeries(`emp_${k}`, s, `employees.groups.${k}`, Q, 'count', { kind: 'last' }));
  groups.forEach(add);
  add(combine('employees', data.employees.label, groups, sum, 'sum(employees.groups)', 'count', { kind: 'last' }));

  add(fromSeries('bandwidth', data.bandwidth_gbps, 'bandwidth_gbps', Q, 'gbps', { kind: 'last' }));
  add(fromSeries('backlog_construction', data.si_backlog.construction, 'si_backlog.construction', Q, 'jpy', { kind: 'last' }));
  add(fromSeries('backlog_operation', data.si_backlog.operation, 'si_backlog.operation', Q, 'jpy', { kind: 'last' }));
  add(fromSeries('capex', data.capex, 'capex', Q, 'jpy'));
  add(fromSeries('depreciation', data.depreciation, 'depreciation', Q, 'jpy'));
  add(combine('adjusted_ebitda', { term: 'adjusted_ebitda' }, [m.operating_income, m.depreciation], sum, 'operating_income + depreciation'));

  const cf = data.cash_flows;
  add(fromSeries('cf_operating', cf.operating, 'cash_flows.operating', Q, 'jpy'));
  add(fromSeries('cf_investing', cf.investing, 'cash_flows.investing', Q, 'jpy'));
  add(fromSeries('cf_financing', cf.financing, 'cash_flows.financing', Q, 'jpy'));
  add(combine('cf_free', { term: 'cf_free' }, [m.cf_operating, m.cf_investing], sum, 'cash_flows.operating + cash_flows.investing'));
  add(combine('cf_net', { term: 'cf_net' }, [m.cf_operating, m.cf_investing, m.cf_financing], sum, 'sum(cash_flows)'));
  return m;
}
