// Chart definitions from templates/ (series named by metric) turned into
// renderer-free ChartSpecs with the model's figures. Bridges become stacked
// bars with an invisible base here, so no renderer needs to know what a
// revision bridge is.
import type { ChartSeries, ChartSpec, NumberFormat } from '../charts/spec.js';
import type { Model, BridgeView } from '../model/build.js';
import type { Metric } from '../model/metrics.js';
import { chartFormat, changeWords, writeNumber } from '../locale/numbers.js';
import type { Locale, LocaleStyle } from '../locale/schema.js';
import { fill } from '../locale/words.js';
import type { Theme } from '../theme.js';
import type { ChartDef } from './deck-def.js';
import { metricName } from './metric-names.js';
import { own } from '../util/own.js';

export class ChartDefError extends Error {}

/** What every chart is composed from: the model, the look, and the language's words and formats. */
export interface ChartEnv {
  model: Model;
  theme: Theme;
  locale: Locale;
  /** the data's quarters in the locale's words, one per model.quarters */
  quarters: string[];
  /** the CAPEX breakdown's period in the locale's words (1H08, 09/3期 上期) */
  capexPeriod: string;
}

type FormatKey = keyof Locale['charts']['formats'];

function formatKey(m: Metric, billions: boolean): FormatKey {
  if (m.unit === 'pct') return 'pct';
  if (m.unit === 'gbps') return 'gbps';
  if (m.unit === 'count') return 'count';
  return billions ? 'bn' : 'jpy';
}

/** How a chart of the locale writes numbers of a kind. */
const formatOf = (loc: Locale, key: FormatKey): NumberFormat => chartFormat(loc, loc.charts.formats[key]);
/** What a JPY million figure is divided by on a chart of that kind (1000: billions). */
const scaleOf = (loc: Locale, key: FormatKey): number => loc.charts.formats[key].scale ?? 1;

/** A value already in the chart's unit, written as the chart's labels write it (alt text). */
function fmtValue(loc: Locale, x: number, f: NumberFormat): string {
  const style: LocaleStyle = { decimals: f.decimals, thousands: f.thousands, prefix: f.prefix, suffix: f.suffix };
  return writeNumber(loc, x, style);
}

function metricOf(model: Model, key: string): Metric {
  const m = own(model.metrics, key);
  if (!m) throw new ChartDefError(`unknown metric "${key}" (known: ${Object.keys(model.metrics).join(', ')})`);
  return m;
}

export function composeChart(def: ChartDef, env: ChartEnv, title: string | undefined, names: (t: string) => string): ChartSpec {
  if (def.kind === 'bridge') return bridgeChart(def, env, title);
  if (def.kind === 'doughnut') return doughnutChart(def, env, title);
  return seriesChart(def, env, title, names);
}

function seriesChart(def: ChartDef, env: ChartEnv, title: string | undefined, names: (t: string) => string): ChartSpec {
  const { model, theme, locale: loc } = env;
  if (!def.series?.length) throw new ChartDefError(`chart "${def.id}" names no series`);
  const from = def.last ? Math.max(0, model.quarters.length - def.last) : 0;
  const categories = env.quarters.slice(from);
  const formatFor = (m: Metric) => formatOf(loc, formatKey(m, Boolean(def.billions)));
  const scale = (m: Metric) => (def.billions && m.unit === 'jpy' ? scaleOf(loc, 'bn') : 1);
  let barIndex = 0;
  const series: ChartSeries[] = def.series.map((s) => {
    const m = metricOf(model, s.metric);
    const type = s.type ?? (def.kind === 'combo' && s.axis === 'y2' ? 'line' : 'bar');
    const color = type === 'line' ? theme.colors.line : theme.colors.series[barIndex++ % theme.colors.series.length];
    return {
      name: s.name ? names(s.name) : metricName(loc, m),
      values: m.values.slice(from).map((v) => (v === null ? null : v / scale(m))),
      type,
      axis: s.axis ?? 'y',
      color,
      labels: s.labels ?? true,
      format: formatFor(m),
      source: m.path,
    };
  });
  const barFmt = series.find((s) => s.axis === 'y')?.format ?? formatOf(loc, 'jpy');
  const y2 = series.find((s) => s.axis === 'y2');
  const stacked = def.kind === 'stacked' || (def.kind === 'combo' && series.filter((s) => s.type === 'bar').length > 1 && def.total_labels === true);
  const spec: ChartSpec = {
    id: def.id,
    kind: 'bar',
    stacked,
    title,
    categories,
    series,
    axes: {
      y: { format: barFmt, title: def.y_title ? names(def.y_title) : undefined },
      ...(y2 ? { y2: { format: y2.format, title: def.y2_title ? names(def.y2_title) : undefined } } : {}),
    },
    totalLabels: def.total_labels ? { format: barFmt } : undefined,
    legend: def.legend ?? 'bottom',
    source: sourceNote(loc, def.series.map((s) => metricOf(model, s.metric)), from),
    alt: '',
    words: chartWords(loc),
  };
  spec.alt = altText(loc, spec, title);
  return spec;
}

/** The words a renderer writes into a chart of its own accord (native charts' series of totals and decreases). */
function chartWords(loc: Locale): NonNullable<ChartSpec['words']> {
  return { total: loc.charts.total, decrease: loc.charts.decrease };
}

function sourceNote(loc: Locale, metrics: Metric[], from: number): string | undefined {
  const ill = metrics.some((m) => m.illustrative.slice(from).some(Boolean));
  return ill ? loc.charts.illustrative : undefined;
}

/** What the chart shows, its latest value and change: for screen readers and the alt attribute. */
export function altText(loc: Locale, spec: ChartSpec, title?: string): string {
  const n = spec.categories.length;
  const alt = loc.charts.alt;
  const series = spec.series.filter((s) => !s.invisible).map((s) => s.name).join(loc.charts.list);
  if (spec.kind === 'doughnut') {
    const s = spec.series[0];
    const parts = spec.categories.map((c, i) => fill(alt.part, { category: c, value: fmtValue(loc, s.values[i] ?? 0, s.format) }));
    return fill(alt.doughnut, { title: title ?? spec.id, series, parts: parts.join(loc.charts.items) });
  }
  const latest = spec.series.filter((s) => !s.invisible).map((s) => {
    const v = s.values[n - 1];
    const p = s.values[n - 2];
    if (v === null) return fill(alt.latest_missing, { name: s.name });
    const value = fmtValue(loc, v, s.format);
    // a ratio's change in percent says little: its latest value only
    if (p === null || (s.format.suffix !== undefined && s.format.suffix === loc.charts.formats.pct.suffix)) return fill(alt.latest, { name: s.name, value });
    return fill(alt.latest_change, { name: s.name, value, change: changeWords(loc, v, p), previous: spec.categories[n - 2] });
  });
  return fill(alt.bars, { title: title ?? spec.id, series, first: spec.categories[0], last: spec.categories[n - 1], latest: latest.join(loc.charts.items) });
}

function bridgeOf(model: Model, path: string): BridgeView {
  const [root, set, key] = path.split('.');
  const t = root === 'targets' ? (model.view.targets as unknown as Record<string, Record<string, BridgeView> | undefined>)[set]?.[key] : undefined;
  if (!t || !t.previous) throw new ChartDefError(`bridge "${path}" is not a target with a previous value and factors`);
  return t;
}

/** previous -> factors -> new as stacked bars: an invisible base carries each step to its height. */
function bridgeChart(def: ChartDef, env: ChartEnv, title: string | undefined): ChartSpec {
  const { model, theme, locale: loc } = env;
  const words = loc.charts.bridge;
  const b = bridgeOf(model, def.bridge ?? '');
  const key = def.billions === false ? 'jpy' : 'bn';
  const fmt = formatOf(loc, key);
  const k = scaleOf(loc, key);
  const start = b.previous!.value / k;
  const categories = [words.previous, ...b.factors.map((f) => f.short), words.new];
  const base: number[] = [0];
  const bar: number[] = [start];
  const colors: string[] = [theme.colors.total];
  let level = start;
  for (const f of b.factors) {
    const d = f.amount.value / k;
    const next = level + d;
    base.push(Math.min(level, next));
    bar.push(Math.abs(d));
    colors.push(d >= 0 ? theme.colors.up : theme.colors.down);
    level = next;
  }
  base.push(0);
  bar.push(b.new.value / k);
  colors.push(theme.colors.total);
  const spec: ChartSpec = {
    id: def.id,
    kind: 'bar',
    stacked: true,
    title,
    categories,
    series: [
      { name: words.base, values: base, type: 'bar', axis: 'y', color: 'FFFFFF', invisible: true, labels: false, format: fmt },
      // drawn as heights on the base, labelled as signed steps: 78.5, (3.6), ..., 73.0
      {
        name: words.series, values: bar, labelValues: [start, ...b.factors.map((f) => f.amount.value / k), b.new.value / k],
        type: 'bar', axis: 'y', color: theme.colors.total, pointColors: colors, labels: true, format: fmt, source: def.bridge,
      },
    ],
    // from zero: a cut value axis draws 33.2 at 38% of 34.5's height
    axes: { y: { format: fmt, hidden: true } },
    legend: 'none',
    source: b.factors.some((f) => f.illustrative) ? loc.charts.illustrative_factor : undefined,
    alt: '',
    words: chartWords(loc),
  };
  const factors = b.factors.map((f) => fill(loc.charts.alt.factor, { label: f.label, value: fmtValue(loc, f.amount.value / k, fmt) }));
  spec.alt = fill(loc.charts.alt.bridge, { title: title ?? def.id, previous: fmtValue(loc, start, fmt), factors: factors.join(loc.charts.list), new: fmtValue(loc, b.new.value / k, fmt) });
  return spec;
}

function doughnutChart(def: ChartDef, env: ChartEnv, title: string | undefined): ChartSpec {
  const { model, theme, locale: loc } = env;
  const cb = model.view.capex_breakdown;
  const period = env.capexPeriod;
  const fmt = formatOf(loc, 'jpy');
  const spec: ChartSpec = {
    id: def.id,
    kind: 'doughnut',
    stacked: false,
    title,
    categories: cb.items.map((i) => i.label),
    series: [{
      name: fill(loc.charts.capex_series, { period }), values: cb.items.map((i) => i.amount.value), type: 'bar', axis: 'y', color: theme.colors.series[0],
      pointColors: cb.items.map((_, i) => theme.colors.series[i % theme.colors.series.length]), labels: true, format: fmt, source: 'capex_breakdown.items',
    }],
    axes: { y: { format: fmt } },
    legend: def.legend ?? 'right',
    alt: '',
    words: chartWords(loc),
  };
  spec.alt = altText(loc, spec, title);
  return spec;
}
