// Does every word a PDF shows lie inside the frame the layout gave its text?
import type { DeckLayout } from '../../src/layout/types.js';
import type { PdfLine, PdfWord } from './pdf-words.js';

const PT = 72;

/** Words (those `pick` chooses) outside every text, table or chart box of their slide, by more than `tol` points. */
export function wordsOutsideFrames(layout: DeckLayout, lines: PdfLine[], pick: (w: PdfWord) => boolean, tol = { x: 1.5, y: 2 }): string[] {
  const bad: string[] = [];
  for (const line of lines) {
    const slide = layout.slides[line.page - 1];
    if (!slide) { bad.push(`page ${line.page}: no such slide`); continue; }
    const frames = slide.elements.filter((e) => e.kind === 'text' || e.kind === 'table' || e.kind === 'chart').map((e) => ({
      id: e.id, x0: e.box.x * PT, y0: e.box.y * PT, x1: (e.box.x + e.box.w) * PT, y1: (e.box.y + e.box.h) * PT,
    }));
    for (const w of line.words.filter(pick)) {
      const cx = (w.xMin + w.xMax) / 2;
      const cy = (w.yMin + w.yMax) / 2;
      const home = frames.find((f) => cx >= f.x0 && cx <= f.x1 && cy >= f.y0 && cy <= f.y1);
      if (!home) { bad.push(`slide ${line.page}: "${w.text}" at (${cx.toFixed(0)}, ${cy.toFixed(0)}) pt is in no text frame`); continue; }
      const out = Math.max(home.x0 - w.xMin - tol.x, w.xMax - home.x1 - tol.x, home.y0 - w.yMin - tol.y, w.yMax - home.y1 - tol.y);
      if (out > 0) bad.push(`slide ${line.page}: "${w.text}" leaves ${home.id} by ${out.toFixed(1)} pt`);
    }
  }
  return bad;
}
