// Hand-typed changes in the data file's own sentences ("fell 21.9% YoY",
// "(down 8.2% QoQ)") compared with the model. A typed percentage that some
// metric gives with the same direction is fine; one that the figures give only
// the other way round is an error (the sentence says down, the data say up);
// one that no metric gives at all is a warning: a figure no data path backs,
// better written with a helper ({{change q.x q_prev.x}}) or kept as a fact.
import type { DataPath, LoadedData } from '../data/load.js';
import { pathToString } from '../data/load.js';
import type { Diagnostic } from '../errors.js';
import { aggregate, type Model } from '../model/build.js';
import { formatNumber, pctChange, roundTo } from '../model/format.js';

type Direction = 'up' | 'down';
type Basis = 'YoY' | 'QoQ';

/** One typed change found in a sentence. */
export interface TypedChange {
  direction: Direction;
  /** the percentage as typed, e.g. 8.2 */
  value: number;
  /** digits after the decimal point as typed */
  decimals: number;
  basis?: Basis;
  /** the words as typed, e.g. "down 8.2% QoQ" */
  text: string;
}

const UP = ['up', 'rose', 'rise', 'rises', 'risen', 'rising', 'increase', 'increased', 'increases', 'increasing', 'grew', 'grow', 'grows', 'grown', 'growing', 'gained', 'gain', 'gains', 'climbed', 'climb', 'higher', 'improved', 'jumped'];
const DOWN = ['down', 'fell', 'fall', 'falls', 'fallen', 'falling', 'decrease', 'decreased', 'decreases', 'decreasing', 'declined', 'decline', 'declines', 'declining', 'dropped', 'drop', 'drops', 'lower', 'shrank', 'slipped'];
const WORDS = [...UP, ...DOWN].sort((a, b) => b.length - a.length).join('|');
const NUM = String.raw`(\d+(?:\.\d+)?)\s?%`;
const BASIS = String.raw`(?:\s*(?:\(\s*)?(YoY|QoQ|year[- ]on[- ]year|quarter[- ]on[- ]quarter)\b)?`;
/** "down 8.2% QoQ", "increased by 13.7% YoY", "fell 21.9%" */
const CHANGE_RE = new RegExp(String.raw`\b(${WORDS})\s+(?:by\s+|of\s+)?${NUM}${BASIS}`, 'gi');
/** "... rose 67.1% YoY and 3.4% QoQ": a second figure sharing the direction word */
const AND_RE = new RegExp(String.raw`^\s*(?:,\s*)?(?:and|or|,)\s+(?:by\s+)?${NUM}${BASIS}`, 'i');

function basisOf(s: string | undefined): Basis | undefined {
  if (!s) return undefined;
  return /^(yoy|year)/i.test(s) ? 'YoY' : 'QoQ';
}

/** Typed changes in one sentence; helper calls ({{...}}) are computed, not typed, and are skipped. */
export function findTypedChanges(sentence: string): TypedChange[] {
  const text = sentence.replace(/\{\{[^}]*\}\}/g, (m) => ' '.repeat(m.length));
  const out: TypedChange[] = [];
  CHANGE_RE.lastIndex = 0;
  for (let m = CHANGE_RE.exec(text); m; m = CHANGE_RE.exec(text)) {
    const direction: Direction = UP.includes(m[1].toLowerCase()) ? 'up' : 'down';
    const push = (num: string, basis: string | undefined, words: string) =>
      out.push({ direction, value: Number(num), decimals: num.includes('.') ? num.split('.')[1].length : 0, basis: basisOf(basis), text: words.trim() });
    push(m[2], m[3], m[0]);
    let rest = text.slice(CHANGE_RE.lastIndex);
    let offset = CHANGE_RE.lastIndex;
    for (let a = AND_RE.exec(rest); a; a = AND_RE.exec(rest)) {
      push(a[1], a[2], `${m[1]} ${a[0].replace(/^\s*(?:,\s*)?(?:and|or|,)\s+/i, '')}`);
      offset += a[0].length;
      rest = text.slice(offset);
    }
    CHANGE_RE.lastIndex = offset;
  }
  return out;
}

/** One comparison the model can make: a metric between two periods. */
interface Comparison {
  metric: string;
  basis: Basis;
  fromLabel: string;
  toLabel: string;
  from: number;
  to: number;
  /** signed percentage change */
  change: number;
}

function comparisons(model: Model): Comparison[] {
  const p = model.period;
  const out: Comparison[] = [];
  const pairs: { basis: Basis; to: number[]; from: number[]; toLabel: string; fromLabel: string }[] = [
    { basis: 'QoQ', to: [p.qi], from: [p.prevQi], toLabel: p.quarter.label, fromLabel: p.prevQuarter.label },
    { basis: 'YoY', to: [p.qi], from: [p.yearAgoQi], toLabel: p.quarter.label, fromLabel: p.yearAgoQuarter.label },
  ];
  // the cumulative period (1H08 vs 1H07); for a first-quarter deck it is the quarter itself
  if (p.quarterIndices.length > 1) pairs.push({ basis: 'YoY', to: p.quarterIndices, from: p.priorQuarterIndices, toLabel: p.label, fromLabel: p.priorLabel });
  for (const [key, m] of Object.entries(model.metrics)) {
    // a change of a ratio is written in points, not in per cent of the ratio
    if (m.unit === 'pct') continue;
    for (const c of pairs) {
      const to = aggregate(model.metrics, key, c.to, c.toLabel);
      const from = aggregate(model.metrics, key, c.from, c.fromLabel);
      if (!to || !from) continue;
      const change = pctChange(to.value, from.value);
      if (change === undefined || !Number.isFinite(change)) continue;
      out.push({ metric: key, basis: c.basis, fromLabel: c.fromLabel, toLabel: c.toLabel, from: from.value, to: to.value, change });
    }
  }
  return out;
}

/** The hand-written texts of the data file, each with its data path. */
function sentences(loaded: LoadedData): { path: DataPath; text: string }[] {
  const d = loaded.data as unknown as Record<string, unknown>;
  const out: { path: DataPath; text: string }[] = [];
  const commentary = d.commentary;
  if (commentary && typeof commentary === 'object') {
    for (const [k, v] of Object.entries(commentary as Record<string, unknown>)) {
      if (typeof v === 'string') out.push({ path: ['commentary', k], text: v });
      else if (Array.isArray(v)) v.forEach((s, i) => { if (typeof s === 'string') out.push({ path: ['commentary', k, i], text: s }); });
    }
  }
  if (Array.isArray(d.topics)) {
    d.topics.forEach((t: unknown, i) => {
      const bullets = t && typeof t === 'object' ? (t as { bullets?: unknown }).bullets : undefined;
      if (Array.isArray(bullets)) bullets.forEach((s, j) => { if (typeof s === 'string') out.push({ path: ['topics', i, 'bullets', j], text: s }); });
    });
  }
  const targets = d.targets as Record<string, unknown> | undefined;
  for (const set of ['half', 'full_year']) {
    const t = targets?.[set] as Record<string, { factors?: unknown }> | undefined;
    for (const key of ['revenues', 'operating_income']) {
      const factors = t?.[key]?.factors;
      if (Array.isArray(factors)) factors.forEach((f, i) => {
        const label = f && typeof f === 'object' ? (f as { label?: unknown }).label : undefined;
        if (typeof label === 'string') out.push({ path: ['targets', set, key, 'factors', i, 'label'], text: label });
      });
    }
  }
  return out;
}

/** Percentages the data keeps as facts ({ value: 13.7, unit: "%" }): typing them is traceable. */
function factPercentages(loaded: LoadedData): number[] {
  const facts = (loaded.data as unknown as { facts?: Record<string, { value?: unknown; unit?: unknown }> }).facts ?? {};
  return Object.values(facts)
    .filter((f) => f && typeof f.value === 'number' && typeof f.unit === 'string' && f.unit.trim().startsWith('%'))
    .map((f) => Math.abs(f.value as number));
}

const figure = (x: number) => formatNumber(x, { decimals: Number.isInteger(x) ? 0 : Math.abs(x) < 100 ? 1 : 0 });

function describe(c: Comparison): string {
  const verb = c.change > 0 ? 'rose' : 'fell';
  const pct = formatNumber(Math.abs(c.change), { decimals: 1, suffix: '%' });
  return `${c.metric} ${verb} ${pct} ${c.basis} (${c.fromLabel} -> ${c.toLabel}: ${figure(c.from)} -> ${figure(c.to)})`;
}

/**
 * Every typed change in the data file's sentences, compared with the model:
 * `text/contradiction` (error) when the figures give the percentage only in the
 * other direction, `text/untraceable` (warning) when no figure gives it.
 */
export function checkTypedNumbers(loaded: LoadedData, model: Model): Diagnostic[] {
  const all = comparisons(model);
  const facts = factPercentages(loaded);
  const out: Diagnostic[] = [];
  for (const { path, text } of sentences(loaded)) {
    for (const t of findTypedChanges(text)) {
      const sameSize = all.filter((c) => (!t.basis || c.basis === t.basis) && roundTo(Math.abs(c.change), t.decimals) === t.value);
      if (sameSize.some((c) => (c.change > 0 ? 'up' : 'down') === t.direction)) continue;
      // looked up only for a sentence to report: a position means reading the file again (data/yaml-fast.ts)
      const where = () => ({ file: loaded.file, ...loaded.locate(path), path: pathToString(path) });
      const typed = `${t.direction} ${formatNumber(t.value, { decimals: t.decimals })}%${t.basis ? ` ${t.basis}` : ''}`;
      // only figures that moved: a change that rounds to 0.0% has no direction to contradict
      const opposite = sameSize.filter((c) => roundTo(c.change, 1) !== 0);
      if (opposite.length > 0) {
        const shown = opposite.slice(0, 3).map(describe).join('; ');
        const more = opposite.length > 3 ? `; and ${opposite.length - 3} other figure(s)` : '';
        out.push({ ...where(), rule: 'text/contradiction', severity: 'error', message: `says ${typed}, but ${shown}${more}; correct the sentence or write it with a helper ({{change a b}})` });
        continue;
      }
      if (facts.some((f) => roundTo(f, t.decimals) === t.value)) continue;
      out.push({ ...where(), rule: 'text/untraceable', severity: 'warning', message: `says ${typed} ("${t.text}"): a typed figure no data path gives; use a helper or add a fact` });
    }
  }
  return out;
}
