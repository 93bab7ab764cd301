// Rolls a period's data file forward one quarter: the skeleton of the next
// period's file, with TODO wherever the IR team must type something new.
//
// The YAML Document (parseDocument) says what to change and where; the change
// itself is spliced into the original text at the nodes' source ranges. So
// everything not rolled forward stays exactly as typed: comments, their
// alignment, flow or block style, quoting, line lengths, `398.0` written with
// its zero. (Re-serialising the Document would re-wrap long lines, re-space
// flow maps and fold the forward-looking statement, and the next period's file
// would differ from the last one on every other line.)
import { EXIT_INPUT, IrdeckError } from '../errors.js';
import { contentEnd, dashPrefix, deletePair, mapGet, pairOf, rollSeq, Splicer } from './yaml-splice.js';
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { KIND_PREFIX, kindEndingAt, nextQuarter, parseQuarter, periodEndDate, PERIOD_KINDS, twoDigits as two, type PeriodKind } from '../util/periods.js';

export const TODO = 'TODO';

/** The period after one of this kind: a half follows a first quarter, a new year's first quarter a full year. */
const nextKind = (k: PeriodKind): PeriodKind | undefined => (PERIOD_KINDS.includes(k) ? PERIOD_KINDS[(PERIOD_KINDS.indexOf(k) + 1) % 4] : undefined);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** What a period file is about. */
export interface PeriodSummary {
  kind: PeriodKind;
  fiscalYear: number;
  /** "9M08" */
  label: string;
  /** "9M FY2008" */
  title: string;
  quarters: string[];
  /** the last quarter's end, ISO date */
  endDate: string;
}

export interface RollResult {
  text: string;
  from: PeriodSummary;
  to: PeriodSummary;
  /** how many TODO marks the new file holds */
  todos: number;
}

/** The next period's file from this period's file (text in, text out). */
export function rollForward(text: string): string {
  return roll(text).text;
}

function summary(kind: PeriodKind, fiscalYear: number, firstMonth: number, quarters: string[]): PeriodSummary {
  const n = parseQuarter(quarters[quarters.length - 1]).q;
  return {
    kind,
    fiscalYear,
    label: `${KIND_PREFIX[kind]}${two(fiscalYear)}`,
    title: kind === 'full_year' ? `Full Year FY${fiscalYear}` : `${KIND_PREFIX[kind]} FY${fiscalYear}`,
    quarters,
    endDate: periodEndDate(fiscalYear, firstMonth, 3 * n),
  };
}

/** "April-December 2008", "April 2008-March 2009": the months a period covers, as the header comment says them. */
function monthsOf(p: PeriodSummary, firstMonth: number): string {
  const n = parseQuarter(p.quarters[p.quarters.length - 1]).q * 3;
  const startYear = p.fiscalYear;
  const endIdx = firstMonth - 1 + n - 1;
  const endYear = p.fiscalYear + Math.floor(endIdx / 12);
  const a = MONTHS[firstMonth - 1];
  const b = MONTHS[endIdx % 12];
  return startYear === endYear ? `${a}-${b} ${startYear}` : `${a} ${startYear}-${b} ${endYear}`;
}

/** Every mapping with a `values` list: the quarterly series, wherever they sit. */
function seriesMaps(node: unknown, out: YAMLMap[] = []): YAMLMap[] {
  if (isMap(node)) {
    if (isSeq(node.get('values', true)) && node.has('label')) out.push(node);
    else for (const p of node.items) seriesMaps(p.value, out);
  } else if (isSeq(node)) {
    for (const it of node.items) seriesMaps(it, out);
  }
  return out;
}

function setTodo(s: Splicer, node: Node | undefined): void {
  if (node && isScalar(node)) s.replace(node, TODO);
}

/**
 * A sentence of the last period as a draft: the value becomes TODO (so check
 * and build refuse the file until it is written), with the old text beside it
 * as it was typed, quotes and all: deleting "TODO  # was: " (and "#| " before
 * the further lines of a sentence typed over several) restores it.
 *     - TODO  # was: Affected by the weak economy and an unprofitable ...
 * A value that shares its line with more (inside a flow list) gets TODO alone:
 * a comment there would swallow the rest of the line.
 */
function setDraft(s: Splicer, node: Node | undefined): void {
  if (!node || !isScalar(node)) return;
  const old = s.slice(node);
  const end = node.range![0] + old.length;
  const rest = s.src.slice(end, s.nextLine(end));
  if (!/^\s*(#.*)?$/.test(rest.replace(/\n$/, ''))) { s.replace(node, TODO); return; }
  const [first, ...more] = old.split('\n');
  const continued = more.map((l) => `\n${/^ */.exec(l)![0]}#| ${l.trimStart()}`).join('');
  s.replace(node, `${TODO}  # was: ${first}${continued}`);
}

/** A hand-written text as a draft: one string, or each language's of a `{ en, ja }` map. */
function setTextDraft(s: Splicer, node: Node | null | undefined): void {
  if (isMap(node)) for (const p of node.items as Pair<Node, Node>[]) setDraft(s, p.value ?? undefined);
  else setDraft(s, node ?? undefined);
}

/** A new text to write: TODO, or one TODO per language of a file in several (a factor's label is shown in every edition). */
function todoText(languages: unknown): string {
  const langs = Array.isArray(languages) ? languages.filter((l): l is string => typeof l === 'string') : [];
  return langs.length > 1 ? `{ ${langs.map((l) => `${l}: ${TODO}`).join(', ')} }` : TODO;
}

function rollTarget(s: Splicer, set: YAMLMap, newYear: boolean, label: string): void {
  for (const key of ['revenues', 'operating_income']) {
    const b = mapGet(set, key);
    if (!isMap(b)) continue;
    const prev = mapGet(b, 'previous');
    const next = mapGet(b, 'new');
    if (prev && isScalar(prev)) s.replace(prev, newYear || !next ? TODO : s.slice(next));
    setTodo(s, next);
    const factors = mapGet(b, 'factors');
    if (isSeq(factors)) {
      const one = `{ label: ${label}, amount: ${TODO} }`;
      // a block sequence's range starts at its first dash
      if (factors.flow || factors.items.length === 0) s.replace(factors, `[${one}]`);
      else s.replace(factors, `- ${one}`);
    }
  }
  for (const key of ['income_before_tax', 'net_income']) {
    const t = mapGet(set, key);
    if (!isMap(t)) continue;
    const next = mapGet(t, 'new');
    const was = next && isScalar(next) ? s.slice(next) : TODO;
    if (t.flow) {
      s.replace(t, newYear ? `{ new: ${TODO} }` : `{ previous: ${was}, new: ${TODO} }`);
      continue;
    }
    const prevPair = pairOf(t, 'previous');
    if (newYear) {
      if (prevPair) deletePair(s, prevPair);
    } else if (prevPair?.value) s.replace(prevPair.value, was);
    else {
      const newPair = pairOf(t, 'new');
      if (newPair) {
        const at = newPair.key.range![0];
        s.span(at, at, `previous: ${was}\n${' '.repeat(at - s.lineStart(at))}`);
      }
    }
    setTodo(s, next);
  }
}

/** A half-year deck needs half-year targets: a TODO skeleton before full_year. */
function halfSkeleton(s: Splicer, targets: YAMLMap, label: string): void {
  const fy = pairOf(targets, 'full_year');
  if (!fy) return;
  const at = s.lineStart(fy.key.range![0]);
  const ind = ' '.repeat(fy.key.range![0] - at);
  const bridge = (k: string) => `${ind}  ${k}:\n${ind}    previous: ${TODO}\n${ind}    new: ${TODO}\n${ind}    factors:\n${ind}      - { label: ${label}, amount: ${TODO} }\n`;
  s.span(at, at, `${ind}half:\n${bridge('revenues')}${bridge('operating_income')}` +
    `${ind}  income_before_tax: { previous: ${TODO}, new: ${TODO} }\n${ind}  net_income: { previous: ${TODO}, new: ${TODO} }\n`);
}

/** A new `reported` entry shaped like an existing one, figures TODO. */
function appendReported(s: Splicer, seq: YAMLSeq, like: YAMLMap, label: string): void {
  const keys = (like.items as Pair<Node, Node>[]).map((p) => String((p.key as { value?: unknown }).value)).filter((k) => k !== 'period' && k !== 'source');
  const fields: [string, string][] = [['period', label], ['source', TODO], ...keys.map((k) => [k, TODO] as [string, string])];
  const items = seq.items as Node[];
  const last = items[items.length - 1];
  if (seq.flow) {
    const entry = `{ ${fields.map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
    s.replace(seq, `[${[...items.map((it) => s.slice(it)), entry].join(', ')}]`);
    return;
  }
  const prefix = dashPrefix(s, last);
  let entry: string;
  if (like.flow) entry = `${prefix}{ ${fields.map(([k, v]) => `${k}: ${v}`).join(', ')} }\n`;
  else {
    const ind = ' '.repeat(prefix.length);
    entry = fields.map(([k, v], i) => `${i === 0 ? prefix : ind}${k}: ${v}\n`).join('');
  }
  const at = s.nextLine(contentEnd(last, s.src));
  const eol = at === s.src.length && !s.src.endsWith('\n') ? '\n' : '';
  s.span(at, at, `${eol}${entry}`);
}

interface Plain {
  period: { kind: PeriodKind; fiscal_year: number; first_month: number };
  quarters: string[];
  reported?: { period?: string }[];
  facts?: Record<string, { source?: unknown }>;
  languages?: unknown;
}

/** The file given cannot be rolled forward: the user's to fix (exit 2). Any other throw is irdeck's fault (exit 1). */
const notAPeriod = (message: string) => new IrdeckError(message, { exitCode: EXIT_INPUT });

/** What every step of rolling forward reads: the file, its data, the old and the new period. */
interface Roll {
  s: Splicer;
  root: unknown;
  js: Plain;
  from: PeriodSummary;
  to: PeriodSummary;
  newKind: PeriodKind;
  /** the new period starts a fiscal year (a first quarter) */
  newYear: boolean;
  nextQuarter: string;
  dropped: string;
  firstMonth: number;
}

type Step = (r: Roll) => void;

/** The header comment names the period: "1H FY2008 (April-September 2008)". */
const header: Step = ({ s, from, to, firstMonth }) => {
  const headerEnd = firstContent(s.src);
  const text = s.src.slice(0, headerEnd);
  const renamed = text.split(from.title).join(to.title).split(monthsOf(from, firstMonth)).join(monthsOf(to, firstMonth));
  if (renamed !== text) s.span(0, headerEnd, renamed);
};

const period: Step = ({ s, root, newKind, newYear, to }) => {
  const node = mapGet(root, 'period');
  const kindNode = mapGet(node, 'kind');
  if (kindNode) s.replace(kindNode, newKind);
  const fy = newYear ? mapGet(node, 'fiscal_year') : undefined;
  if (fy) {
    s.replace(fy, String(to.fiscalYear));
    // "# FY2008 = April 2008 to March 2009" after it moves on a year as well
    const hash = /^ *#/.exec(s.src.slice(fy.range![1]));
    if (hash) {
      const start = fy.range![1] + hash[0].length;
      const end = s.nextLine(start) - (s.src[s.nextLine(start) - 1] === '\n' ? 1 : 0);
      const comment = s.src.slice(start, end);
      const bumped = comment.replace(/(?<!\d)(?:19|20)\d\d(?!\d)/g, (y) => String(Number(y) + 1));
      if (bumped !== comment) s.span(start, end, bumped);
    }
  }
  setTodo(s, mapGet(node, 'presentation_date'));
};

/** Quarters, and every quarterly series: oldest value out, a TODO for the new quarter. */
const quarterly: Step = ({ s, root, nextQuarter: next, dropped }) => {
  const quarters = mapGet(root, 'quarters');
  if (isSeq(quarters)) rollSeq(s, quarters, (_it, i) => i > 0, [next]);
  for (const series of seriesMaps(root)) {
    rollSeq(s, series.get('values', true) as unknown as YAMLSeq, (_it, i) => i > 0, [TODO]);
    const ill = series.get('illustrative', true);
    if (isSeq(ill)) rollSeq(s, ill, (it) => !(isScalar(it) && String(it.value) === dropped), [], 'false');
  }
};

/** Targets: the new targets become the previous ones; a nine-months deck shows full-year targets only. */
const targets: Step = ({ s, root, js, newKind, newYear }) => {
  const node = mapGet(root, 'targets');
  if (!isMap(node)) return;
  const label = todoText(js.languages);
  setTodo(s, mapGet(node, 'announced'));
  const half = pairOf(node, 'half');
  if (half && newKind === 'nine_months') deletePair(s, half);
  else if (half && isMap(half.value)) rollTarget(s, half.value, newYear, label);
  else if (!half && newKind === 'half') halfSkeleton(s, node, label);
  const fy = mapGet(node, 'full_year');
  if (isMap(fy)) rollTarget(s, fy, newYear, label);
};

/** Balance sheet: compared with the last fiscal year end, which moves only when a new year starts. */
const balanceSheet: Step = ({ s, root, newYear, to }) => {
  const bs = mapGet(root, 'balance_sheet');
  if (!isMap(bs)) return;
  const cd = mapGet(bs, 'current_date');
  if (newYear && cd) { const pd = mapGet(bs, 'previous_date'); if (pd) s.replace(pd, s.slice(cd)); }
  if (cd) s.replace(cd, to.endDate);
  const items = mapGet(bs, 'items');
  if (isSeq(items)) for (const it of items.items) {
    const cur = mapGet(it, 'current');
    if (newYear && cur) { const prev = mapGet(it, 'previous'); if (prev) s.replace(prev, s.slice(cur)); }
    setTodo(s, cur);
    setTodo(s, mapGet(it, 'change'));
  }
};

/** Reported figures: the new cumulative period, when this one was reported. */
const reported: Step = ({ s, root, js, from, to }) => {
  const node = mapGet(root, 'reported');
  if (!isSeq(node) || !Array.isArray(js.reported)) return;
  const i = js.reported.findIndex((r) => r && r.period === from.label);
  const already = js.reported.some((r) => r && r.period === to.label);
  if (i >= 0 && !already && isMap(node.items[i])) appendReported(s, node, node.items[i] as YAMLMap, to.label);
};

/** CAPEX breakdown for the new cumulative period. */
const capexBreakdown: Step = ({ s, root, to }) => {
  const cb = mapGet(root, 'capex_breakdown');
  const cbPeriod = mapGet(cb, 'period');
  if (cbPeriod) s.replace(cbPeriod, to.label);
  const cbItems = mapGet(cb, 'items');
  if (isSeq(cbItems)) for (const it of cbItems.items) setTodo(s, mapGet(it, 'amount'));
};

/** Per-share figures move on with the fiscal year. */
const perShare: Step = ({ s, root, newYear }) => {
  if (!newYear) return;
  const ps = mapGet(root, 'per_share');
  const dc = mapGet(ps, 'dividend_current_year');
  const dp = mapGet(ps, 'dividend_prior_year');
  if (dc && dp) s.replace(dp, s.slice(dc));
  setTodo(s, dc);
  setTodo(s, mapGet(ps, 'shares_prior_year'));
  setTodo(s, mapGet(ps, 'shares_current_year'));
};

/** Facts: those from a press release (a buyback) carry over; the rest are the last period's. */
const facts: Step = ({ s, root, js }) => {
  const node = mapGet(root, 'facts');
  if (isMap(node)) for (const p of node.items as Pair<Node, Node>[]) {
    const source = js.facts?.[String((p.key as { value?: unknown }).value)]?.source;
    if (typeof source === 'string' && /press release/i.test(source)) continue;
    setTodo(s, mapGet(p.value, 'value'));
  }
};

/**
 * Hand-written texts: the structure stays, and every sentence is a draft to
 * edit: TODO, with the last period's text beside it (setDraft).
 */
const prose: Step = ({ s, root }) => {
  const commentary = mapGet(root, 'commentary');
  if (isMap(commentary)) for (const p of commentary.items as Pair<Node, Node>[]) {
    if (isSeq(p.value)) for (const it of p.value.items as Node[]) setTextDraft(s, it);
    else setTextDraft(s, p.value);
  }
  const topics = mapGet(root, 'topics');
  if (isSeq(topics)) for (const t of topics.items) {
    setTextDraft(s, mapGet(t, 'title'));
    const bullets = mapGet(t, 'bullets');
    if (isSeq(bullets)) for (const b of bullets.items as Node[]) setTextDraft(s, b);
  }
};

/** One step per section of the data file, each editing its own nodes. */
const STEPS: Step[] = [header, period, quarterly, targets, balanceSheet, reported, capexBreakdown, perShare, facts, prose];

/** Roll forward, with what the old and new files are about. Throws an input error on a file that is not a period file. */
export function roll(input: string): RollResult {
  const crlf = input.includes('\r\n');
  const src = input.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const doc = parseDocument(src, { version: '1.2', uniqueKeys: true, strict: true });
  if (doc.errors.length) throw notAPeriod(`not valid YAML: ${doc.errors[0].message}`);
  const js = doc.toJS() as Plain;
  if (!js || !Array.isArray(js.quarters) || js.quarters.length === 0 || !js.period) throw notAPeriod('not a period data file (no quarters or period)');
  const { kind: oldKind, fiscal_year: oldFy } = js.period;
  const firstMonth = js.period.first_month;
  const lastQ = parseQuarter(js.quarters[js.quarters.length - 1]);
  const nextQ = nextQuarter(lastQ);
  const newKind = nextKind(oldKind);
  if (!newKind || kindEndingAt(nextQ.q) !== newKind) {
    throw notAPeriod(`period.kind ${oldKind} does not match the last quarter ${lastQ.label}; run irdeck check on the file first`);
  }
  const newYear = newKind === 'first_quarter';
  const newQuarters = [...js.quarters.slice(1), nextQ.label];
  const r: Roll = {
    s: new Splicer(src),
    root: doc.contents,
    js,
    from: summary(oldKind, oldFy, firstMonth, js.quarters),
    to: summary(newKind, oldFy + (newYear ? 1 : 0), firstMonth, newQuarters),
    newKind,
    newYear,
    nextQuarter: nextQ.label,
    dropped: js.quarters[0],
    firstMonth,
  };
  for (const step of STEPS) step(r);

  let text = r.s.apply();
  const check = parseDocument(text, { version: '1.2', uniqueKeys: true });
  if (check.errors.length) throw new Error(`internal: the rolled file is not valid YAML (${check.errors[0].message})`);
  const todos = countTodos(check);
  if (crlf) text = text.replace(/\n/g, '\r\n');
  return { text, from: r.from, to: r.to, todos };
}

/** Where the leading comment block ends (the first line that is neither blank nor a comment). */
function firstContent(src: string): number {
  let pos = 0;
  while (pos < src.length) {
    const end = src.indexOf('\n', pos);
    const line = src.slice(pos, end < 0 ? src.length : end);
    if (line.trim() !== '' && !line.trimStart().startsWith('#')) return pos;
    if (end < 0) return src.length;
    pos = end + 1;
  }
  return pos;
}

function countTodos(doc: Document): number {
  let n = 0;
  const walk = (x: unknown): void => {
    if (isScalar(x)) { if (typeof x.value === 'string' && /\bTODO\b/.test(x.value)) n++; return; }
    if (isMap(x)) for (const p of x.items) { walk(p.key); walk(p.value); }
    else if (isSeq(x)) for (const it of x.items) walk(it);
  };
  walk(doc.contents);
  return n;
}
