// The Japanese face for an HTML file mailed to someone without Noto fonts:
// only the characters the deck uses, cut out of Noto Sans CJK JP (a 16 MB
// face of a 20 MB collection) and inlined, so the file shows the same lines
// the layout measured, anywhere. A deck of 26 slides uses a few hundred
// characters: ~40-90 KB per weight as OpenType (CFF) data; hb-subset takes
// ~0.2 s for the first weight (loading its wasm), less for the second.
// WOFF2 would save a fifth of that at six times the time (measured 1.3 s).
// A cut is kept in the cache folder under its font file, weight and characters:
// rebuilding a deck whose words did not change (the preview, the next draft)
// reads it back instead of cutting again.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readCacheFile, writeCacheFile } from '../util/cache-files.js';
import { findFont, twinOf } from '../util/fonts.js';
import { faceOfCollection } from '../util/ttc.js';
import type { DeckLayout } from '../layout/types.js';
import type { Theme } from '../theme.js';

const JAPANESE = /[\u3000-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/gu;

/** Every Japanese character anywhere in the deck's text (titles, paragraphs, cells, alt text). */
export function japaneseCharacters(deck: DeckLayout): string {
  return [...new Set(JSON.stringify(deck).match(JAPANESE) ?? [])].sort().join('');
}

const requireCjs = createRequire(import.meta.url);
let subsetter: string | undefined;
/** What makes the cut besides its inputs: subset-font's version (and its harfbuzz). */
function subsetterVersion(): string {
  try {
    subsetter ??= String((requireCjs('subset-font/package.json') as { version: string }).version);
  } catch {
    subsetter = 'unknown';
  }
  return subsetter;
}

/** The cut of face 0 of the collection at `path` to `chars`, from the cache or made (and kept). */
async function cutFace(path: string, chars: string, cacheDir: string | undefined): Promise<Buffer> {
  const st = statSync(path);
  const key = createHash('sha256').update(`cjk\0${subsetterVersion()}\0${path}\0${st.size}\0${st.mtimeMs}\0${chars}`).digest('hex').slice(0, 32);
  const name = `cjk-${key}.otf`;
  const kept = readCacheFile(cacheDir, name);
  if (kept) return kept;
  const { default: subsetFont } = await import('subset-font');
  // face 0 of Debian's collections is the JP one (fc-query lists it first)
  const cut = await subsetFont(faceOfCollection(readFileSync(path), 0), chars, { targetFormat: 'sfnt' });
  writeCacheFile(cacheDir, name, cut);
  return cut;
}

/** @font-face rules inlining the subset of the East Asian face, or '' when the deck has no Japanese. */
export async function cjkFontCss(deck: DeckLayout, theme: Theme, opts: { cacheDir?: string } = {}): Promise<string> {
  const chars = japaneseCharacters(deck);
  if (!chars) return '';
  const family = twinOf(theme.fonts.eastAsian);
  const rules: string[] = [];
  for (const weight of ['normal', 'bold'] as const) {
    const path = findFont(family, weight);
    if (!path) continue;
    const cut = await cutFace(path, chars, opts.cacheDir);
    rules.push(`@font-face{font-family:'${family}';font-weight:${weight === 'bold' ? 700 : 400};font-style:normal;src:url(data:font/otf;base64,${cut.toString('base64')}) format('opentype');}`);
  }
  return rules.join('\n');
}
