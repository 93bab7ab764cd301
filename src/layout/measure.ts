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

const widths = new Map<string, number>();

/** Width of one word, cached: wrapping measures each word once, not every prefix. */
function wordWidth(word: string, font: string, size: number, bold: boolean): number {
  const key = `${font}|${size}|${bold ? 1 : 0}|${word}`;
  let w = widths.get(key);
  if (w === undefined) {
    w = textWidth(word, font, size, bold);
    widths.set(key, w);
  }
  return w;
}

/** Lines a paragraph wraps into within `width` points (greedy, at spaces; CJK may break anywhere). */
export function wrapLines(text: string, font: string, size: number, width: number, bold = false): string[] {
  if (text === '') return [''];
  const tokens = text.split(/(\s+)|(?=[\u3000-\u9fff\uff00-\uffef])/u).filter((t) => t !== undefined && t !== '');
  const lines: string[] = [];
  let line = '';
  let lineW = 0;
  let pendingSpace = '';
  for (const tok of tokens) {
    if (/^\s+$/.test(tok)) { if (line !== '') pendingSpace = tok; continue; }
    const spaceW = pendingSpace ? wordWidth(pendingSpace, font, size, bold) : 0;
    const w = wordWidth(tok, font, size, bold);
    if (line !== '' && lineW + spaceW + w > width) {
      lines.push(line);
      line = tok;
      lineW = w;
    } else {
      line += pendingSpace + tok;
      lineW += spaceW + w;
    }
    pendingSpace = '';
  }
  lines.push(line);
  return lines;
}
