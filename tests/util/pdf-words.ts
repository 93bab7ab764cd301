// Words and lines of a PDF as poppler's `pdftotext -bbox-layout` sees them, in points from the page's top-left.
import { execFileSync } from 'node:child_process';
import { NO_LINE_END, NO_LINE_START } from '../../src/util/linebreak-ja.js';

export interface PdfWord { text: string; xMin: number; yMin: number; xMax: number; yMax: number }
export interface PdfLine { page: number; words: PdfWord[]; text: string }

const num = (attrs: string, k: string) => Number(new RegExp(`${k}="([\\d.-]+)"`).exec(attrs)?.[1]);
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/**
 * Every line of every page (pages numbered from 1), as a reader sees it: the
 * words on one baseline (centres within 4 pt), left to right, a line ending
 * where the gap to the next word is wider than 10 pt (a column, a table cell).
 * poppler's own lines are not used: it starts a new one where two glyphs
 * overlap, as Chromium sets "」、" (the pair's spacing trimmed).
 */
export function pdfLines(pdf: string): PdfLine[] {
  const xml = execFileSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out: PdfLine[] = [];
  [...xml.matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)].forEach((pm, i) => {
    const words: PdfWord[] = [...pm[1].matchAll(/<word ([^>]*)>([^<]*)<\/word>/g)].map((w) => ({
      text: unescape(w[2]), xMin: num(w[1], 'xMin'), yMin: num(w[1], 'yMin'), xMax: num(w[1], 'xMax'), yMax: num(w[1], 'yMax'),
    }));
    const cy = (w: PdfWord) => (w.yMin + w.yMax) / 2;
    const rows: PdfWord[][] = [];
    for (const w of [...words].sort((a, b) => cy(a) - cy(b))) {
      const row = rows.find((r) => Math.abs(cy(r[0]) - cy(w)) < 4);
      if (row) row.push(w);
      else rows.push([w]);
    }
    for (const row of rows) {
      row.sort((a, b) => a.xMin - b.xMin);
      let line: PdfWord[] = [];
      const flush = () => { if (line.length) out.push({ page: i + 1, words: line, text: line.map((x) => x.text).join(' ') }); line = []; };
      for (const w of row) {
        if (line.length && w.xMin - line[line.length - 1].xMax > 10) flush();
        line.push(w);
      }
      flush();
    }
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
