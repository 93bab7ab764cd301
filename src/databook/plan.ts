// The data book's plan: which sheets, rows and columns, and what each cell
// holds, from the model. A cell is a figure of the data file (with its data
// path, so `import` can write it back), a formula over other cells (with the
// model's value as its cached result), or empty. Formulas name cells by sheet,
// row and column ids; the writer turns them into A1 references. Nothing here
// knows Excel's file format, or the command line.
import type { DataPath } from '../data/load.js';
import { aggregate, type Model } from '../model/build.js';
import { pctChange } from '../model/format.js';
import type { Metric } from '../model/metrics.js';
import { quarterLabel, twoDigits as two } from '../util/periods.js';
import type { DatabookUnit, Labels, Text } from './labels.js';
import { Wording } from './labels.js';

/** A cell named by sheet, row and value column; with `to` or `toRow`, a range along the row or down the column. */
export interface Ref { sheet?: string; row: string; col: number; to?: number; toRow?: string }
export type Formula = (string | Ref)[];

export type Cell =
  /** value: the data file's figure; null where the data has none; undefined where it holds something else (a TODO) */
  | { kind: 'figure'; value: number | null | undefined; path: DataPath; illustrative: boolean }
  /** value: the model's figure, cached so that readers that do not calculate show it ('' = no figure) */
  | { kind: 'formula'; formula: Formula; value: number | '' }
  | { kind: 'empty' };

export interface Row {
  id: string;
  kind: 'heading' | 'figure' | 'derived';
  label: Text;
  unit?: DatabookUnit;
  cells: Cell[];
  notes?: Text;
  bold?: boolean;
}

export interface Column { id: string; header: Text }

export interface SheetPlan { id: string; name: string; title: Text; columns: Column[]; rows: Row[] }

export interface BookPlan {
  langs: string[];
  formats: Record<DatabookUnit, string>;
  headers: { label: Text; unit: Text; notes: Text };
  units: Record<DatabookUnit, Text>;
  legend: Text;
  sheets: SheetPlan[];
  /** the document's date (the presentation date): same data, same bytes */
  date: string;
}

/** A quarterly sheet's value column: one quarter, or a period summed (or taken at its end) from quarters. */
interface QCol extends Column {
  idx: number[];
  /** the column a year before (YoY) and the quarter before (QoQ) */
  yoy?: number;
  qoq?: number;
}

const finite = (x: number | undefined): number | '' => (x !== undefined && Number.isFinite(x) ? x : '');
const r = (row: string, col: number, sheet?: string, to?: number): Ref => ({ row, col, sheet, to });
const ratioOf = (num: Ref, den: Ref): Formula => ['IF(', den, '=0,"",', num, '/', den, ')'];
const sumOf = (refs: Ref[]): Formula => refs.flatMap((x, i) => (i ? ['+', x] : [x]));

function pathOf(m: Metric, i: number): DataPath {
  return [...m.path.replace(/\.values$/, '').split('.'), 'values', i];
}

function quarterColumns(model: Model, w: Wording): QCol[] {
  const Q = model.quarters;
  const cols: QCol[] = Q.map((q, i) => ({ id: q, header: w.same(q), idx: [i], yoy: i >= 4 ? i - 4 : undefined, qoq: i >= 1 ? i - 1 : undefined }));
  // every fiscal year whose four quarters are all there, then the period and the same period a year before
  const years = [...new Set(Q.map((q) => Number(q.slice(2))))];
  const fyCol = new Map<number, number>();
  for (const fy of years) {
    const idx = [1, 2, 3, 4].map((q) => Q.indexOf(quarterLabel(q, fy)));
    if (idx.some((i) => i < 0)) continue;
    fyCol.set(fy, cols.length);
    cols.push({ id: `FY${two(fy)}`, header: w.same(`FY${two(fy)}`), idx, yoy: fyCol.get(fy - 1) });
  }
  const p = model.period;
  if (p.kind === 'half' || p.kind === 'nine_months') {
    let prior: number | undefined;
    if (p.priorQuarterIndices.every((i) => i >= 0)) { prior = cols.length; cols.push({ id: p.priorLabel, header: w.same(p.priorLabel), idx: p.priorQuarterIndices }); }
    if (p.quarterIndices.every((i) => i >= 0)) cols.push({ id: p.label, header: w.same(p.label), idx: p.quarterIndices, yoy: prior });
  }
  return cols;
}

/** Builds the rows of one sheet whose columns are quarters and periods. */
class QuarterSheet {
  readonly rows: Row[] = [];
  constructor(readonly id: string, readonly cols: QCol[], readonly model: Model, readonly w: Wording) {}

  heading(id: string, label: Text): void {
    this.rows.push({ id, kind: 'heading', label, cells: [], bold: true });
  }

  /** A series of the data file: figures in the quarter columns; periods summed (or the last quarter, for counts at an end). */
  figure(key: string, opts: { label?: Text; bold?: boolean } = {}): void {
    const m = this.model.metrics[key];
    if (!m || m.derived) throw new Error(`internal: ${key} is not a series of the data file`);
    const cells: Cell[] = this.cols.map((c, ci) => {
      if (c.idx.length === 1 && ci < this.model.quarters.length) {
        const i = c.idx[0];
        const v = m.values[i] as unknown;
        return { kind: 'figure', value: typeof v === 'number' ? v : v === null ? null : undefined, path: pathOf(m, i), illustrative: m.illustrative[i] };
      }
      const first = c.idx[0];
      const last = c.idx[c.idx.length - 1];
      const formula: Formula = m.aggregate.kind === 'last' ? [r(key, last)] : ['SUM(', r(key, first, undefined, last), ')'];
      return { kind: 'formula', formula, value: this.value(m, c) };
    });
    this.rows.push({ id: key, kind: 'figure', label: opts.label ?? this.w.each((x) => x.metrics[key].label), unit: unitOf(m), cells, notes: this.notes(m), bold: opts.bold });
  }

  /** A derived row: the formula per column, the model's metric as its cached value. */
  derived(id: string, key: string, formula: (col: number) => Formula, opts: { label?: Text; bold?: boolean } = {}): void {
    const m = this.model.metrics[key];
    if (!m) throw new Error(`internal: no metric ${key}`);
    const cells: Cell[] = this.cols.map((c, ci) => {
      const value = this.value(m, c);
      return value === '' && !isRatio(m) ? { kind: 'empty' } : { kind: 'formula', formula: formula(ci), value };
    });
    this.rows.push({ id, kind: 'derived', label: opts.label ?? this.w.word(`rows.${id}`, { metric: this.w.metric(key) }), unit: unitOf(m), cells, bold: opts.bold });
  }

  /** Change of another row: in % against the year before or the quarter before, or the difference from the quarter before. */
  change(id: string, of: string, kind: 'yoy' | 'qoq' | 'diff'): void {
    const src = this.rows.find((x) => x.id === of);
    if (!src) throw new Error(`internal: no row ${of}`);
    const num = (c: Cell | undefined) => (c && (c.kind === 'figure' || c.kind === 'formula') && typeof c.value === 'number' ? c.value : undefined);
    const cells: Cell[] = this.cols.map((c, ci) => {
      const from = kind === 'yoy' ? c.yoy : c.qoq;
      if (from === undefined) return { kind: 'empty' };
      const a = num(src.cells[ci]);
      const b = num(src.cells[from]);
      if (a === undefined || b === undefined) return { kind: 'empty' };
      if (kind === 'diff') return { kind: 'formula', formula: [r(of, ci), '-', r(of, from)], value: a - b };
      const p = pctChange(a, b);
      return { kind: 'formula', formula: ['IF(', r(of, from), '=0,"",(', r(of, ci), '-', r(of, from), ')/ABS(', r(of, from), '))'], value: p === undefined ? '' : p / 100 };
    });
    this.rows.push({ id, kind: 'derived', label: this.w.word(`rows.${id}`), unit: kind === 'diff' ? src.unit : 'pct', cells });
  }

  private value(m: Metric, c: QCol): number | '' {
    const f = aggregate(this.model.metrics, m.key, c.idx, c.id);
    const v = finite(f?.value);
    return v !== '' && m.unit === 'pct' ? v / 100 : v;
  }

  private notes(m: Metric): Text {
    const ill = m.illustrative;
    const flag = ill.every(Boolean) ? this.w.word('illustrative_all')
      : ill.some(Boolean) ? this.w.word('illustrative_some', { quarters: this.w.list(this.model.quarters.filter((_, i) => ill[i])) })
      : undefined;
    return this.w.join([this.w.same(m.source), ...(flag ? [flag] : [])]);
  }

  sheet(name: string, title: Text): SheetPlan {
    return { id: this.id, name, title, columns: this.cols.map(({ id, header }) => ({ id, header })), rows: this.rows };
  }
}

const isRatio = (m: Metric) => m.unit === 'pct';
const unitOf = (m: Metric): DatabookUnit => (m.unit === 'jpy_per_share' ? 'jpy' : m.unit);

/**
 * The plan of a data book. `modelIn` gives the model in each of the labels'
 * languages (the same figures, the data file's texts in that language); a
 * file in one language needs none.
 */
export function planBook(model: Model, labels: Labels, opts: { file: string; modelIn?: (lang: string) => Model }): BookPlan {
  const w = new Wording(labels, opts.modelIn ?? (() => model));
  const data = model.data;
  const company = w.each((x) => x.data.company.name);
  const cols = quarterColumns(model, w);
  const sheets: SheetPlan[] = [];
  // one name per sheet in every language: templates/databook.yaml (`sheets`) says why
  const named = (id: keyof Labels['sheets'], vars: Record<string, string> = {}) => ({ name: labels.sheets[id], title: w.word(`titles.${id}`, { company, ...vars }) });
  const qs = (id: keyof Labels['sheets'], build: (s: QuarterSheet) => void, vars?: Record<string, string>) => {
    const s = new QuarterSheet(id, cols, model, w);
    build(s);
    const n = named(id, vars);
    sheets.push(s.sheet(n.name, n.title));
  };

  qs('pl', (s) => {
    s.heading('income', w.word('sections.income'));
    s.figure('revenues', { bold: true });
    s.figure('costs');
    s.derived('gross_margin', 'gross_margin', (c) => [r('revenues', c), '-', r('costs', c)], { bold: true });
    s.figure('sga');
    s.figure('operating_income', { bold: true });
    for (const k of ['other_income', 'income_before_tax', 'income_tax', 'minority_interests', 'equity_method_income']) s.figure(k);
    s.figure('net_income', { bold: true });
    s.heading('ratios', w.word('sections.ratios'));
    s.derived('gm_ratio', 'gm_ratio', (c) => ratioOf(r('gross_margin', c), r('revenues', c)));
    for (const k of ['sga', 'operating_income', 'income_before_tax', 'net_income']) s.derived(`${k}_ratio`, `${k}_ratio`, (c) => ratioOf(r(k, c), r('revenues', c)));
    s.heading('changes', w.word('sections.changes'));
    s.change('revenues_yoy', 'revenues', 'yoy');
    s.change('revenues_qoq', 'revenues', 'qoq');
    s.change('operating_income_yoy', 'operating_income', 'yoy');
    s.change('net_income_yoy', 'net_income', 'yoy');
  });

  const lines = Object.entries(data.revenues.lines);
  qs('revenues', (s) => {
    s.heading('lines', w.word('sections.lines'));
    for (const [k] of lines) s.figure(`rev_${k}`);
    s.heading('groups', w.word('sections.groups'));
    for (const cls of ['recurring', 'one_time'] as const) {
      const keys = lines.filter(([, l]) => l.class === cls).map(([k]) => `rev_${k}`);
      s.derived(cls, cls, (c) => (keys.length ? sumOf(keys.map((k) => r(k, c))) : ['0']));
    }
    s.derived('revenues_ref', 'revenues', (c) => [r('revenues', c, 'pl')], { bold: true });
  });

  qs('costs', (s) => {
    s.heading('cost_lines', w.word('sections.cost_lines'));
    const costs = Object.entries(data.costs.lines);
    for (const [k] of costs) s.figure(`cost_${k}`);
    s.derived('costs_ref', 'costs', (c) => [r('costs', c, 'pl')], { bold: true });
    for (const [k, line] of costs) {
      if (!model.metrics[`segrev_${k}`]) continue;
      // the segment as the deck names it: the cost line's label less the locale's segment_prefix ("Cost of ")
      const segment = w.metric(`segrev_${k}`);
      s.heading(`margins_${k}`, w.word('sections.margins', { segment }));
      s.derived(`segrev_${k}`, `segrev_${k}`, (c) => sumOf(line.revenue_lines.map((l) => r(`rev_${l}`, c, 'revenues'))), { label: w.word('rows.segment_revenues', { segment }) });
      s.derived(`gp_${k}`, `gp_${k}`, (c) => [r(`segrev_${k}`, c), '-', r(`cost_${k}`, c)], { label: w.word('rows.segment_gp', { segment }) });
      s.derived(`gmr_${k}`, `gmr_${k}`, (c) => ratioOf(r(`gp_${k}`, c), r(`segrev_${k}`, c)), { label: w.word('rows.segment_gmr', { segment }) });
    }
  });

  qs('sga', (s) => {
    s.derived('sga_ref', 'sga', (c) => [r('sga', c, 'pl')], { bold: true });
    s.derived('revenues_ref', 'revenues', (c) => [r('revenues', c, 'pl')]);
    s.derived('sga_ratio', 'sga_ratio', (c) => ratioOf(r('sga_ref', c), r('revenues_ref', c)));
    s.change('sga_yoy', 'sga_ref', 'yoy');
    s.change('sga_qoq', 'sga_ref', 'qoq');
  });

  qs('employees', (s) => {
    const groups = Object.keys(data.employees.groups).map((k) => `emp_${k}`);
    for (const g of groups) s.figure(g);
    s.derived('employees_total', 'employees', (c) => sumOf(groups.map((g) => r(g, c))), { bold: true, label: w.metric('employees') });
    s.change('employees_qoq', 'employees_total', 'diff');
  });

  qs('operations', (s) => {
    for (const k of ['bandwidth', 'backlog_construction', 'backlog_operation']) s.figure(k);
  });

  qs('capex', (s) => {
    s.figure('capex', { bold: true });
    s.figure('depreciation');
    s.derived('operating_income_ref', 'operating_income', (c) => [r('operating_income', c, 'pl')]);
    s.derived('adjusted_ebitda', 'adjusted_ebitda', (c) => [r('operating_income_ref', c), '+', r('depreciation', c)], { bold: true });
  });

  sheets.push(capexBreakdown(model, w, cols, named('capex_breakdown', { period: data.capex_breakdown.period })));
  sheets.push(balanceSheet(model, w, named('bs')));

  qs('cash', (s) => {
    for (const k of ['cf_operating', 'cf_investing', 'cf_financing']) s.figure(k);
    s.derived('cf_free', 'cf_free', (c) => [r('cf_operating', c), '+', r('cf_investing', c)], { bold: true });
    s.derived('cf_net', 'cf_net', (c) => sumOf(['cf_operating', 'cf_investing', 'cf_financing'].map((k) => r(k, c))), { bold: true });
  });

  sheets.push(targets(model, w, named('targets', { announced: data.targets.announced })));
  sheets.push(revisions(model, w, named('revisions')));
  return {
    langs: labels.langs,
    formats: labels.formats,
    headers: { label: w.word('columns.label'), unit: w.word('columns.unit'), notes: w.word('columns.notes') },
    units: { jpy: w.unit('jpy'), count: w.unit('count'), gbps: w.unit('gbps'), pct: w.unit('pct') },
    legend: w.word('legend', { file: opts.file }),
    sheets,
    date: data.period.presentation_date,
  };
}

const num = (v: unknown): number | null | undefined => (typeof v === 'number' ? v : v === null ? null : undefined);
const fig = (value: unknown, path: DataPath, illustrative = false): Cell => ({ kind: 'figure', value: num(value), path, illustrative });
/** A derived row of a sheet with one value column, in JPY million. */
const formulaRow = (id: string, label: Text, formula: Formula, value: number | null | undefined, bold = false): Row =>
  ({ id, kind: 'derived', label, unit: 'jpy', bold, cells: [{ kind: 'formula', formula, value: finite(value ?? undefined) }] });

function capexBreakdown(model: Model, w: Wording, qcols: QCol[], n: { name: string; title: Text }): SheetPlan {
  const cb = model.data.capex_breakdown;
  const rows: Row[] = cb.items.map((it, i) => ({
    id: `item_${i}`, kind: 'figure', label: w.each((x) => x.data.capex_breakdown.items[i].label), unit: 'jpy',
    cells: [fig(it.amount, ['capex_breakdown', 'items', i, 'amount'], cb.illustrative)],
    notes: i === 0 ? w.join([w.same(cb.source), ...(cb.illustrative ? [w.word('illustrative_value')] : [])]) : undefined,
  }));
  const total = model.view.capex_breakdown.total.value;
  rows.push(formulaRow('capex_total', w.word('rows.capex_total'), ['SUM(', { row: 'item_0', col: 0, toRow: `item_${cb.items.length - 1}` }, ')'], total, true));
  const ci = qcols.findIndex((c) => c.id === cb.period);
  if (ci >= 0) {
    const v = aggregate(model.metrics, 'capex', qcols[ci].idx, cb.period)?.value;
    rows.push(formulaRow('capex_quarters', w.word('rows.capex_quarters', { period: cb.period }), [r('capex', ci, 'capex')], v));
  }
  return { id: 'capex_breakdown', ...n, columns: [{ id: 'amount', header: w.join([w.word('columns.amount'), w.same(cb.period)], '\n') }], rows };
}

function balanceSheet(model: Model, w: Wording, n: { name: string; title: Text }): SheetPlan {
  const bs = model.data.balance_sheet;
  const rows: Row[] = bs.items.map((it, i) => ({
    id: it.key, kind: 'figure', label: w.each((x) => x.data.balance_sheet.items[i].label), unit: 'jpy',
    cells: [
      fig(it.previous, ['balance_sheet', 'items', i, 'previous']),
      fig(it.current, ['balance_sheet', 'items', i, 'current']),
      { kind: 'formula', formula: [r(it.key, 1), '-', r(it.key, 0)], value: finite(model.view.bs.items[i]?.change.value) },
    ],
    notes: i === 0 ? w.same(bs.source) : undefined,
  }));
  return {
    id: 'bs', ...n, rows,
    columns: [
      { id: 'previous', header: w.join([w.word('columns.previous'), w.same(bs.previous_date)], '\n') },
      { id: 'current', header: w.join([w.word('columns.current'), w.same(bs.current_date)], '\n') },
      { id: 'change', header: w.word('columns.change') },
    ],
  };
}

type TargetSets = { key: 'half' | 'full_year'; label: string }[];
function targetSets(model: Model): TargetSets {
  const p = model.period;
  return [...(model.data.targets.half ? [{ key: 'half' as const, label: `1H${p.fyShort.slice(2)}` }] : []), { key: 'full_year' as const, label: p.fyLong }];
}

const TARGET_KEYS = ['revenues', 'operating_income', 'income_before_tax', 'net_income'] as const;

function targets(model: Model, w: Wording, n: { name: string; title: Text }): SheetPlan {
  const rows: Row[] = [];
  for (const set of targetSets(model)) {
    const t = model.data.targets[set.key]!;
    rows.push({ id: set.key, kind: 'heading', label: w.word(`sections.${set.key}`, { period: set.label, fy: set.label }), cells: [], bold: true });
    for (const k of TARGET_KEYS) {
      const path = ['targets', set.key, k];
      const hasPrev = 'previous' in t[k] && t[k].previous !== undefined;
      const id = `${set.key}_${k}`;
      const v = model.view.targets[set.key]![k];
      rows.push({
        id, kind: 'figure', label: w.word(`rows.target_${k}`), unit: 'jpy', bold: k === 'revenues' || k === 'operating_income',
        cells: [
          hasPrev ? fig(t[k].previous, [...path, 'previous']) : { kind: 'empty' },
          fig(t[k].new, [...path, 'new']),
          hasPrev ? { kind: 'formula', formula: [r(id, 1), '-', r(id, 0)], value: finite(v.change?.value) } : { kind: 'empty' },
        ],
      });
    }
  }
  return {
    id: 'targets', ...n, rows,
    columns: [
      { id: 'previous', header: w.word('columns.previous_target') },
      { id: 'new', header: w.word('columns.new_target') },
      { id: 'change', header: w.word('columns.change') },
    ],
  };
}

function revisions(model: Model, w: Wording, n: { name: string; title: Text }): SheetPlan {
  const rows: Row[] = [];
  for (const set of targetSets(model)) {
    for (const k of ['revenues', 'operating_income'] as const) {
      const b = model.data.targets[set.key]![k];
      const id = `${set.key}_${k}`;
      const tr = (col: number): Ref => r(id, col, 'targets');
      rows.push({ id, kind: 'heading', label: w.word(`sections.bridge_${k}`, { period: set.label }), cells: [], bold: true });
      rows.push(formulaRow(`${id}_previous`, w.word('rows.bridge_previous'), [tr(0)], num(b.previous)));
      b.factors.forEach((f, i) => rows.push({
        id: `${id}_f${i}`, kind: 'figure', label: w.each((x) => x.data.targets[set.key]![k].factors[i].label), unit: 'jpy',
        cells: [fig(f.amount, ['targets', set.key, k, 'factors', i, 'amount'], f.illustrative ?? false)],
        notes: f.illustrative ? w.word('illustrative_value') : undefined,
      }));
      const sum = (num(b.previous) ?? NaN) + b.factors.reduce((a, f) => a + (num(f.amount) ?? NaN), 0);
      const factors: Ref = { row: `${id}_f0`, col: 0, toRow: `${id}_f${b.factors.length - 1}` };
      rows.push(formulaRow(`${id}_sum`, w.word('rows.bridge_sum'), [r(`${id}_previous`, 0), '+SUM(', factors, ')'], sum));
      rows.push(formulaRow(`${id}_new`, w.word('rows.bridge_new'), [tr(1)], num(b.new), true));
    }
  }
  return { id: 'revisions', ...n, rows, columns: [{ id: 'amount', header: w.word('columns.amount') }] };
}
