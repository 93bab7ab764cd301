// model -> composed slides -> layout: everything between the data and the renderers.
import { isAbsolute, join, relative, resolve } from 'node:path';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { composeDeck, type ComposedDeck } from '../compose/compose.js';
import { readTemplateSet, templateSetKey, writeTemplateSet } from '../compose/deck-cache.js';
import { loadDeckDef } from '../compose/deck-def.js';
import { precompileAll, rememberPrecompiled, stringsIn } from '../compose/template.js';
import { inputError } from '../errors.js';
import { layoutDeck, type LayoutProblem } from '../layout/layouts.js';
import { saveWidthCache, useWidthCache } from '../util/text-measure.js';
import type { DeckLayout } from '../layout/types.js';
import { loadTheme, type Theme } from '../theme.js';
import type { Checked } from './load-model.js';
import { PROJECT_ROOT } from '../util/project-root.js';

// the project root is a leaf module every stage can read; re-exported for callers of this one
export { PROJECT_ROOT };

export interface Laid {
  theme: Theme;
  composed: ComposedDeck;
  layout: DeckLayout;
  problems: LayoutProblem[];
}

/** A path from the theme or data must stay inside the project: no ../../etc/passwd as a logo. */
type Where = { line: number; column: number; path?: string };

/** A project file named in the data or the theme; `at` (or a function giving it) says where it was named. */
export function projectFile(rel: string, what: string, file: string, at: Where | (() => Where) = { line: 0, column: 0 }): string {
  const fail = (rule: string, message: string): never => { throw inputError([{ file, ...(typeof at === 'function' ? at() : at), rule, message, severity: 'error' }]); };
  const abs = resolve(PROJECT_ROOT, rel);
  const inside = relative(PROJECT_ROOT, abs);
  if (isAbsolute(rel) || inside.startsWith('..') || isAbsolute(inside)) fail('path/outside', `${what} "${rel}" is outside the project folder`);
  if (!existsSync(abs) || !statSync(abs).isFile()) fail('path/missing', `${what} "${rel}" does not exist`);
  // a symbolic link is followed before the check: a link in assets/ to a file elsewhere is outside too
  const real = relative(realpathSync(PROJECT_ROOT), realpathSync(abs));
  if (real.startsWith('..') || isAbsolute(real)) fail('path/outside', `${what} "${rel}" is a link to a file outside the project folder`);
  if (statSync(abs).size > MAX_IMAGE_BYTES) fail('path/too-large', `${what} "${rel}" is larger than ${MAX_IMAGE_BYTES / 1048576} MB`);
  if (!/\.(png|jpe?g)$/i.test(abs) || !isImage(readFileSync(abs).subarray(0, 8))) fail('path/not-image', `${what} "${rel}" is not a PNG or JPEG image`);
  return abs;
}

/** A logo is a few KB; more is a mistake. */
const MAX_IMAGE_BYTES = 8 * 1048576;

/** PNG or JPEG by their magic bytes: a file named .png is not trusted to be one. */
function isImage(head: Buffer): boolean {
  return head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) || (head[0] === 0xff && head[1] === 0xd8);
}

/** Where the deck definition cache lives (IRDECK_CACHE=off: nowhere). */
export function deckCacheDir(): string | undefined {
  return process.env.IRDECK_CACHE === 'off' ? undefined : join(PROJECT_ROOT, 'node_modules/.cache/irdeck');
}

/** The data file's sentences with fields in them, precompiled from the cache (or into it). */
function warmDataTemplates(data: unknown, cacheDir: string | undefined): void {
  if (!cacheDir) return;
  const texts = [...new Set(stringsIn(data).filter((t) => t.includes('{{')))];
  if (texts.length === 0) return;
  const key = templateSetKey(texts);
  const hit = readTemplateSet(cacheDir, key);
  if (hit) rememberPrecompiled(hit);
  else writeTemplateSet(cacheDir, key, precompileAll(texts));
}

export function composeAndLayout(checked: Checked, opts: { draft?: boolean; templatesDir?: string; lang?: string } = {}): Laid {
  const theme = loadTheme(join(PROJECT_ROOT, 'assets/theme.yaml'));
  const cacheDir = deckCacheDir();
  const deck = loadDeckDef(join(opts.templatesDir ?? join(PROJECT_ROOT, 'templates'), 'deck.yaml'), { cacheDir });
  warmDataTemplates(checked.model.data, cacheDir);
  const composed = composeDeck({ model: checked.model, deck, dataFile: checked.loaded.file, locateData: checked.loaded.locate, theme });
  // the deck's language is the edition's: its outputs say so (PDF, HTML and PPTX lang)
  if (opts.lang) composed.meta.lang = opts.lang;
  const logoRel = checked.model.data.company.logo ?? theme.logo;
  const fromData = Boolean(checked.model.data.company.logo);
  const logo = projectFile(logoRel, 'logo', fromData ? checked.loaded.file : 'assets/theme.yaml', fromData ? () => ({ ...checked.loaded.locate(['company', 'logo']), path: 'company.logo' }) : undefined);
  useWidthCache(cacheDir);
  const { layout, problems } = layoutDeck(composed, { theme, logo, author: checked.model.data.company.name, date: checked.model.data.period.presentation_date, draft: opts.draft });
  saveWidthCache();
  return { theme, composed, layout, problems };
}
