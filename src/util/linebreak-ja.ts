// Where a line of Japanese may break. Japanese has no spaces between words,
// so a typesetter that breaks "wherever a character ends" splits words
// (営業利|益) and starts lines with 、or ー, which a Japanese reader sees at once
// as careless. The rules here are those of Japanese IR documents:
// - breaks fall between phrases (文節), as BudouX finds them (its Japanese
//   model: "売上高は|前年同期比10.9%増の|50,829百万円と|なりました。");
// - runs of Latin letters and digits break where UAX #14 allows (the
//   `linebreak` package), i.e. at spaces, never inside "10.9%" or "50,829";
// - kinsoku (禁則): no line starts with closing brackets, 、。，．, the long
//   vowel mark, the middle dot, small kana or ！？; none ends with an opening
//   bracket. JIS X 4051's classes, the "strict" set (small kana included), as
//   CSS `line-break: strict` applies it in Chromium.
// A phrase wider than the whole line is broken between characters, still
// under kinsoku (an emergency break, as every typesetter does).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const requireCjs = createRequire(import.meta.url);

/** Characters no line may start with (JIS X 4051 cl-02, 04-07 and the small kana of cl-11). */
export const NO_LINE_START = new Set([
  ...'、。，．,.）)］]｝}〕〉》」』】〙〗〟’”｠»',
  ...'ー‐゠–〜～・:;：；!?！？‼⁇⁈⁉%％‰°′″℃',
  ...'ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻ゝゞヽヾ',
]);

/** Characters no line may end with (opening brackets and quotes, JIS X 4051 cl-01, and prefixed currency). */
export const NO_LINE_END = new Set([...'（(［[｛{〔〈《「『【〘〖〝‘“｟«￥$£#']);

/** Japanese script: kana, CJK ideographs, full-width forms and CJK punctuation. */
const CJK_CHAR = /[\u3000-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

/** Does the text need Japanese line breaking (any kana, ideograph or full-width form)? */
export function hasJapanese(text: string): boolean {
  return CJK_CHAR.test(text);
}

interface Phrases { parse(text: string): string[] }
let phrases: Phrases | undefined;

/**
 * BudouX's parser and Japanese model, loaded on first use. Its package index
 * also loads an HTML processor with a DOM implementation (linkedom, ~100 ms);
 * the parser and model files alone take ~5 ms, so they are required directly.
 */
function budoux(): Phrases {
  if (!phrases) {
    const dir = dirname(requireCjs.resolve('budoux'));
    const { Parser } = requireCjs(join(dir, 'parser.js')) as { Parser: new (model: unknown) => Phrases };
    const { model } = requireCjs(join(dir, 'data/models/ja.js')) as { model: unknown };
    phrases = new Parser(model);
  }
  return phrases;
}

interface UaxBreaker { nextBreak(): { position: number; required: boolean } | null }
let LineBreaker: (new (text: string) => UaxBreaker) | undefined;

function uax14(text: string): Set<number> {
  LineBreaker ??= requireCjs('linebreak') as new (text: string) => UaxBreaker;
  const out = new Set<number>();
  const b = new LineBreaker(text);
  for (let x = b.nextBreak(); x; x = b.nextBreak()) if (x.position > 0 && x.position < text.length) out.add(x.position);
  return out;
}

const isSpace = (c: string | undefined) => c !== undefined && /\s/u.test(c);

/** Does kinsoku allow a line to end before `text[p]` (and start there)? */
export function kinsokuAllows(text: string, p: number): boolean {
  if (p <= 0 || p >= text.length) return false;
  // the characters either side, the spaces at the break set aside (they vanish at a line end)
  let a = p - 1;
  while (a > 0 && isSpace(text[a])) a--;
  let b = p;
  while (b < text.length - 1 && isSpace(text[b])) b++;
  if (NO_LINE_END.has(text[a])) return false;
  if (NO_LINE_START.has(text[b])) return false;
  // never between the halves of a surrogate pair
  const code = text.charCodeAt(p);
  return !(code >= 0xdc00 && code <= 0xdfff);
}

// A paragraph is measured at every size and width the layout tries (a slide's
// type scale, each column), and its breaks depend on its text alone: BudouX's
// parse was ~0.2 s of the Japanese deck's 0.9 s layout before they were kept.
const opportunities = new Map<string, readonly number[]>();
const KEEP_OPPORTUNITIES = 4096;

/**
 * Offsets where a line may begin (0 < p < text.length), in order: between
 * phrases in Japanese, at UAX #14 opportunities in Latin runs, none against kinsoku.
 */
export function breakOpportunities(text: string): readonly number[] {
  let known = opportunities.get(text);
  if (known === undefined) {
    if (opportunities.size >= KEEP_OPPORTUNITIES) opportunities.clear();
    known = Object.freeze(findOpportunities(text));
    opportunities.set(text, known);
  }
  return known;
}

function findOpportunities(text: string): number[] {
  const phraseEnds = new Set<number>();
  let at = 0;
  for (const ph of budoux().parse(text)) {
    at += ph.length;
    phraseEnds.add(at);
  }
  const out: number[] = [];
  for (const p of [...uax14(text)].sort((x, y) => x - y)) {
    const before = text[p - 1];
    const after = text[p];
    const latinBothSides = !CJK_CHAR.test(before) && !CJK_CHAR.test(after);
    if (!(phraseEnds.has(p) || isSpace(before) || latinBothSides)) continue;
    if (kinsokuAllows(text, p)) out.push(p);
  }
  return out;
}

/** Offsets between characters that kinsoku allows: the emergency breaks inside a phrase too wide for a line. */
function characterBreaks(text: string, from: number, to: number): number[] {
  const out: number[] = [];
  for (let p = from + 1; p < to; p++) if (kinsokuAllows(text, p)) out.push(p);
  return out;
}

/** The script of a character, as far as a word boundary goes: kanji, hiragana, katakana (with ー), other. */
function script(c: string): string {
  if (/[\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]/u.test(c)) return 'katakana';
  if (/[\u3040-\u309f]/u.test(c)) return 'hiragana';
  if (/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]/u.test(c)) return 'kanji';
  return 'other';
}

/**
 * Where the script changes inside [from, to): in a long compound ("株式会社|オンデマンドソリューションズ") the likeliest
 * word boundaries; and where UAX #14 allows a break among digits, Latin and signs ("(2008.4～|2008.9)", not "200|8.9").
 */
function scriptBreaks(text: string, from: number, to: number): number[] {
  const out: number[] = [];
  const uax = uax14(text);
  for (let p = from + 1; p < to; p++) {
    const [a, b] = [script(text[p - 1]), script(text[p])];
    if ((a !== b || (a === 'other' && uax.has(p))) && kinsokuAllows(text, p)) out.push(p);
  }
  return out;
}

/** [start, end) cut greedily at `cuts` into parts no wider than `width` where it can be. */
function cutGreedily(text: string, start: number, end: number, cuts: number[], width: number, measure: (s: string) => number): [number, number][] {
  const out: [number, number][] = [];
  let at = start;
  let fit = start;
  for (const q of [...cuts, end]) {
    if (measure(text.slice(at, q).trimEnd()) > width && fit > at) {
      out.push([at, fit]);
      at = fit;
    }
    fit = q;
  }
  out.push([at, end]);
  return out;
}

/**
 * [from, to) pieces no line break falls inside: phrases; a phrase too wide
 * for a line is cut where its script changes, and what is still too wide
 * between characters.
 */
function pieces(text: string, width: number, measure: (s: string) => number): [number, number][] {
  const out: [number, number][] = [];
  let from = 0;
  for (const p of [...breakOpportunities(text), text.length]) {
    if (measure(text.slice(from, p).trimEnd()) <= width) {
      out.push([from, p]);
    } else {
      for (const [a, b] of cutGreedily(text, from, p, scriptBreaks(text, from, p), width, measure)) {
        if (measure(text.slice(a, b).trimEnd()) <= width) out.push([a, b]);
        else out.push(...cutGreedily(text, a, b, characterBreaks(text, a, b), width, measure));
      }
    }
    from = p;
  }
  return out;
}

/**
 * How many places in `text` a Japanese character meets a Latin one (a letter,
 * digit or sign; not a space): LibreOffice sets about a quarter em there
 * ("2009 年 3 月", its "spacing between Asian and non-Asian text", on for a
 * PPTX), PowerPoint and Chromium nothing.
 */
export function scriptJoins(text: string): number {
  let n = 0;
  for (let i = 1; i < text.length; i++) if (scriptJoin(text[i - 1], text[i])) n++;
  return n;
}

function scriptJoin(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && !isSpace(a) && !isSpace(b) && CJK_CHAR.test(a) !== CJK_CHAR.test(b);
}

/**
 * Where the lines of `text` begin (offsets after 0), filling each line with
 * whole phrases while they fit in `width` (same unit as `measure`). Spaces at
 * a line's end take no room. A line's width is the sum of its pieces' (each
 * measured once, and cached by the caller's measure): CJK faces do not kern,
 * and a phrase boundary is never inside a Latin word. Each place Japanese
 * meets Latin on a line takes `join` more (LibreOffice's spacing, scriptJoins),
 * so the lines hold in every renderer.
 */
export function japaneseLineStarts(text: string, width: number, measure: (s: string) => number, join = 0): number[] {
  const m = join ? (s: string) => measure(s) + join * scriptJoins(s) : measure;
  const starts: number[] = [];
  let used = 0;
  for (const [a, b] of pieces(text, width, m)) {
    const piece = text.slice(a, b);
    const w = m(piece.trimEnd());
    // where this piece meets the last one on its line
    const seam = join && scriptJoin(text[a - 1], text[a]) ? join : 0;
    if (a > 0 && used > 0 && used + seam + w > width) {
      starts.push(a);
      used = 0;
    } else used += seam;
    // the piece's spaces count once something follows on the line
    used += piece === piece.trimEnd() ? w : m(piece);
  }
  return starts;
}
