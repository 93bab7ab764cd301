// Text measured with the real font files (the metric twins of the PowerPoint
// faces), so the layout knows how many lines a paragraph takes in PowerPoint,
// LibreOffice and Chromium alike, and can shrink or flag text that would spill.
//
// Widths are also kept between runs (node_modules/.cache/irdeck/widths.json,
// beside the template cache): an edit changes a few words, and a check whose
// words are all known does not load Skia or the fonts at all (~60 ms of a
// ~0.3 s check). An entry is bound to the font files it was measured with.
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { SKRSContext2D } from '@napi-rs/canvas';
import { deckFonts, findFont, twinOf } from './fonts.js';
import { writeFileAtomic } from './atomic.js';
import { hasJapanese, japaneseLineStarts } from './linebreak-ja.js';

const requireCjs = createRequire(import.meta.url);
let canvas: typeof import('@napi-rs/canvas') | undefined;
let ctx: SKRSContext2D | undefined;
const registered = new Set<string>();

/** Skia, loaded on the first width the cache does not have. */
function skia(): typeof import('@napi-rs/canvas') {
  canvas ??= requireCjs('@napi-rs/canvas') as typeof import('@napi-rs/canvas');
  return canvas;
}

function context(): SKRSContext2D {
  if (!ctx) ctx = skia().createCanvas(10, 10).getContext('2d');
  return ctx;
}

function ensureFont(family: string): void {
  if (registered.has(family)) return;
  registered.add(family);
  for (const file of deckFonts([family])) skia().GlobalFonts.registerFromPath(file.path, family);
}

const CJK = 'Noto Sans CJK JP';

/** Width in points of `text` in `font` (a PowerPoint face) at `size` points. */
export function textWidth(text: string, font: string, size: number, bold = false): number {
  const family = twinOf(font);
  const face = faceCache(family, bold);
  const key = `${size}|${text}`;
  const known = face[key];
  if (known !== undefined) return known;
  ensureFont(family);
  ensureFont(CJK);
  const c = context();
  c.font = `${bold ? 'bold ' : ''}${size}px "${family}", "${CJK}"`;
  const w = c.measureText(text).width;
  face[key] = w;
  store.dirty = true;
  return w;
}

// ---------------------------------------------------------------- the cache kept between runs

interface Store {
  file?: string;
  /** face ("family|bold") -> the font files it was measured with */
  fonts: Record<string, string>;
  widths: Record<string, Record<string, number>>;
  dirty: boolean;
}

const FORMAT = 1;
/** a cache past this many entries starts again (a deck's words are a few thousand) */
const MAX_ENTRIES = 50_000;
const store: Store = { fonts: {}, widths: {}, dirty: false };
const checkedFaces = new Set<string>();

/** Where widths are kept between runs (undefined: only in memory). Reads what is there. */
export function useWidthCache(dir: string | undefined): void {
  const file = dir ? join(dir, 'widths.json') : undefined;
  if (file === store.file) return;
  store.file = file;
  if (!file) return;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { format?: number; skia?: string; fonts?: Record<string, string>; widths?: Record<string, Record<string, number>> };
    if (saved.format !== FORMAT || saved.skia !== skiaVersion() || !saved.fonts || !saved.widths) return;
    // measured in this process already wins; the rest is taken as saved (faces are checked when first used)
    for (const [face, widths] of Object.entries(saved.widths)) {
      if (checkedFaces.has(face) || typeof widths !== 'object' || widths === null) continue;
      store.widths[face] = widths;
      store.fonts[face] = String(saved.fonts[face] ?? '');
    }
  } catch {
    // none yet, or damaged: measured anew
  }
}

/** Writes the widths measured since they were read, if there are any. */
export function saveWidthCache(): void {
  if (!store.file || !store.dirty) return;
  let entries = 0;
  for (const w of Object.values(store.widths)) entries += Object.keys(w).length;
  const widths = entries > MAX_ENTRIES ? {} : store.widths;
  try {
    writeFileAtomic(store.file, JSON.stringify({ format: FORMAT, skia: skiaVersion(), fonts: store.fonts, widths }));
    store.dirty = false;
  } catch {
    // a read-only project or a full disk: the next run measures again
  }
}

/** The widths of one face, emptied if its font files are not those they were measured with. */
function faceCache(family: string, bold: boolean): Record<string, number> {
  const face = `${family}|${bold ? 1 : 0}`;
  if (!checkedFaces.has(face)) {
    checkedFaces.add(face);
    const files = fontIdentity(family, bold);
    if (store.fonts[face] !== files || !store.widths[face]) {
      store.widths[face] = {};
      store.fonts[face] = files;
    }
  }
  return store.widths[face];
}

/** Path, size and time of each font file a face's text is measured with. */
function fontIdentity(family: string, bold: boolean): string {
  const weight = bold ? 'bold' : 'normal';
  return [findFont(family, weight), findFont(family, 'normal'), findFont(CJK, weight), findFont(CJK, 'normal')]
    .map((path) => {
      if (!path) return '-';
      try {
        const st = statSync(path);
        return `${path}:${st.size}:${st.mtimeMs}`;
      } catch {
        return `${path}:?`;
      }
    })
    .join(';');
}

let skiaVer: string | undefined;
function skiaVersion(): string {
  if (skiaVer === undefined) {
    try {
      skiaVer = String((JSON.parse(readFileSync(requireCjs.resolve('@napi-rs/canvas/package.json'), 'utf8')) as { version?: string }).version);
    } catch {
      skiaVer = 'unknown';
    }
  }
  return skiaVer;
}

/** Width of one word (cached by textWidth): wrapping measures each word once, not every prefix. */
const wordWidth = (word: string, font: string, size: number, bold: boolean): number => textWidth(word, font, size, bold);

/** A Latin paragraph in words and the spaces between them, each with its width, for one face and size. */
interface Measured { words: string[]; wordW: number[]; spaces: string[]; spaceW: number[] }

// The layout wraps the same paragraph at several widths and sizes while it
// fits a slide (945 wraps of 491 paragraphs, 12,500 widths looked up in a
// check of the sample): each paragraph is split and measured once per face
// and size, and a wrap at another width is arithmetic on those widths.
const measuredWords = new Map<string, Measured>();

function measureWords(text: string, font: string, size: number, bold: boolean): Measured {
  const key = `${font}|${size}|${bold ? 1 : 0}|${text}`;
  let m = measuredWords.get(key);
  if (m) return m;
  m = { words: [], wordW: [], spaces: [], spaceW: [] };
  // spaces[i] is what stands before words[i] ('' for the first word and after leading space)
  let space = '';
  for (const tok of text.split(/(\s+)/u)) {
    if (tok === '') continue;
    if (/^\s+$/.test(tok)) { space = m.words.length ? tok : ''; continue; }
    m.spaces.push(space);
    m.spaceW.push(space ? wordWidth(space, font, size, bold) : 0);
    m.words.push(tok);
    m.wordW.push(wordWidth(tok, font, size, bold));
    space = '';
  }
  // a preview running all day sees every draft of every paragraph: start again past a few decks' worth
  if (measuredWords.size >= 20_000) measuredWords.clear();
  measuredWords.set(key, m);
  return m;
}

/**
 * Lines a paragraph wraps into within `width` points: greedy, at spaces; a
 * paragraph with Japanese in it breaks between phrases under kinsoku
 * (linebreak-ja.ts).
 */
export function wrapLines(text: string, font: string, size: number, width: number, bold = false): string[] {
  if (text === '') return [''];
  if (hasJapanese(text)) {
    const starts = lineStarts(text, font, size, width, bold);
    return [0, ...starts].map((a, i) => text.slice(a, starts[i] ?? text.length).trimEnd());
  }
  const { words, wordW, spaces, spaceW } = measureWords(text, font, size, bold);
  if (words.length === 0) return [''];
  const lines: string[] = [];
  let first = 0;
  let lineW = wordW[0];
  for (let i = 1; i < words.length; i++) {
    if (lineW + spaceW[i] + wordW[i] > width) {
      lines.push(joinWords(words, spaces, first, i));
      first = i;
      lineW = wordW[i];
    } else {
      lineW += spaceW[i] + wordW[i];
    }
  }
  lines.push(joinWords(words, spaces, first, words.length));
  return lines;
}

/** words[from..to) with the spaces between them, as typed */
function joinWords(words: string[], spaces: string[], from: number, to: number): string {
  let line = words[from];
  for (let i = from + 1; i < to; i++) line += spaces[i] + words[i];
  return line;
}

/** The space LibreOffice sets where Japanese meets Latin, in ems (measured: 2.6 to 2.8 pt at 11 pt). */
const LO_AUTOSPACE_EM = 0.25;

/** Offsets where the lines of a Japanese paragraph begin after the first (what the renderers are told). */
export function lineStarts(text: string, font: string, size: number, width: number, bold = false): number[] {
  return japaneseLineStarts(text, width, (piece) => wordWidth(piece, font, size, bold), size * LO_AUTOSPACE_EM);
}
