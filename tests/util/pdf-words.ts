// Words and lines of a PDF as poppler's `pdftotext -bbox-layout` sees them, in points from the page's top-left.
import { execFileSync } from 'node:child_process';
import { NO_LINE_END, NO_LINE_START } from '../../src/util/linebreak-ja.js';

export interface PdfWord { text: string; xMin: number; yMin: number; xMax: number; yMax: number }
export interface PdfLine { page: number; words: PdfWord[]; text: string }

const num = (attrs: string, k: string) => Number(new RegExp(`${k}="([\\d.-]+)"`).exec(attrs)?.[1]);
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Does `first` go on where `last` ends, on its level? (Latin words have their own boxes, CJK glyphs Chromium's tall Type 3 ones: one's middle within the other's height.) */
function continues(last: PdfWord, first: PdfWord): boolean {
  const cy = (w: PdfWord) => (w.yMin + w.yMax) / 2;
  const level = (cy(first) > last.yMin && cy(first) < last.yMax) || (cy(last) > first.yMin && cy(last) < first.yMax);
  const gap = first.xMin - last.xMax;
  // (a space, and LibreOffice's quarter em between Japanese and Latin, at most)
  return level && gap < 8 && gap > -(last.xMax - last.xMin);
}

/**
 * Every line of every page (pages numbered from 1), as a reader sees it: the
 * words left to right, each next one starting where the last ends (a space at
 * most) on its level. poppler's own lines are not used: it starts a new one
 * where two glyphs overlap (Chromium sets "」、" with the pair's spacing
 * trimmed) and files a line's first Latin word ("IIJ、") with another block.
 */
export function pdfLines(pdf: string): PdfLine[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out: PdfLine[] = [];
  [...xml.matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)].forEach((pm, i) => {
    const words: PdfWord[] = [...pm[1].matchAll(/<word ([^>]*)>([^<]*)<\/word>/g)].map((w) => ({
      text: unescape(w[2]), xMin: num(w[1], 'xMin'), yMin: num(w[1], 'yMin'), xMax: num(w[1], 'xMax'), yMax: num(w[1], 'yMax'),
    }));
    const lines: PdfWord[][] = [];
    for (const w of words.sort((a, b) => a.xMin - b.xMin)) {
      // of the lines it may go on, the one whose last word is nearest its level (Type 3 boxes are taller than a table row)
      const mid = (x: PdfWord) => (x.yMin + x.yMax) / 2;
      const line = lines.filter((l) => continues(l[l.length - 1], w)).sort((a, b) => Math.abs(mid(a[a.length - 1]) - mid(w)) - Math.abs(mid(b[b.length - 1]) - mid(w)))[0];
      if (line) line.push(w);
      else lines.push([w]);
    }
    for (const l of lines) out.push({ page: i + 1, words: l, text: l.map((x) => x.text).join(' ') });
  });
  return out;
}

const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/u;
export const hasJapanese = (s: string) => JAPANESE.test(s);

/**
 * Lines of Japanese text that break a kinsoku rule: one that starts with a
 * character no line may start with, or ends with one no line may end with.
 * (A paragraph's first line cannot be told from a line after a break, so an
 * opening line that starts with 「 or （ is allowed; one that starts with 、is not.)
 */
export function kinsokuBreaks(lines: { page?: number; text: string }[]): string[] {
  const bad: string[] = [];
  for (const l of lines) {
    // a list's bullet is no character of the line
    const t = l.text.trim().replace(/^[\u25A0\u2013\u2022]\s+/u, '');
    if (!t || !hasJapanese(t)) continue;
    if (NO_LINE_START.has(t[0])) bad.push(`page ${l.page ?? '?'}: starts with ${t[0]}: ${t}`);
    if (NO_LINE_END.has(t.at(-1)!)) bad.push(`page ${l.page ?? '?'}: ends with ${t.at(-1)}: ${t}`);
  }
  return bad;
}
