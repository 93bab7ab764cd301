// What changed between two composed decks, slide by slide (slides matched by
// id): sentences paragraph by paragraph, tables cell by cell (row label and
// column header), charts value by value (series and category). Plain lines for
// a reviewer comparing this period's deck with the last one, or a corrected
// data file with the one that went out.
import type { ChartSeries, ChartSpec } from '../charts/spec.js';
import type { ComposedDeck, ComposedSlide, ComposedTable } from '../compose/compose.js';
import { formatNumber } from '../model/format.js';

export interface DeckDiff {
  lines: string[];
  changed: number;
  added: number;
  removed: number;
  unchanged: number;
}

const NONE = '(none)';
const q = (s: string) => JSON.stringify(s);

/** The texts of a slide in reading order (its title first). */
function paragraphs(s: ComposedSlide): string[] {
  const out: string[] = [s.title];
  for (const t of [s.section, s.subtitle, s.unit]) if (t) out.push(t);
  for (const b of [...s.bullets, ...s.bullets2]) if (b.text.trim()) out.push(b.text);
  for (const c of s.cards ?? []) out.push(c.title, ...c.bullets);
  if (s.body) out.push(...s.body.split(/\n+/).map((p) => p.trim()).filter(Boolean));
  return out;
}

/** Longest common subsequence alignment of two lists: pairs of indices, -1 for an unmatched side. */
function align<T>(a: T[], b: T[], eq: (x: T, y: T) => boolean): [number, number][] {
  const n = a.length;
  const m = b.length;
  const L: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i][j] = eq(a[i], b[j]) ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  let gapA: number[] = [];
  let gapB: number[] = [];
  const flush = () => {
    // within a gap, paragraphs pair up in order (a sentence reworded); the rest were added or removed
    const k = Math.min(gapA.length, gapB.length);
    for (let x = 0; x < k; x++) out.push([gapA[x], gapB[x]]);
    for (let x = k; x < gapA.length; x++) out.push([gapA[x], -1]);
    for (let x = k; x < gapB.length; x++) out.push([-1, gapB[x]]);
    gapA = [];
    gapB = [];
  };
  while (i < n || j < m) {
    if (i < n && j < m && eq(a[i], b[j])) { flush(); out.push([i, j]); i++; j++; }
    else if (j >= m || (i < n && L[i + 1][j] >= L[i][j + 1])) gapA.push(i++);
    else gapB.push(j++);
  }
  flush();
  return out;
}

function textChanges(a: ComposedSlide, b: ComposedSlide): string[] {
  const pa = paragraphs(a);
  const pb = paragraphs(b);
  const out: string[] = [];
  for (const [i, j] of align(pa, pb, (x, y) => x === y)) {
    if (i >= 0 && j >= 0) { if (pa[i] !== pb[j]) out.push(`${q(pa[i])} -> ${q(pb[j])}`); }
    else if (i >= 0) out.push(`- ${q(pa[i])}`);
    else out.push(`+ ${q(pb[j])}`);
  }
  return out;
}

/** Keys made unique by occurrence: the second "% of Revenues" is "% of Revenues #2". */
function uniqueKeys(labels: string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((l) => {
    const n = (seen.get(l) ?? 0) + 1;
    seen.set(l, n);
    return n === 1 ? l : `${l} #${n}`;
  });
}

/**
 * Match two label lists: equal labels match; labels left over at the same
 * position pair up (the "latest quarter" column whose header moved from 2Q08
 * to 3Q08); the rest exist on one side only.
 */
function matchLabels(a: string[], b: string[]): [number, number][] {
  const out: [number, number][] = [];
  const usedB = new Set<number>();
  const unA: number[] = [];
  a.forEach((k, i) => {
    const j = b.indexOf(k);
    if (j >= 0 && !usedB.has(j)) { out.push([i, j]); usedB.add(j); } else unA.push(i);
  });
  const leftA = new Set(unA);
  for (const i of unA) {
    if (i < b.length && !usedB.has(i) && !a.includes(b[i])) { out.push([i, i]); usedB.add(i); leftA.delete(i); }
  }
  b.forEach((_, j) => { if (!usedB.has(j)) out.push([-1, j]); });
  return inOrder(out, [...leftA].sort((x, y) => x - y));
}

/**
 * Pairs in B's order, each index only in A placed right after the entry that
 * precedes it in A (a removed quarter column shows where it was).
 */
function inOrder(matched: [number, number][], onlyA: number[]): [number, number][] {
  const out = [...matched].sort((x, y) => x[1] - y[1]);
  for (const i of onlyA) {
    let at = 0;
    for (let k = out.length - 1; k >= 0; k--) {
      if (out[k][0] >= 0 && out[k][0] < i) { at = k + 1; break; }
    }
    out.splice(at, 0, [i, -1]);
  }
  return out;
}

function label(a: string | undefined, b: string | undefined): string {
  if (a === undefined) return b ?? '';
  if (b === undefined || a === b) return a;
  return `${b} (was ${a})`;
}

function columnHeaders(t: ComposedTable): string[] {
  const width = Math.max(...t.rows.map((r) => r.length), 0);
  const headers: string[] = [];
  for (let c = 0; c < width; c++) {
    const parts = t.rows.slice(0, t.headerRows).map((r) => (r[c] ?? '').trim()).filter(Boolean);
    headers.push(parts.length ? parts.join(' / ') : `column ${c + 1}`);
  }
  return headers;
}

const cell = (s: string | undefined) => (s === undefined ? NONE : s === '' ? '(blank)' : s);

function tableChanges(id: string, a: ComposedTable | undefined, b: ComposedTable | undefined): string[] {
  if (!a && !b) return [];
  if (!a) return [`  table ${id}: added (${b!.rows.length - b!.headerRows} rows)`];
  if (!b) return [`  table ${id}: removed`];
  const ca = uniqueKeys(columnHeaders(a));
  const cb = uniqueKeys(columnHeaders(b));
  const ra = a.rows.slice(a.headerRows);
  const rb = b.rows.slice(b.headerRows);
  const rowKey = (rows: string[][]) => uniqueKeys(rows.map((r, i) => (r[0] ?? '').trim() || `row ${i + 1}`));
  const ka = rowKey(ra);
  const kb = rowKey(rb);
  const cols = matchLabels(ca, cb).filter(([i, j]) => i !== 0 && j !== 0); // column 0 holds the row labels
  const out: string[] = [];
  for (const [i, j] of matchLabels(ka, kb)) {
    const rowName = label(i >= 0 ? ka[i] : undefined, j >= 0 ? kb[j] : undefined);
    for (const [x, y] of cols) {
      const va = i >= 0 && x >= 0 ? ra[i][x] : undefined;
      const vb = j >= 0 && y >= 0 ? rb[j][y] : undefined;
      if (va === vb || (va === undefined && vb === '') || (vb === undefined && va === '')) continue;
      out.push(`  table ${id}: ${rowName} / ${label(x >= 0 ? ca[x] : undefined, y >= 0 ? cb[y] : undefined)}: ${cell(va)} -> ${cell(vb)}`);
    }
  }
  return out;
}

function fmtValue(s: ChartSeries, k: number): string {
  const v = s.labelValues?.[k] ?? s.values[k];
  if (v === null || v === undefined) return '(gap)';
  const f = s.format;
  return formatNumber(v, { decimals: f.decimals, thousands: f.thousands, parens: f.parensForNegative, suffix: f.suffix, prefix: f.prefix });
}

function chartChanges(a: ChartSpec | undefined, b: ChartSpec | undefined): string[] {
  const id = (a ?? b)!.id;
  if (!a) return [`  chart ${id}: added`];
  if (!b) return [`  chart ${id}: removed`];
  const out: string[] = [];
  if ((a.title ?? '') !== (b.title ?? '')) out.push(`  chart ${id}: title ${q(a.title ?? '')} -> ${q(b.title ?? '')}`);
  const sa = a.series.filter((s) => !s.invisible);
  const sb = b.series.filter((s) => !s.invisible);
  const na = uniqueKeys(sa.map((s) => s.name));
  const nb = uniqueKeys(sb.map((s) => s.name));
  const ka = uniqueKeys(a.categories);
  const kb = uniqueKeys(b.categories);
  // categories match by label only: a quarter is the same quarter wherever it sits on the axis;
  // one before B's first shared quarter rolled off the chart (the window moved on), which is no change
  const firstShared = ka.findIndex((c) => kb.includes(c));
  const cats = inOrder(kb.map((c, j) => [ka.indexOf(c), j] as [number, number]), ka.flatMap((c, i) => (kb.includes(c) || (firstShared >= 0 && i < firstShared) ? [] : [i])));
  for (const [i, j] of matchLabels(na, nb)) {
    if (i < 0) { out.push(`  chart ${id}: series ${q(nb[j])} added`); continue; }
    if (j < 0) { out.push(`  chart ${id}: series ${q(na[i])} removed`); continue; }
    for (const [x, y] of cats) {
      const va = x >= 0 ? fmtValue(sa[i], x) : NONE;
      const vb = y >= 0 ? fmtValue(sb[j], y) : NONE;
      if (va !== vb) out.push(`  chart ${id}: ${label(na[i], nb[j])} / ${y >= 0 ? kb[y] : ka[x]}: ${va} -> ${vb}`);
    }
  }
  return out;
}

function slideChanges(a: ComposedSlide, b: ComposedSlide): { text: string[]; rest: string[] } {
  const rest = tableChanges(b.id, a.table, b.table);
  const ids = [...b.charts.map((c) => c.id), ...a.charts.map((c) => c.id).filter((x) => !b.charts.some((c) => c.id === x))];
  for (const cid of ids) rest.push(...chartChanges(a.charts.find((c) => c.id === cid), b.charts.find((c) => c.id === cid)));
  return { text: textChanges(a, b), rest };
}

/**
 * Slides of B in order, matched by id, else by the same title (a slide renamed
 * in the deck definition); each slide only in A after the slide that preceded it in A.
 */
function slideOrder(a: ComposedSlide[], b: ComposedSlide[]): { a?: ComposedSlide; b?: ComposedSlide }[] {
  const inA = new Map(a.map((s) => [s.id, s]));
  const bIds = new Set(b.map((s) => s.id));
  const byTitle = new Map(a.filter((s) => !bIds.has(s.id)).map((s) => [s.title, s]));
  const matched = new Set<ComposedSlide>();
  const out: { a?: ComposedSlide; b?: ComposedSlide }[] = b.map((s) => {
    const m = inA.get(s.id) ?? byTitle.get(s.title);
    if (m) matched.add(m);
    return { a: m, b: s };
  });
  a.forEach((s, i) => {
    if (matched.has(s)) return;
    let at = 0;
    for (let k = i - 1; k >= 0; k--) {
      const idx = out.findIndex((e) => (e.b ?? e.a)!.id === a[k].id);
      if (idx >= 0) { at = idx + 1; break; }
    }
    out.splice(at, 0, { a: s });
  });
  return out;
}

/** One slide of either deck: its place in each (0-based index into the slides, -1 when absent) and what changed. */
export interface SlideDiff {
  status: 'changed' | 'added' | 'removed' | 'unchanged';
  a?: ComposedSlide;
  b?: ComposedSlide;
  aIndex: number;
  bIndex: number;
  /** sentences: "old" -> "new", + "added", - "removed" */
  text: string[];
  /** tables and charts, one line per number */
  rest: string[];
}

export function slideDiffs(a: ComposedDeck, b: ComposedDeck): SlideDiff[] {
  return slideOrder(a.slides, b.slides).map((e) => {
    const aIndex = e.a ? a.slides.indexOf(e.a) : -1;
    const bIndex = e.b ? b.slides.indexOf(e.b) : -1;
    if (!e.b) return { status: 'removed', a: e.a, aIndex, bIndex, text: [], rest: [] };
    if (!e.a) return { status: 'added', b: e.b, aIndex, bIndex, text: [], rest: [] };
    const { text, rest } = slideChanges(e.a, e.b);
    return { status: text.length || rest.length ? 'changed' : 'unchanged', a: e.a, b: e.b, aIndex, bIndex, text, rest };
  });
}

export function diffDecks(a: ComposedDeck, b: ComposedDeck): DeckDiff {
  const lines: string[] = [];
  const count = { changed: 0, added: 0, removed: 0, unchanged: 0 };
  for (const d of slideDiffs(a, b)) {
    count[d.status]++;
    if (d.status === 'removed') lines.push(`slide ${d.a!.id} (${d.a!.title}): removed`);
    else if (d.status === 'added') lines.push(`slide ${d.b!.id} (${d.b!.title}): added`);
    if (d.status !== 'changed') continue;
    const head = `slide ${d.b!.id} (${d.b!.title})`;
    for (const t of d.text) lines.push(`${head}: ${t}`);
    if (d.rest.length) {
      if (!d.text.length) lines.push(`${head}:`);
      lines.push(...d.rest);
    }
  }
  return { lines, ...count };
}
