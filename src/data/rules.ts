// Consistency rules run on every load. Each rule says which figures disagree
// and by how much, at the line of the figure most likely to be wrong. Sums are
// compared within rounding: the filings round each figure to JPY1 million, so
// a total may differ from the sum of its rounded parts by up to about 1.
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../errors.js';
import type { Data } from './schema.js';
import type { DataPath, LoadedData } from './load.js';
import { pathToString } from './load.js';
import { formatNumber } from '../util/number.js';
import { KIND_QUARTERS, parseQuarter, previousQuarter, quarterLabel } from '../util/periods.js';
import { own } from '../util/own.js';

const TOL_SUM = 1.0;
/** Revision factors are stated as "approx. JPY0.1 billion": half of that last digit. */
const TOL_BRIDGE = 50;

type Emit = (
  path: DataPath,
  rule: string,
  message: string,
  severity?: 'error' | 'warning',
  hint?: (file: string, at: { line: number; column: number }) => { column: number; message: string } | undefined,
) => void;

const fmt = (x: number) => formatNumber(x, { decimals: Number.isInteger(x) ? 0 : 1, parens: false });

export function checkRules(loaded: LoadedData): Diagnostic[] {
  const { data, file, locate } = loaded;
  const out: Diagnostic[] = [];
  const emit: Emit = (path, rule, message, severity = 'error', hint) => {
    const at = locate(path);
    const more = hint?.(file, at);
    out.push({ file, ...at, ...(more ? { column: more.column } : {}), path: pathToString(path), rule, message: more ? `${message}; ${more.message}` : message, severity });
  };
  // Rules also run on data that failed the schema, so every mistake is reported in one pass.
  // A rule that trips over a malformed part simply has nothing to say about it:
  // the schema error already points there.
  const run = (f: () => unknown) => { try { return f(); } catch { return undefined; } };
  const quartersOk = run(() => checkQuarters(data, emit)) === true;
  run(() => checkLengths(data, emit));
  if (quartersOk) run(() => checkPeriod(data, emit));
  run(() => checkLines(data, emit));
  run(() => checkIncome(data, emit));
  if (quartersOk) run(() => checkReported(data, emit));
  run(() => checkBridges(data, emit));
  run(() => checkBalanceSheet(data, emit));
  if (quartersOk) run(() => checkCash(data, emit));
  if (quartersOk) run(() => checkCapex(data, emit));
  // where the schema already complained about a figure, a rule about the same figure is noise
  const bad = new Set(loaded.problems.map((p) => p.path));
  return out.filter((d) => !bad.has(d.path));
}

/**
 * In a flow list a comma inside a number ([16,328, 16,926]) splits it in two
 * and the series silently has too many values: read the line the list is on
 * (only for a series already found too long) and point at the comma.
 */
function commaHint(file: string, at: { line: number; column: number }): { column: number; message: string } | undefined {
  let line: string | undefined;
  try { line = readFileSync(file, 'utf8').split('\n')[at.line - 1]; } catch { return undefined; }
  const m = line ? /(\d+),(\d{3})(?![\d.])/.exec(line.slice(Math.max(0, at.column - 1))) : null;
  if (!m) return undefined;
  const column = Math.max(0, at.column - 1) + m.index + m[1].length + 1;
  return { column, message: `the comma in "${m[0]}" (column ${column}) splits one number in two: write ${m[1]}${m[2]}, without the comma` };
}

/** A number, or undefined for anything else (rules run on unvalidated data too). */
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function checkQuarters(data: Data, emit: Emit): boolean {
  let ok = true;
  const seen = new Map<string, number>();
  data.quarters.forEach((q, i) => {
    if (seen.has(q)) { emit(['quarters', i], 'rule/quarter-duplicate', `quarter ${q} appears twice (also at position ${seen.get(q)! + 1})`); ok = false; }
    seen.set(q, i);
    if (i > 0 && ok) {
      const expected = nextOf(data.quarters[i - 1]);
      if (q !== expected) { emit(['quarters', i], 'rule/quarter-order', `expected ${expected} after ${data.quarters[i - 1]}, found ${q} (quarters run oldest first, with none missing)`); ok = false; }
    }
  });
  return ok;
}

function nextOf(label: string): string {
  const r = parseQuarter(label);
  return r.q === 4 ? quarterLabel(1, r.fy + 1) : quarterLabel(r.q + 1, r.fy);
}

function checkPeriod(data: Data, emit: Emit): void {
  const last = parseQuarter(data.quarters[data.quarters.length - 1]);
  const n = KIND_QUARTERS[data.period.kind];
  const fy = data.period.fiscal_year % 100;
  const expected = quarterLabel(n, fy);
  if (last.label !== expected) {
    emit(['period', 'kind'], 'rule/period', `period ${data.period.kind} of FY${data.period.fiscal_year} ends with quarter ${expected}, but the last quarter in quarters is ${last.label}`);
    return;
  }
  const needed = [last, previousQuarter(last), { label: quarterLabel(last.q, last.fy - 1) }];
  for (let q = 1; q <= n; q++) needed.push({ label: quarterLabel(q, fy - 1) } as typeof last);
  for (const q of needed) {
    if (!data.quarters.includes(q.label)) emit(['quarters'], 'rule/period', `the period's comparisons need quarter ${q.label}, which quarters does not include`);
  }
  if (data.period.kind === 'half' && !data.targets.half) emit(['targets'], 'rule/targets', 'a half-year deck shows the half-year targets: add targets.half', 'error');
}

/** Every quarterly series, with its data path. */
function allSeries(data: Data): [DataPath, { values: (number | null)[]; illustrative: boolean | string[] }][] {
  const s: [DataPath, { values: (number | null)[]; illustrative: boolean | string[] }][] = [];
  s.push([['revenues', 'total'], data.revenues.total]);
  for (const [k, v] of Object.entries(data.revenues.lines)) s.push([['revenues', 'lines', k], v]);
  s.push([['costs', 'total'], data.costs.total]);
  for (const [k, v] of Object.entries(data.costs.lines)) s.push([['costs', 'lines', k], v]);
  const single = [
    'sga', 'operating_income', 'other_income', 'income_before_tax', 'income_tax', 'minority_interests', 'equity_method_income', 'net_income',
    'bandwidth_gbps', 'capex', 'depreciation',
  ] as const;
  for (const k of single) s.push([[k], data[k]]);
  for (const [k, v] of Object.entries(data.employees.groups)) s.push([['employees', 'groups', k], v]);
  s.push([['si_backlog', 'construction'], data.si_backlog.construction], [['si_backlog', 'operation'], data.si_backlog.operation]);
  for (const k of ['operating', 'investing', 'financing'] as const) s.push([['cash_flows', k], data.cash_flows[k]]);
  return s;
}

function checkLengths(data: Data, emit: Emit): void {
  // quarters that are not a list (the schema says so) give no length to hold the series to
  if (!Array.isArray(data.quarters)) return;
  const n = data.quarters.length;
  for (const [path, s] of allSeries(data)) {
    if (s.values.length !== n) {
      emit([...path, 'values'], 'rule/series-length',
        `${s.values.length} values but ${n} quarters (${data.quarters[0]}..${data.quarters[n - 1]}): one value per quarter, oldest first`, 'error', commaHint);
    }
    if (Array.isArray(s.illustrative)) {
      s.illustrative.forEach((q, i) => {
        if (!data.quarters.includes(q)) emit([...path, 'illustrative', i], 'rule/unknown-quarter', `quarter ${q} is not in quarters`);
      });
    }
  }
}

function at(values: (number | null)[], i: number): number | undefined {
  return num(values[i]);
}

function checkLines(data: Data, emit: Emit): void {
  const revLines = Object.entries(data.revenues.lines);
  const costLines = Object.entries(data.costs.lines);
  const claimed = new Map<string, string>();
  for (const [k, c] of costLines) {
    c.revenue_lines.forEach((r, j) => {
      const at = ['costs', 'lines', k, 'revenue_lines', j];
      if (!own(data.revenues.lines, r)) emit(at, 'rule/unknown-line', `revenue line "${r}" does not exist (known: ${Object.keys(data.revenues.lines).join(', ')})`);
      else if (claimed.has(r)) emit(at, 'rule/line-twice', `revenue line "${r}" is already costed by costs.lines.${claimed.get(r)}`);
      claimed.set(r, k);
    });
  }
  sumRule(data, emit, ['revenues', 'total'], data.revenues.total.values, revLines.map(([, s]) => s.values), 'revenue lines');
  sumRule(data, emit, ['costs', 'total'], data.costs.total.values, costLines.map(([, s]) => s.values), 'cost lines');
}

function sumRule(data: Data, emit: Emit, totalPath: DataPath, total: (number | null)[], parts: (number | null)[][], what: string): void {
  data.quarters.forEach((q, i) => {
    const t = at(total, i);
    const xs = parts.map((p) => at(p, i));
    if (t === undefined || xs.some((x) => x === undefined)) return;
    const s = (xs as number[]).reduce((a, b) => a + b, 0);
    if (Math.abs(s - t) > TOL_SUM + 1e-9) {
      emit([...totalPath, 'values', i], 'rule/lines-sum', `${q}: ${what} add up to ${fmt(s)} but ${pathToString(totalPath)} is ${fmt(t)} (off by ${fmt(s - t)})`);
    }
  });
}

/** a op b = c for each quarter, within tol. */
function identity(data: Data, emit: Emit, target: DataPath, name: string, tol: number, f: (i: number) => { expected?: number; actual?: number; formula: string }): void {
  data.quarters.forEach((q, i) => {
    const { expected, actual, formula } = f(i);
    if (expected === undefined || actual === undefined) return;
    if (Math.abs(expected - actual) > tol + 1e-9) {
      emit([...target, 'values', i], `rule/${name}`, `${q}: ${formula} = ${fmt(expected)}, but ${pathToString(target)} is ${fmt(actual)} (off by ${fmt(actual - expected)})`);
    }
  });
}

function checkIncome(data: Data, emit: Emit): void {
  identity(data, emit, ['operating_income'], 'operating-income', TOL_SUM, (i) => {
    const r = at(data.revenues.total.values, i), c = at(data.costs.total.values, i), s = at(data.sga.values, i);
    return { expected: r !== undefined && c !== undefined && s !== undefined ? r - c - s : undefined, actual: at(data.operating_income.values, i), formula: 'revenues - costs - SG&A' };
  });
  identity(data, emit, ['income_before_tax'], 'income-before-tax', TOL_SUM, (i) => {
    const o = at(data.operating_income.values, i), x = at(data.other_income.values, i);
    return { expected: o !== undefined && x !== undefined ? o + x : undefined, actual: at(data.income_before_tax.values, i), formula: 'operating income + other income' };
  });
  identity(data, emit, ['net_income'], 'net-income', 2 * TOL_SUM, (i) => {
    const b = at(data.income_before_tax.values, i), t = at(data.income_tax.values, i), m = at(data.minority_interests.values, i), e = at(data.equity_method_income.values, i);
    const ok = b !== undefined && t !== undefined && m !== undefined && e !== undefined;
    return { expected: ok ? b - t + m + e : undefined, actual: at(data.net_income.values, i), formula: 'income before tax - tax + minority interests + equity-method income' };
  });
}

/** Quarter labels making up a reported period such as 1H07, 9M08 or FY07. */
export function quartersOfPeriod(label: string): string[] {
  const kind = label.slice(0, 2);
  const fy = Number(label.slice(2));
  const n = kind === '1H' ? 2 : kind === '9M' ? 3 : kind === 'FY' ? 4 : 0;
  if (kind === '2H') return [quarterLabel(3, fy), quarterLabel(4, fy)];
  if (n === 0) return [label];
  return Array.from({ length: n }, (_, k) => quarterLabel(k + 1, fy));
}

function checkReported(data: Data, emit: Emit): void {
  const series = { revenues: data.revenues.total, operating_income: data.operating_income, income_before_tax: data.income_before_tax, net_income: data.net_income } as const;
  data.reported.forEach((r, ri) => {
    const qs = quartersOfPeriod(r.period);
    const idx = qs.map((q) => data.quarters.indexOf(q));
    if (idx.some((i) => i < 0)) return; // a period outside the history is kept for the record only
    for (const key of Object.keys(series) as (keyof typeof series)[]) {
      const stated = num(r[key]);
      if (stated === undefined) continue;
      const vals = idx.map((i) => at(series[key].values, i));
      if (vals.some((v) => v === undefined)) continue;
      const s = (vals as number[]).reduce((a, b) => a + b, 0);
      if (Math.abs(s - stated) > TOL_SUM + 1e-9) {
        emit(['reported', ri, key], 'rule/half-sum', `${r.period} ${key} is reported as ${fmt(stated)}, but its quarters ${qs.join(' + ')} add up to ${fmt(s)} (off by ${fmt(s - stated)})`);
      }
    }
  });
}

function checkBridges(data: Data, emit: Emit): void {
  const sets: [string, Data['targets']['half']][] = [['half', data.targets.half], ['full_year', data.targets.full_year]];
  for (const [name, t] of sets) {
    if (!t) continue;
    for (const key of ['revenues', 'operating_income'] as const) {
      const b = t[key];
      const amounts = b.factors.map((f) => num(f.amount));
      if (num(b.previous) === undefined || num(b.new) === undefined || amounts.some((a) => a === undefined)) continue;
      const sum = (amounts as number[]).reduce((s, a) => s + a, 0);
      const end = b.previous + sum;
      if (Math.abs(end - b.new) > TOL_BRIDGE) {
        emit(['targets', name, key, 'new'], 'rule/bridge',
          `targets.${name}.${key}: previous ${fmt(b.previous)} + factors ${fmt(sum)} = ${fmt(end)}, ` +
          `but new is ${fmt(b.new)} (off by ${fmt(b.new - end)}; add or correct a factor)`);
      }
    }
  }
}

function checkBalanceSheet(data: Data, emit: Emit): void {
  const bs = data.balance_sheet;
  if (bs.current_date <= bs.previous_date) emit(['balance_sheet', 'current_date'], 'rule/bs-dates', `current_date ${bs.current_date} must be after previous_date ${bs.previous_date}`);
  const keys = new Set<string>();
  bs.items.forEach((it, i) => {
    if (keys.has(it.key)) emit(['balance_sheet', 'items', i, 'key'], 'rule/bs-duplicate', `balance-sheet item "${it.key}" appears twice`);
    keys.add(it.key);
    if (num(it.current) === undefined || num(it.previous) === undefined) return;
    if (it.change !== undefined && num(it.change) !== undefined && Math.abs(it.current - it.previous - it.change) > TOL_SUM + 1e-9) {
      emit(['balance_sheet', 'items', i, 'change'], 'rule/bs-change', `${it.label}: ${fmt(it.current)} - ${fmt(it.previous)} = ${fmt(it.current - it.previous)}, but change is ${fmt(it.change)}`);
    }
  });
}

/** The change in cash between the two balance-sheet dates equals the period's cash flows. */
function checkCash(data: Data, emit: Emit): void {
  const i = data.balance_sheet.items.findIndex((it) => it.key === 'cash');
  if (i < 0) return;
  const n = KIND_QUARTERS[data.period.kind];
  const fy = data.period.fiscal_year % 100;
  const idx = Array.from({ length: n }, (_, k) => data.quarters.indexOf(quarterLabel(k + 1, fy)));
  if (idx.some((x) => x < 0)) return;
  const cf = data.cash_flows;
  let flow = 0;
  for (const x of idx) {
    for (const s of [cf.operating, cf.investing, cf.financing]) {
      const v = at(s.values, x);
      if (v === undefined) return;
      flow += v;
    }
  }
  const it = data.balance_sheet.items[i];
  if (num(it.current) === undefined || num(it.previous) === undefined) return;
  const change = it.current - it.previous;
  if (Math.abs(change - flow) > 3 * TOL_SUM + 1e-9) {
    emit(['balance_sheet', 'items', i, 'current'], 'rule/cash',
      `cash changed by ${fmt(change)} between ${data.balance_sheet.previous_date} and ${data.balance_sheet.current_date}, ` +
      `but the period's cash flows add up to ${fmt(flow)} (off by ${fmt(change - flow)})`);
  }
}

function checkCapex(data: Data, emit: Emit): void {
  const cb = data.capex_breakdown;
  const idx = quartersOfPeriod(cb.period).map((q) => data.quarters.indexOf(q));
  if (idx.some((i) => i < 0)) { emit(['capex_breakdown', 'period'], 'rule/period', `period ${cb.period} is not covered by quarters`); return; }
  const vals = idx.map((i) => at(data.capex.values, i));
  if (vals.some((v) => v === undefined)) return;
  const s = (vals as number[]).reduce((a, b) => a + b, 0);
  if (cb.items.some((it) => num(it.amount) === undefined)) return;
  const parts = cb.items.reduce((a, b) => a + b.amount, 0);
  if (Math.abs(s - parts) > TOL_SUM + 1e-9) {
    emit(['capex_breakdown', 'items'], 'rule/capex-sum',
      `the CAPEX breakdown adds up to ${fmt(parts)}, but capex for ${cb.period} is ${fmt(s)} (off by ${fmt(parts - s)})`);
  }
}
