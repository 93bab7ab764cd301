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
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { nextQuarter, parseQuarter, type PeriodKind } from '../model/period.js';

export const TODO = 'TODO';

const NEXT_KIND: Record<PeriodKind, PeriodKind> = { first_quarter: 'half', half: 'nine_months', nine_months: 'full_year', full_year: 'first_quarter' };
const KIND_OF_QUARTER: Record<number, PeriodKind> = { 1: 'first_quarter', 2: 'half', 3: 'nine_months', 4: 'full_year' };
const PREFIX: Record<PeriodKind, string> = { first_quarter: '1Q', half: '1H', nine_months: '9M', full_year: 'FY' };
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

const two = (n: number) => String(((n % 100) + 100) % 100).padStart(2, '0');

function summary(kind: PeriodKind, fiscalYear: number, firstMonth: number, quarters: string[]): PeriodSummary {
  const n = parseQuarter(quarters[quarters.length - 1]).q;
  return {
    kind,
    fiscalYear,
    label: `${PREFIX[kind]}${two(fiscalYear)}`,
    title: kind === 'full_year' ? `Full Year FY${fiscalYear}` : `${PREFIX[kind]} FY${fiscalYear}`,
    quarters,
    endDate: new Date(Date.UTC(fiscalYear, firstMonth - 1 + 3 * n, 0)).toISOString().slice(0, 10),
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

interface Edit { start: number; end: number; text: string }

/** Text edits at node positions, applied at once from the end of the file backwards. */
class Splicer {
  private edits: Edit[] = [];
  constructor(readonly src: string) {}

  slice(node: Node): string {
    return this.src.slice(node.range![0], node.range![1]).replace(/\s+$/, '');
  }

  /** Replace a node's text; a block node's range runs to the next line, which stays. */
  replace(node: Node, text: string): void {
    const [start, end] = node.range!;
    const old = this.src.slice(start, end);
    const body = old.replace(/\s+$/, '');
    const trail = old.slice(body.length);
    if (trail.includes('\n')) { this.edits.push({ start, end, text: `${text}${trail}` }); return; }
    // a comment aligned after the value stays aligned: "kind: nine_months  # ..." keeps its column
    const after = /^( +)#/.exec(this.src.slice(end));
    if (after && !body.includes('\n')) {
      const pad = Math.max(1, after[1].length - (text.length - body.length));
      this.edits.push({ start, end: end + after[1].length, text: `${text}${' '.repeat(pad)}` });
      return;
    }
    this.edits.push({ start, end, text });
  }

  span(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text });
  }

  lineStart(pos: number): number {
    return this.src.lastIndexOf('\n', pos - 1) + 1;
  }

  /** The position just after the end of the line holding pos. */
  nextLine(pos: number): number {
    const i = this.src.indexOf('\n', pos);
    return i < 0 ? this.src.length : i + 1;
  }

  apply(): string {
    const sorted = [...this.edits].sort((a, b) => b.start - a.start || b.end - a.end);
    let out = this.src;
    let limit = Infinity;
    for (const e of sorted) {
      if (e.end > limit) throw new Error(`internal: overlapping edits at ${e.start}..${e.end}`);
      out = out.slice(0, e.start) + e.text + out.slice(e.end);
      limit = e.start;
    }
    return out;
  }
}

/** The last character of a node's content (before trailing newlines and comments). */
function contentEnd(node: Node, src: string): number {
  if (isScalar(node) || (isSeq(node) && node.flow) || (isMap(node) && node.flow)) {
    const [start, end] = node.range!;
    return start + src.slice(start, end).replace(/\s+$/, '').length;
  }
  let end = node.range![0];
  const items = (node as YAMLMap | YAMLSeq).items as unknown[];
  for (const it of items) {
    const parts = isPairLike(it) ? [it.key, it.value] : [it];
    for (const p of parts) if (p && typeof p === 'object' && 'range' in p && (p as Node).range) end = Math.max(end, contentEnd(p as Node, src));
  }
  return end;
}

function isPairLike(x: unknown): x is Pair<unknown, unknown> {
  return typeof x === 'object' && x !== null && 'key' in x && 'value' in x;
}

function mapGet(map: unknown, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  const v = map.get(key, true);
  return v && typeof v === 'object' && 'range' in v ? (v as Node) : undefined;
}

function pairOf(map: unknown, key: string): Pair<Node, Node | null> | undefined {
  if (!isMap(map)) return undefined;
  return (map.items as Pair<Node, Node | null>[]).find((p) => isScalar(p.key) && String(p.key.value) === key);
}

/** The indentation and dash of a block sequence item's line, e.g. "  - ". */
function dashPrefix(s: Splicer, item: Node): string {
  const ls = s.lineStart(item.range![0]);
  const head = s.src.slice(ls, item.range![0]);
  return /^\s*-\s+$/.test(head) ? head : `${' '.repeat(Math.max(0, head.length - 2))}- `;
}

/**
 * Drop some items of a sequence and append others (text as it should appear).
 * A flow sequence is rewritten on its line; a block sequence loses the dropped
 * items' lines and gains new "- " lines.
 */
function rollSeq(s: Splicer, seq: YAMLSeq, keep: (item: Node, i: number) => boolean, append: string[], whenEmpty = '[]'): void {
  const items = seq.items as Node[];
  const kept = items.filter((it, i) => keep(it, i));
  if (kept.length === items.length && append.length === 0) return;
  if (seq.flow || items.length === 0) {
    const all = [...kept.map((it) => s.slice(it)), ...append];
    s.replace(seq, all.length ? `[${all.join(', ')}]` : whenEmpty);
    return;
  }
  if (kept.length === 0 && append.length === 0) { s.replace(seq, whenEmpty); return; }
  const prefix = dashPrefix(s, items[0]);
  items.forEach((it, i) => {
    if (keep(it, i)) return;
    const start = s.lineStart(it.range![0]);
    const end = i + 1 < items.length ? s.lineStart(items[i + 1].range![0]) : s.nextLine(contentEnd(it, s.src));
    s.span(start, end, '');
  });
  if (append.length) {
    const last = items[items.length - 1];
    const at = s.nextLine(contentEnd(last, s.src));
    const eol = at === s.src.length && !s.src.endsWith('\n') ? '\n' : '';
    s.span(at, at, `${eol}${append.map((a) => `${prefix}${a}\n`).join('')}`);
  }
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

/** A hand-written text to write again: one string, or each language's of a `{ en, ja }` map. */
function setTextTodo(s: Splicer, node: Node | null | undefined): void {
  if (isMap(node)) for (const p of node.items as Pair<Node, Node>[]) setTodo(s, p.value ?? undefined);
  else setTodo(s, node ?? undefined);
}

/** Delete a mapping entry with its lines (key line to the end of its value). */
function deletePair(s: Splicer, pair: Pair<Node, Node | null>): void {
  const start = s.lineStart(pair.key.range![0]);
  const end = s.nextLine(pair.value ? contentEnd(pair.value, s.src) : pair.key.range![1]);
  s.span(start, end, '');
}

function rollTarget(s: Splicer, set: YAMLMap, newYear: boolean): void {
  for (const key of ['revenues', 'operating_income']) {
    const b = mapGet(set, key);
    if (!isMap(b)) continue;
    const prev = mapGet(b, 'previous');
    const next = mapGet(b, 'new');
    if (prev && isScalar(prev)) s.replace(prev, newYear || !next ? TODO : s.slice(next));
    setTodo(s, next);
    const factors = mapGet(b, 'factors');
    if (isSeq(factors)) {
      const one = `{ label: ${TODO}, amount: ${TODO} }`;
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
    if (newYear) { if (prevPair) deletePair(s, prevPair); }
    else if (prevPair?.value) s.replace(prevPair.value, was);
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
function halfSkeleton(s: Splicer, targets: YAMLMap): void {
  const fy = pairOf(targets, 'full_year');
  if (!fy) return;
  const at = s.lineStart(fy.key.range![0]);
  const ind = ' '.repeat(fy.key.range![0] - at);
  const bridge = (k: string) => `${ind}  ${k}:\n${ind}    previous: ${TODO}\n${ind}    new: ${TODO}\n${ind}    factors:\n${ind}      - { label: ${TODO}, amount: ${TODO} }\n`;
  s.span(at, at, `${ind}half:\n${bridge('revenues')}${bridge('operating_income')}${ind}  income_before_tax: { previous: ${TODO}, new: ${TODO} }\n${ind}  net_income: { previous: ${TODO}, new: ${TODO} }\n`);
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
}

/** Roll forward, with what the old and new files are about. Throws on a file that is not a period file. */
export function roll(input: string): RollResult {
  const crlf = input.includes('\r\n');
  const src = input.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const doc = parseDocument(src, { version: '1.2', uniqueKeys: true, strict: true });
  if (doc.errors.length) throw new Error(`not valid YAML: ${doc.errors[0].message}`);
  const js = doc.toJS() as Plain;
  if (!js || !Array.isArray(js.quarters) || js.quarters.length === 0 || !js.period) throw new Error('not a period data file (no quarters or period)');
  const { kind: oldKind, fiscal_year: oldFy } = js.period;
  const firstMonth = js.period.first_month;
  const lastQ = parseQuarter(js.quarters[js.quarters.length - 1]);
  const nextQ = nextQuarter(lastQ);
  const newKind = NEXT_KIND[oldKind];
  if (!newKind || KIND_OF_QUARTER[nextQ.q] !== newKind) {
    throw new Error(`period.kind ${oldKind} does not match the last quarter ${lastQ.label}; run irdeck check on the file first`);
  }
  const newYear = newKind === 'first_quarter';
  const newFy = oldFy + (newYear ? 1 : 0);
  const dropped = js.quarters[0];
  const newQuarters = [...js.quarters.slice(1), nextQ.label];
  const from = summary(oldKind, oldFy, firstMonth, js.quarters);
  const to = summary(newKind, newFy, firstMonth, newQuarters);
  const s = new Splicer(src);
  const root = doc.contents;

  // the header comment names the period: "1H FY2008 (April-September 2008)"
  const headerEnd = firstContent(src);
  const header = src.slice(0, headerEnd);
  const newHeader = header.split(from.title).join(to.title).split(monthsOf(from, firstMonth)).join(monthsOf(to, firstMonth));
  if (newHeader !== header) s.span(0, headerEnd, newHeader);

  // period
  const period = mapGet(root, 'period');
  const kindNode = mapGet(period, 'kind');
  if (kindNode) s.replace(kindNode, newKind);
  if (newYear) {
    const fy = mapGet(period, 'fiscal_year');
    if (fy) {
      s.replace(fy, String(newFy));
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
  }
  setTodo(s, mapGet(period, 'presentation_date'));

  // quarters, and every quarterly series: oldest value out, a TODO for the new quarter
  const quarters = mapGet(root, 'quarters');
  if (isSeq(quarters)) rollSeq(s, quarters, (_it, i) => i > 0, [nextQ.label]);
  for (const series of seriesMaps(root)) {
    rollSeq(s, series.get('values', true) as unknown as YAMLSeq, (_it, i) => i > 0, [TODO]);
    const ill = series.get('illustrative', true);
    if (isSeq(ill)) rollSeq(s, ill, (it) => !(isScalar(it) && String(it.value) === dropped), [], 'false');
  }

  // targets: the new targets become the previous ones; a nine-months deck shows full-year targets only
  const targets = mapGet(root, 'targets');
  if (isMap(targets)) {
    setTodo(s, mapGet(targets, 'announced'));
    const half = pairOf(targets, 'half');
    if (half && newKind === 'nine_months') deletePair(s, half);
    else if (half && isMap(half.value)) rollTarget(s, half.value, newYear);
    else if (!half && newKind === 'half') halfSkeleton(s, targets);
    const fy = mapGet(targets, 'full_year');
    if (isMap(fy)) rollTarget(s, fy, newYear);
  }

  // balance sheet: compared with the last fiscal year end, which moves only when a new year starts
  const bs = mapGet(root, 'balance_sheet');
  if (isMap(bs)) {
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
  }

  // reported figures: the new cumulative period, when this one was reported
  const reported = mapGet(root, 'reported');
  if (isSeq(reported) && Array.isArray(js.reported)) {
    const i = js.reported.findIndex((r) => r && r.period === from.label);
    const already = js.reported.some((r) => r && r.period === to.label);
    if (i >= 0 && !already && isMap(reported.items[i])) appendReported(s, reported, reported.items[i] as YAMLMap, to.label);
  }

  // CAPEX breakdown for the new cumulative period
  const cb = mapGet(root, 'capex_breakdown');
  const cbPeriod = mapGet(cb, 'period');
  if (cbPeriod) s.replace(cbPeriod, to.label);
  const cbItems = mapGet(cb, 'items');
  if (isSeq(cbItems)) for (const it of cbItems.items) setTodo(s, mapGet(it, 'amount'));

  // per-share figures move on with the fiscal year
  if (newYear) {
    const ps = mapGet(root, 'per_share');
    const dc = mapGet(ps, 'dividend_current_year');
    const dp = mapGet(ps, 'dividend_prior_year');
    if (dc && dp) s.replace(dp, s.slice(dc));
    setTodo(s, dc);
    setTodo(s, mapGet(ps, 'shares_prior_year'));
    setTodo(s, mapGet(ps, 'shares_current_year'));
  }

  // facts: those from a press release (a buyback) carry over; the rest are the last period's
  const facts = mapGet(root, 'facts');
  if (isMap(facts)) for (const p of facts.items as Pair<Node, Node>[]) {
    const source = js.facts?.[String((p.key as { value?: unknown }).value)]?.source;
    if (typeof source === 'string' && /press release/i.test(source)) continue;
    setTodo(s, mapGet(p.value, 'value'));
  }

  // hand-written texts: the structure stays, every sentence is to be written again
  const commentary = mapGet(root, 'commentary');
  if (isMap(commentary)) for (const p of commentary.items as Pair<Node, Node>[]) {
    if (isSeq(p.value)) for (const it of p.value.items as Node[]) setTextTodo(s, it);
    else setTextTodo(s, p.value);
  }
  const topics = mapGet(root, 'topics');
  if (isSeq(topics)) for (const t of topics.items) {
    setTextTodo(s, mapGet(t, 'title'));
    const bullets = mapGet(t, 'bullets');
    if (isSeq(bullets)) for (const b of bullets.items as Node[]) setTextTodo(s, b);
  }

  let text = s.apply();
  const check = parseDocument(text, { version: '1.2', uniqueKeys: true });
  if (check.errors.length) throw new Error(`internal: the rolled file is not valid YAML (${check.errors[0].message})`);
  const todos = countTodos(check);
  if (crlf) text = text.replace(/\n/g, '\r\n');
  return { text, from, to, todos };
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
