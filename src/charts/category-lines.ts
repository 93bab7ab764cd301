// Category axis labels that do not fit their slot are wrapped on two lines
// before any renderer rotates them: II-9's factor names ("Unprofitable
// project", "Unrealized SI profit"), turned 30 degrees by Chart.js, ran into
// each other. Both renderers take these lines: Chart.js as a label of several
// lines, the native chart as a category text with a line break. A Japanese
// label has no spaces: it breaks between phrases, else where its script
// changes ("SI|売上総利益", "接続|サービス"), else between characters, under kinsoku.
import { breakOpportunities, hasJapanese, kinsokuAllows } from '../util/linebreak-ja.js';
import type { ChartSpec } from './spec.js';

/** Width of a category slot that a label may use: the rest is the gap between neighbours' labels. */
export const SLOT_SHARE = 0.9;

/** The split of `c` at one of `cuts` (offsets where the second line begins) whose longer line is shortest. */
function bestSplit(c: string, cuts: readonly number[], widthOf: (text: string) => number): { lines: string[]; w: number } | undefined {
  let best: { lines: string[]; w: number } | undefined;
  for (const p of cuts) {
    const lines = [c.slice(0, p).trimEnd(), c.slice(p).trimStart()];
    if (!lines[0] || !lines[1]) continue;
    const w = Math.max(...lines.map(widthOf));
    if (!best || w < best.w) best = { lines, w };
  }
  return best;
}

const offsets = (c: string, at: (p: number) => boolean) => Array.from({ length: Math.max(c.length - 1, 0) }, (_, i) => i + 1).filter(at);

/**
 * Where a Japanese label may break, the likeliest word boundaries first: at
 * its spaces ("07/3期 1Q"), between phrases, where the script changes, between
 * any two characters kinsoku allows.
 */
function japaneseCuts(c: string): (readonly number[])[] {
  const script = (ch: string) => (/[\u30a0-\u30ff]/u.test(ch) ? 'katakana' : /[\u3040-\u309f]/u.test(ch) ? 'hiragana' : /[\u3400-\u9fff々]/u.test(ch) ? 'kanji' : 'other');
  return [
    offsets(c, (p) => c[p - 1] === ' '),
    breakOpportunities(c),
    offsets(c, (p) => script(c[p - 1]) !== script(c[p]) && kinsokuAllows(c, p)),
    offsets(c, (p) => kinsokuAllows(c, p)),
  ];
}

/**
 * Each category as the lines to write it on: itself when it fits `slot`
 * (points, or whatever unit `widthOf` measures in), else split at the space
 * that makes the longer line shortest (a Japanese label: at the first kind of
 * break, japaneseCuts, that gives two lines that fit). A label that still
 * does not fit on two lines is left for the renderer to rotate.
 */
export function categoryLines(categories: string[], slot: number, widthOf: (text: string) => number): string[][] {
  return categories.map((c) => {
    if (widthOf(c) <= slot) return [c];
    if (hasJapanese(c)) {
      const splits = japaneseCuts(c).map((cuts) => bestSplit(c, cuts, widthOf));
      return (splits.find((s) => s && s.w <= slot) ?? splits.find((s) => s))?.lines ?? [c];
    }
    let best: string[] = [c];
    let bestW = Infinity;
    for (let i = c.indexOf(' '); i > 0; i = c.indexOf(' ', i + 1)) {
      const lines = [c.slice(0, i), c.slice(i + 1)];
      const w = Math.max(...lines.map(widthOf));
      if (w < bestW) {
        best = lines;
        bestW = w;
      }
    }
    return best;
  });
}

/** Do the wrapped labels fit their slots (so nothing needs rotating)? */
export function linesFit(lines: string[][], slot: number, widthOf: (text: string) => number): boolean {
  return lines.every((l) => l.every((t) => widthOf(t) <= slot));
}

/** The lines of each category of a bar chart whose plot is `plotW` points wide, as both renderers write them. */
export function wrappedCategories(spec: ChartSpec, plotW: number, widthOf: (text: string) => number): string[][] {
  if (spec.kind !== 'bar' || !spec.categories.length) return spec.categories.map((c) => [c]);
  return categoryLines(spec.categories, (Math.max(plotW, 20) / spec.categories.length) * SLOT_SHARE, widthOf);
}
