// What a sentence can be about, and the figures the model gives for it: a
// metric over any period the data holds (2Q08, 1H08, 9M07, FY07), a
// balance-sheet line (current against previous), a target (new against
// previous), a fact. Subjects are named by the lexicon's words for the model's
// metric names, and otherwise by their own labels in the data file.
import type { Data } from '../data/schema.js';
import { aggregate, type Model } from '../model/build.js';
import { quarterLabel } from '../util/periods.js';
import type { Basis, Lexicon, Matcher } from './lexicon.js';
import { phraseMatcher } from './lexicon.js';

/** Two figures a claim can be compared with: `to` against `from`. */
export interface Pair { basis: Basis | 'base'; toLabel: string; fromLabel: string; to: number; from: number }

export interface Subject {
  key: string;
  /** for messages: the data's own label */
  name: string;
  kind: 'metric' | 'bs' | 'fact';
  /** a ratio: its change is in points */
  ratio: boolean;
  /** lower is better */
  cost: boolean;
  /** the metric whose points a change of this subject may be typed in ("gross margin fell 1.2 points") */
  ratioKey?: string;
  /** facts that are themselves a change (unit %), with their basis */
  changes?: { value: number; basis?: Basis; path: string }[];
  /** facts that are an amount or a count */
  levels?: { value: number; path: string }[];
}

/** Indices into data.quarters of a period label (2Q08, 1H08, 2H08, 9M08, FY08); undefined if any is missing. */
export function quarterIndices(quarters: string[], label: string): number[] | undefined {
  const m = /^([1-4])Q(\d{2})$|^(1H|2H|9M|FY)(\d{2})$/.exec(label);
  if (!m) return undefined;
  const fy = Number(m[2] ?? m[4]);
  const qs = m[1] ? [Number(m[1])] : { '1H': [1, 2], '2H': [3, 4], '9M': [1, 2, 3], FY: [1, 2, 3, 4] }[m[3] as '1H' | '2H' | '9M' | 'FY'];
  const idx = qs.map((q) => quarters.indexOf(quarterLabel(q, fy)));
  return idx.every((i) => i >= 0) ? idx : undefined;
}

/** The same period a year before: 2Q08 -> 2Q07, 1H08 -> 1H07. */
export function yearBefore(label: string): string {
  return label.replace(/(\d{2})$/, (y) => String((Number(y) + 99) % 100).padStart(2, '0'));
}

/** The quarter before a quarter label, or undefined for a longer period. */
export function quarterBefore(label: string): string | undefined {
  const m = /^([1-4])Q(\d{2})$/.exec(label);
  if (!m) return undefined;
  const q = Number(m[1]);
  const fy = Number(m[2]);
  return q === 1 ? quarterLabel(4, fy - 1) : quarterLabel(q - 1, fy);
}

export interface SubjectTable {
  matcher: Matcher<string>;
  get(key: string): Subject | undefined;
  /** the value of a metric subject over a period label */
  value(key: string, label: string): number | undefined;
  /** figures of a balance-sheet subject, or of a target */
  bs(key: string): { current: number; previous: number; currentLabel: string; previousLabel: string } | undefined;
  targets(key: string): Pair[];
}

const TARGETED = ['revenues', 'operating_income', 'income_before_tax', 'net_income'] as const;

/** What a message calls a metric: the locale's name for it (the checker knows no words of its own). */
export type NameOf = (m: Model['metrics'][string]) => string;

export function subjectTable(model: Model, lex: Lexicon, nameOf: NameOf = (m) => m.label): SubjectTable {
  const data: Data = model.data;
  const subjects = new Map<string, Subject>();
  const words: [string, string][] = [];
  const listed = lex.file.subjects;
  for (const [key, m] of Object.entries(model.metrics)) {
    const name = nameOf(m);
    subjects.set(key, { key, name, kind: 'metric', ratio: m.unit === 'pct', cost: lex.costSubject(key), ratioKey: lex.file.ratio_of[key] });
    for (const w of listed[key] ?? [name]) words.push([w, key]);
  }
  for (const it of data.balance_sheet.items) {
    const key = `bs.${it.key}`;
    subjects.set(key, { key, name: it.label, kind: 'bs', ratio: false, cost: false });
    for (const w of listed[key] ?? [it.label]) words.push([w, key]);
  }
  // facts that name their subject; two facts may share one (the YoY and the QoQ change of the same costs)
  for (const [k, f] of Object.entries(data.facts)) {
    if (!f.subject) continue;
    const key = `fact:${f.subject.toLowerCase()}`;
    const s = subjects.get(key) ?? { key, name: f.subject, kind: 'fact' as const, ratio: false, cost: false, changes: [], levels: [] };
    if (f.unit?.trim().startsWith('%') && f.comparison) s.changes!.push({ value: f.value, basis: f.comparison, path: `facts.${k}` });
    else s.levels!.push({ value: f.value, path: `facts.${k}` });
    if (!subjects.has(key)) { subjects.set(key, s); words.push([f.subject, key]); }
  }
  // a group company is a subject too: its ownership, where the data records it
  data.group_companies.forEach((g, i) => {
    const key = `fact:${g.name.toLowerCase()}`;
    if (g.ownership === null || subjects.has(key)) return;
    subjects.set(key, { key, name: g.name, kind: 'fact', ratio: false, cost: false, changes: [], levels: [{ value: Number(g.ownership.replace('%', '')), path: `group_companies[${i}].ownership` }] });
    words.push([g.name, key]);
  });

  const cache = new Map<string, number | undefined>();
  return {
    matcher: phraseMatcher(words, lex.words),
    get: (key) => subjects.get(key),
    value(key, label) {
      const id = `${key}@${label}`;
      if (cache.has(id)) return cache.get(id);
      const idx = quarterIndices(model.quarters, label);
      const v = idx ? aggregate(model.metrics, key, idx, label)?.value : undefined;
      cache.set(id, v);
      return v;
    },
    bs(key) {
      const it = data.balance_sheet.items.find((x) => `bs.${x.key}` === key);
      return it && { current: it.current, previous: it.previous, currentLabel: data.balance_sheet.current_date, previousLabel: data.balance_sheet.previous_date };
    },
    targets(key) {
      if (!(TARGETED as readonly string[]).includes(key)) return [];
      const out: Pair[] = [];
      for (const [set, label] of [['full_year', model.period.fyShort], ['half', `1H${model.period.fyShort.slice(2)}`]] as const) {
        const t = data.targets[set]?.[key as (typeof TARGETED)[number]];
        if (t && t.previous !== undefined) out.push({ basis: 'target', toLabel: `new ${label} target`, fromLabel: `previous ${label} target`, to: t.new, from: t.previous });
      }
      return out;
    },
  };
}
