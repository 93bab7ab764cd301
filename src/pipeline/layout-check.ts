// Sentence and layout gates as diagnostics: a typed figure its subject
// contradicts or nothing checks (src/check/), text that does not fit, elements
// that overlap where the layout does not say they may, anything off the slide. They stop
// check and build, because a clipped or covered slide must not ship.
import type { Diagnostic } from '../errors.js';
import type { Box, DeckLayout, Element } from '../layout/types.js';
import type { Laid } from './compose-deck.js';

const EPS = 0.005; // inches: touching edges are not an overlap

function overlap(a: Box, b: Box): { w: number; h: number } | undefined {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > EPS && h > EPS ? { w, h } : undefined;
}

/** Element pairs that overlap (neither is a background) and elements leaving the slide. */
export function geometryProblems(deck: DeckLayout): { slide: number; slideId: string; element: string; message: string }[] {
  const out: { slide: number; slideId: string; element: string; message: string }[] = [];
  for (const s of deck.slides) {
    const fg = s.elements.filter((e) => !e.background);
    for (const e of s.elements) {
      const { x, y, w, h } = e.box;
      if (x < -EPS || y < -EPS || x + w > deck.width + EPS || y + h > deck.height + EPS) {
        out.push({ slide: s.number, slideId: s.id, element: e.id, message: `leaves the slide (box ${fmt(e)})` });
      }
    }
    for (let i = 0; i < fg.length; i++) {
      for (let j = i + 1; j < fg.length; j++) {
        const o = overlap(fg[i].box, fg[j].box);
        if (o) out.push({ slide: s.number, slideId: s.id, element: `${fg[i].id} / ${fg[j].id}`, message: `overlap by ${(o.w * 72).toFixed(0)} x ${(o.h * 72).toFixed(0)} pt` });
      }
    }
  }
  return out;
}

const fmt = (e: Element) => `${e.box.x.toFixed(2)}, ${e.box.y.toFixed(2)}, ${e.box.w.toFixed(2)} x ${e.box.h.toFixed(2)} in`;

export function layoutDiagnostics(file: string, laid: Laid): Diagnostic[] {
  const fit = laid.problems.map((p) => ({ file, line: 0, column: 0, path: `slide ${p.slide} (${p.slideId}) ${p.element}`, rule: 'layout/overflow', message: `${p.message} (overflow ${p.overflowPt} pt)`, severity: 'error' as const }));
  const geo = geometryProblems(laid.layout).map((p) => ({ file, line: 0, column: 0, path: `slide ${p.slide} (${p.slideId}) ${p.element}`, rule: p.message.startsWith('overlap') ? 'layout/overlap' : 'layout/off-slide', message: p.message, severity: 'error' as const }));
  return [...laid.sentences, ...fit, ...geo];
}
