// The deck definition, validated and with its templates precompiled, kept in
// node_modules/.cache/irdeck/ under a key made of the file's text and the
// irdeck code that read it (and the data file's few templates, keyed by their
// texts). Parsing templates/deck.yaml and compiling its ~280
// templates costs ~100 ms of a 0.4 s check; the IR team edits the data far more
// often than the templates, so most runs can start from this cache. A change
// to the file or to irdeck gives a new key; a cache that cannot be read or
// written is simply not used.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCacheFile } from '../util/cache-files.js';
import { requireCachedModule } from '../util/code-cache.js';

export interface DeckCacheEntry<Def> {
  def: Def;
  where: [string, { line: number; column: number }][];
  /** template text -> Handlebars template spec (the object precompile describes) */
  templates: Record<string, unknown>;
}

const FORMAT = 1;

/** What invalidates an entry besides the text: the code that wrote it (this file, or the bundle chunk holding it). Read once per process. */
let stamp: string | undefined;
function codeStamp(): string {
  if (stamp !== undefined) return stamp;
  try {
    const s = statSync(fileURLToPath(import.meta.url));
    stamp = `${s.size}:${s.mtimeMs}`;
  } catch {
    stamp = 'unknown';
  }
  return stamp;
}

export function deckCacheKey(text: string): string {
  return createHash('sha256').update(`${FORMAT}\0${codeStamp()}\0${text}`).digest('hex').slice(0, 32);
}

export function readDeckCache<Def>(dir: string | undefined, key: string): DeckCacheEntry<Def> | undefined {
  const entry = readEntry(dir, `deck-${key}.cjs`) as DeckCacheEntry<Def> | undefined;
  return entry && entry.def && Array.isArray(entry.where) && entry.templates ? entry : undefined;
}

function readEntry(dir: string | undefined, name: string): unknown {
  if (!dir) return undefined;
  try {
    // from V8's code cache: its template functions were compiled anew in every run (util/code-cache.ts)
    return requireCachedModule(join(dir, name));
  } catch {
    return undefined; // none yet, or a damaged or foreign file: written anew by the caller
  }
}

/**
 * Writes an entry as a CommonJS module: the specs are JavaScript that
 * Handlebars generated from the templates, the rest is JSON.
 */
export function writeDeckCache(dir: string | undefined, key: string, def: unknown, where: DeckCacheEntry<unknown>['where'], specs: Map<string, string>): void {
  writeEntry(dir, `deck-${key}.cjs`, `def: ${JSON.stringify(def)},\nwhere: ${JSON.stringify(where)},\ntemplates: ${specsSource(specs)}`);
}

/**
 * The data file's own templates (sentences with {{...}} in commentary and
 * topics), keyed by their texts alone: editing figures keeps the entry,
 * editing a sentence makes a new one.
 */
export function templateSetKey(texts: string[]): string {
  return deckCacheKey(`templates\0${[...texts].sort().join('\0')}`);
}

export function readTemplateSet(dir: string | undefined, key: string): Record<string, unknown> | undefined {
  const entry = readEntry(dir, `tpl-${key}.cjs`) as { templates?: Record<string, unknown> } | undefined;
  return entry?.templates;
}

export function writeTemplateSet(dir: string | undefined, key: string, specs: Map<string, string>): void {
  writeEntry(dir, `tpl-${key}.cjs`, `templates: ${specsSource(specs)}`);
}

/**
 * A locale file validated (src/locale/load.ts), keyed by its text: its YAML
 * has patterns such as "{title}: chart" that the fast reader leaves to yaml,
 * and yaml plus the schema took ~15 ms of a check; the entry is JSON read back
 * in well under a millisecond.
 */
export function readLocaleCache(dir: string | undefined, text: string): unknown {
  return (readEntry(dir, `locale-${deckCacheKey(`locale\0${text}`)}.cjs`) as { locale?: unknown } | undefined)?.locale;
}

export function writeLocaleCache(dir: string | undefined, text: string, locale: unknown): void {
  writeEntry(dir, `locale-${deckCacheKey(`locale\0${text}`)}.cjs`, `locale: ${JSON.stringify(locale)}`);
}

/**
 * The HTML page's templates (render/html-templates.ts), keyed by their names
 * and texts: compiled with escaping, so never mixed with the deck's (keyed by
 * text alone, compiled as plain text).
 */
export function htmlTemplatesKey(texts: Record<string, string>): string {
  return deckCacheKey(`html\0${JSON.stringify(texts)}`);
}

/** The entry's specs by template name, if it has every one of `names`. */
export function readHtmlTemplates(dir: string | undefined, key: string, names: readonly string[]): Record<string, unknown> | undefined {
  const specs = (readEntry(dir, `html-${key}.cjs`) as { templates?: Record<string, unknown> } | undefined)?.templates;
  return specs && names.every((n) => typeof (specs[n] as { main?: unknown } | undefined)?.main === 'function') ? specs : undefined;
}

export function writeHtmlTemplates(dir: string | undefined, key: string, specs: Map<string, string>): void {
  writeEntry(dir, `html-${key}.cjs`, `templates: ${specsSource(specs)}`);
}

function specsSource(specs: Map<string, string>): string {
  return `{\n${[...specs].map(([text, spec]) => `${JSON.stringify(text)}:${spec}`).join(',\n')}\n}`;
}

function writeEntry(dir: string | undefined, name: string, fields: string): void {
  writeCacheFile(dir, name, `'use strict';\n// irdeck template cache (generated; safe to delete)\nmodule.exports = {\n${fields}\n};\n`);
}
