// The lines the layout chose for a Japanese paragraph, as runs per line. The
// renderers break exactly there (HTML <br>, DrawingML <a:br/>): PowerPoint and
// LibreOffice would otherwise break Japanese between any two characters,
// inside words, and each a little differently from Chromium.
import type { Run } from './types.js';

/**
 * Line pitch in ems of a line of Japanese, before the style's line spacing: a
 * line box holds the CJK face's ascent and descent, 1.448 em in Noto Sans CJK
 * JP (LibreOffice measured 14.4 pt a line at 10 pt), more than the 1.2 em of
 * a Latin line; 1.5 leaves room for Yu Gothic's in PowerPoint. The layout
 * measures with it and the HTML sets it, so the PDF's lines fall where the
 * layout put them.
 */
export const JA_LINE_EM = 1.5;
/** The line pitch of a line with no Japanese in it (PowerPoint's single spacing). */
export const LATIN_LINE_EM = 1.2;

/** The runs of a paragraph cut at the offsets (into the runs' joined text) where lines begin. */
export function runsByLine(runs: Run[], lineStarts: readonly number[]): Run[][] {
  const lines: Run[][] = [[]];
  let at = 0;
  let next = 0;
  for (const r of runs) {
    let text = r.text;
    let start = at;
    while (next < lineStarts.length && lineStarts[next] < start + text.length) {
      const cut = lineStarts[next] - start;
      if (cut > 0) lines[lines.length - 1].push({ ...r, text: text.slice(0, cut) });
      lines.push([]);
      text = text.slice(Math.max(cut, 0));
      start = lineStarts[next];
      next++;
    }
    if (text !== '') lines[lines.length - 1].push({ ...r, text });
    at += r.text.length;
  }
  // the spaces a line ends with take no room and are not shown
  return lines.map((line, i) => (i < lines.length - 1 ? trimEndOfLine(line) : line));
}

function trimEndOfLine(line: Run[]): Run[] {
  const out = [...line];
  while (out.length) {
    const last = out[out.length - 1];
    const t = last.text.trimEnd();
    if (t === last.text) break;
    if (t === '') out.pop();
    else { out[out.length - 1] = { ...last, text: t }; break; }
  }
  return out;
}
