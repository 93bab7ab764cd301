// model -> composed slides -> layout: everything between the data and the renderers.
import { isAbsolute, join, relative, resolve } from 'node:path';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { composeDeck, type ComposedDeck } from '../compose/compose.js';
import { readTemplateSet, templateSetKey, writeTemplateSet, readLocaleCache, writeLocaleCache } from '../compose/deck-cache.js';
import { loadDeckDef } from '../compose/deck-def.js';
import { deckInLanguage } from '../compose/deck-words.js';
import { metricName } from '../compose/metric-names.js';
import { precompileAll, rememberPrecompiled, stringsIn } from '../compose/template.js';
import { checkSentences } from '../check/check-sentences.js';
import { loadLexicon } from '../check/lexicon.js';
import { inputError, type Diagnostic } from '../errors.js';
import { loadLocale, localeFile } from '../locale/load.js';
import type { Locale } from '../locale/schema.js';
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
  /** the data file's hand-written sentences against their subjects' figures (src/check/) */
  sentences: Diagnostic[];
}

/** A file as outputs name it: relative to the project (absolute when outside it), so a tie-out is the same from any working directory. */
export function projectName(file: string): string {
  const abs = resolve(file);
  const rel = relative(PROJECT_ROOT, abs);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? abs : rel.split('\\').join('/');
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

/**
 * Texts with fields in them (the data file's sentences, or a deck's words in
 * another language), precompiled from the cache (or into it). The deck cache
 * holds deck.yaml's own templates; without this, the Japanese edition's ~280
 * templates from ja.deck.yaml were compiled on every build (~80 ms).
 */
function warmTemplates(within: unknown, cacheDir: string | undefined): void {
  if (!cacheDir) return;
  const texts = [...new Set(stringsIn(within).filter((t) => t.includes('{{')))];
  if (texts.length === 0) return;
  const key = templateSetKey(texts);
  const hit = readTemplateSet(cacheDir, key);
  if (hit) rememberPrecompiled(hit);
  else writeTemplateSet(cacheDir, key, precompileAll(texts));
}

/** A language's locale file: the templates folder's own, else the project's (a --templates folder may hold a deck.yaml only). */
function localeOf(templatesDir: string, lang: string): string {
  const own = localeFile(templatesDir, lang);
  return existsSync(own) ? own : localeFile(join(PROJECT_ROOT, 'templates'), lang);
}

export interface ComposeOptions {
  draft?: boolean;
  templatesDir?: string;
  /** the deck's language, i.e. templates/locales/<lang>.yaml (default: the deck definition's meta.lang) */
  lang?: string;
  /** the locale itself, read elsewhere (a test's own locale file) */
  locale?: Locale;
}

export function composeAndLayout(checked: Checked, opts: ComposeOptions = {}): Laid {
  const theme = loadTheme(join(PROJECT_ROOT, 'assets/theme.yaml'));
  const cacheDir = deckCacheDir();
  const templatesDir = opts.templatesDir ?? join(PROJECT_ROOT, 'templates');
  const defined = loadDeckDef(join(templatesDir, 'deck.yaml'), { cacheDir });
  const lang = opts.lang ?? defined.def.meta.lang;
  // the deck's words in another language: the same slides with their texts from templates/locales/<lang>.deck.yaml
  const deck = lang === defined.def.meta.lang ? defined : deckInLanguage(defined, localeOf(templatesDir, lang).replace(/\.yaml$/, '.deck.yaml'));
  const cache = { read: (text: string) => readLocaleCache(cacheDir, text), write: (text: string, l: Locale) => writeLocaleCache(cacheDir, text, l) };
  const locale = opts.locale ?? loadLocale(localeOf(templatesDir, lang), { cache });
  // a deck folder of its own may keep the language's checking words, else the project's are used
  const lexName = join('locales', `${lang}.check.yaml`);
  const lexicon = loadLexicon(existsSync(join(templatesDir, lexName)) ? join(templatesDir, lexName) : join(PROJECT_ROOT, 'templates', lexName));
  const sentences = checkSentences(checked.loaded, checked.model, lexicon, (m) => metricName(locale, m));
  if (deck !== defined) warmTemplates(deck.def, cacheDir);
  warmTemplates(checked.model.data, cacheDir);
  const composed = composeDeck({ model: checked.model, deck, dataFile: checked.loaded.file, fileName: projectName, locateData: checked.loaded.locate, theme, locale });
  const logoRel = checked.model.data.company.logo ?? theme.logo;
  const fromData = Boolean(checked.model.data.company.logo);
  const logo = projectFile(logoRel, 'logo', fromData ? checked.loaded.file : 'assets/theme.yaml',
    fromData ? () => ({ ...checked.loaded.locate(['company', 'logo']), path: 'company.logo' }) : undefined);
  useWidthCache(cacheDir);
  const { layout, problems } = layoutDeck(composed, { theme, logo, author: checked.model.data.company.name, date: checked.model.data.period.presentation_date, draft: opts.draft });
  saveWidthCache();
  return { theme, composed, layout, problems, sentences };
}
