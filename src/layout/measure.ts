// Text measured with the real font files (the metric twins of the PowerPoint
// faces), so the layout knows how many lines a paragraph takes in PowerPoint,
// LibreOffice and Chromium alike, and can shrink or flag text that would spill.
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { findFont, twinOf } from '../fonts.js';

let ctx: SKRSContext2D | undefined;
const registered = new Set<string>();

function context(): SKRSContext2D {
  if (!ctx) ctx = createCanvas(10, 10).getContext('2d');
  return ctx;
}

function ensureFont(family: string): void {
  if (registered.has(family)) return;
  registered.add(family);
  for (const w of ['normal', 'bold'] as const) {
    const path = findFont(family, w);
    if (path) GlobalFonts.registerFromPath(path, family);
  }
}

/** Width in points of `text` in `font` (a PowerPoint face) at `size` points. */
export function textWidth(text: string, font: string, size: number, bold = false): number {
  const family = twinOf(font);
  ensureFont(family);
  ensureFont('Noto Sans CJK JP');
  const c = context();
  c.font = `${bold ? 'bold ' : ''}${size}px "${family}", "Noto Sans CJK JP"`;
  return c.measureText(text).width;
}

/** Lines a paragraph wraps into within `width` points (greedy, at spaces; CJK may break anywhere). */
export function wrapLines(text: string, font: string, size: number, width: number, bold = false): string[] {
  if (text === '') return [''];
  const words = text.split(/(?<=\s)|(?=[\u3000-\u9fff\uff00-\uffef])/u);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const trial = line + w;
    if (line !== '' && textWidth(trial.trimEnd(), font, size, bold) > width) {
      lines.push(line.trimEnd());
      line = w.trimStart();
    } else {
      line = trial;
    }
  }
  lines.push(line.trimEnd());
  return lines;
}
