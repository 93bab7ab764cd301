// `irdeck diff`: what changed between two periods' decks, slide by slide.
import { describe, expect, it } from 'vitest';
import type { ComposedDeck, ComposedSlide } from '../src/compose/compose.js';
import { diffDecks } from '../src/period/diff.js';
import { irdeck } from './util/cli.js';

describe('irdeck diff', () => {
  const r = irdeck(['diff', 'data/fy2008-1h.yaml', 'data/fy2008-3q.yaml']);
  const lines = r.stdout.split('\n');

  it('exits 0 and names both periods', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(lines[0]).toBe('data/fy2008-1h.yaml (1H FY2008) -> data/fy2008-3q.yaml (9M FY2008)');
    expect(lines.at(-2) ?? lines.at(-1)).toMatch(/\d+ slide\(s\) changed, \d+ added, \d+ removed, \d+ unchanged/);
  });

  it('lists the changed revenue sentences and figures', () => {
    expect(r.stdout).toMatch(/^slide revenues \(II-2\. Revenues\): "Recurring revenues were JPY13,379 million in 2Q08[^"]*" -> "Recurring revenues were JPY13,700 million in 3Q08[^"]*"$/m);
    expect(r.stdout).toMatch(/^slide summary \([^)]*\): "Revenues JPY33,254 million \(up 10\.9% YoY\)" -> "Revenues JPY50,764 million \(up 5\.0% YoY\)"$/m);
    // III-1's column headers carry their months, as the seed's do
    expect(r.stdout).toMatch(/^ {2}table results-quarter: Total Revenues \/ 3Q08 \(08\/10~08\/12\) \(was 2Q08 \(08\/7~08\/9\)\): 16\.9 -> 17\.5$/m);
    expect(r.stdout).toMatch(/^ {2}chart revenues: Recurring Revenues \/ 3Q08: \(none\) -> 13,700$/m);
    expect(r.stdout).toMatch(/^ {2}table balance-sheet: Cash and Cash Equivalents \/ 2008\.12\.31 \(was 2008\.09\.30\): 9,319 -> 8,719$/m);
  });

  it('a quarter rolling off the start of a chart is no change; the new quarter is', () => {
    expect(r.stdout).not.toMatch(/^ {2}chart [^:]+: [^/]+ \/ 1Q06: /m);
    expect(r.stdout.split('\n').filter((l) => /^ {2}chart .* \/ [1-4]Q\d\d: .* -> \(none\)$/.test(l))).toEqual([]);
    expect(r.stdout).toMatch(/^ {2}chart employees: [^/]+ \/ 3Q08: \(none\) -> /m);
  });

  it('slides only in the half-year deck are listed as removed', () => {
    expect(r.stdout).toMatch(/^slide results \(II-1\. Consolidated Financial Results for 1H08\): removed$/m);
    expect(r.stdout).toMatch(/^slide targets-half \([^)]*\): removed$/m);
  });

  it('a deck against itself: no changes', () => {
    const same = irdeck(['diff', 'data/fy2008-3q.yaml', 'data/fy2008-3q.yaml']);
    expect(same.code).toBe(0);
    expect(same.stdout.trim().split('\n').slice(1)).toEqual(['no changes']);
  });

  it('a bad file is an input error (exit 2)', () => {
    expect(irdeck(['diff', 'data/fy2008-1h.yaml', 'data/nope.yaml']).code).toBe(2);
    expect(irdeck(['diff', 'data/fy2008-1h.yaml']).code).toBe(2);
  });
});

describe('diffDecks', () => {
  const slide = (id: string, over: Partial<ComposedSlide>): ComposedSlide => ({ id, layout: 'bullets', title: id, bullets: [], bullets2: [], charts: [], notes: '', tieout: [], ...over });
  const deck = (...slides: ComposedSlide[]): ComposedDeck => ({ meta: { title: '', subject: '', keywords: [], lang: 'en' }, footer: '', slides });

  it('aligns paragraphs: a reworded one is a change, an inserted one is added', () => {
    const a = deck(slide('s', { bullets: [{ text: 'one', level: 0 }, { text: 'two', level: 0 }, { text: 'three', level: 0 }] }));
    const b = deck(slide('s', { bullets: [{ text: 'one', level: 0 }, { text: 'new', level: 0 }, { text: 'two', level: 0 }, { text: 'THREE', level: 0 }] }));
    expect(diffDecks(a, b).lines).toEqual(['slide s (s): + "new"', 'slide s (s): "three" -> "THREE"']);
  });

  it('slides match by id, else by title', () => {
    const a = deck(slide('old-id', { title: 'Same', bullets: [{ text: 'x', level: 0 }] }));
    const b = deck(slide('new-id', { title: 'Same', bullets: [{ text: 'y', level: 0 }] }));
    expect(diffDecks(a, b).lines).toEqual(['slide new-id (Same): "x" -> "y"']);
  });

  it('tables: cells by row label and column header; a moved quarter column is added/removed', () => {
    const t = (cols: string[], rows: string[][]) => ({ columns: cols.map(() => 1), headerRows: 1, rows: [cols, ...rows] });
    const a = deck(slide('t', { table: t(['', '1Q08', '2Q08'], [['Sales', '1', '2'], ['Costs', '3', '4']]) }));
    const b = deck(slide('t', { table: t(['', '2Q08', '3Q08'], [['Sales', '2', '5'], ['Costs', '4.5', '6']]) }));
    expect(diffDecks(a, b).lines).toEqual([
      'slide t (t):',
      '  table t: Sales / 1Q08: 1 -> (none)',
      '  table t: Sales / 3Q08: (none) -> 5',
      '  table t: Costs / 1Q08: 3 -> (none)',
      '  table t: Costs / 2Q08: 4 -> 4.5',
      '  table t: Costs / 3Q08: (none) -> 6',
    ]);
  });
});
