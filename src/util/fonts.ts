// Font files on this machine for the faces the theme names. PowerPoint faces
// map to metric-compatible twins (Arial = Liberation Sans, Calibri = Carlito),
// so text measured with the twin takes the same room in PowerPoint.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

// node:child_process (with node:net under it) is loaded only when a face is
// not where Debian puts it: a check, which finds every face there, spent
// ~8 ms of its start loading it (node --cpu-prof)
const requireCjs = createRequire(import.meta.url);
const fcMatch = (format: string, pattern: string): string =>
  (requireCjs('node:child_process') as typeof import('node:child_process')).execFileSync('fc-match', ['-f', format, pattern], { encoding: 'utf8' });

export interface FontFile {
  family: string;
  weight: 'normal' | 'bold';
  path: string;
}

const TWINS: Record<string, string> = {
  Arial: 'Liberation Sans',
  Helvetica: 'Liberation Sans',
  'Times New Roman': 'Liberation Serif',
  'Courier New': 'Liberation Mono',
  Calibri: 'Carlito',
  Cambria: 'Caladea',
  // Office's Japanese theme font. Its kana and kanji are full-width (one em)
  // like Noto Sans CJK JP's, so a line of Japanese measured with Noto takes the
  // same room in Yu Gothic; its proportional Latin is not used (Latin runs are
  // set in the Latin face). See README, "Japanese".
  'Yu Gothic': 'Noto Sans CJK JP',
  '游ゴシック': 'Noto Sans CJK JP',
};

/** The Linux twin of a PowerPoint face, or the face itself. */
export function twinOf(face: string): string {
  return TWINS[face] ?? face;
}

const KNOWN: Record<string, Record<'normal' | 'bold', string[]>> = {
  'Liberation Sans': {
    normal: ['/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf'],
    bold: ['/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf'],
  },
  Carlito: {
    normal: ['/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf'],
    bold: ['/usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf'],
  },
  'Noto Sans CJK JP': {
    normal: ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'],
    bold: ['/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc'],
  },
};

const cache = new Map<string, string | undefined>();

/** Path of a font file for a family and weight, or undefined when none is installed. */
export function findFont(family: string, weight: 'normal' | 'bold'): string | undefined {
  const key = `${family}:${weight}`;
  if (cache.has(key)) return cache.get(key);
  let found = KNOWN[family]?.[weight].find((p) => existsSync(p));
  if (!found) {
    try {
      const out = fcMatch('%{file}', `${family}:${weight === 'bold' ? 'bold' : 'regular'}`);
      // fc-match always answers with something; accept it only if it is the family asked for
      const fam = fcMatch('%{family}', family);
      if (fam.split(',').some((f) => f.trim() === family) && existsSync(out)) found = out;
    } catch {
      found = undefined;
    }
  }
  cache.set(key, found);
  return found;
}

/** Every font file a deck needs, regular and bold; missing faces are left out. */
export function deckFonts(families: string[]): FontFile[] {
  const files: FontFile[] = [];
  for (const family of families) {
    for (const weight of ['normal', 'bold'] as const) {
      const path = findFont(family, weight);
      if (path) files.push({ family, weight, path });
    }
  }
  return files;
}
