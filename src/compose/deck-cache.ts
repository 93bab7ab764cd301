// The deck definition, validated and with its templates precompiled, kept in
// node_modules/.cache/irdeck/ under a key made of the file's text and the
// irdeck code that read it. Parsing templates/deck.yaml and compiling its ~280
// templates costs ~100 ms of a 0.4 s check; the IR team edits the data far more
// often than the templates, so most runs can start from this cache. A change
// to the file or to irdeck gives a new key; a cache that cannot be read or
// written is simply not used.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../util/atomic.js';

export interface DeckCacheEntry<Def> {
  def: Def;
  where: [string, { line: number; column: number }][];
  /** template text -> Handlebars template spec (the object precompile describes) */
  templates: Record<string, unknown>;
}

const FORMAT = 1;
const KEEP = 16;
const requireCjs = createRequire(import.meta.url);

/** What invalidates an entry besides the text: the code that wrote it (this file, or the bundle chunk holding it). */
function codeStamp(): string {
  try {
    const s = statSync(fileURLToPath(import.meta.url));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'unknown';
  }
}

export function deckCacheKey(text: string): string {
  return createHash('sha256').update(`${FORMAT}\0${codeStamp()}\0${text}`).digest('hex').slice(0, 32);
}

export function readDeckCache<Def>(dir: string | undefined, key: string): DeckCacheEntry<Def> | undefined {
  if (!dir) return undefined;
  const file = join(dir, `deck-${key}.cjs`);
  try {
    statSync(file);
  } catch {
    return undefined;
  }
  try {
    const entry = requireCjs(file) as DeckCacheEntry<Def>;
    return entry && entry.def && Array.isArray(entry.where) && entry.templates ? entry : undefined;
  } catch {
    return undefined; // a half-written or foreign file: rebuilt below
  }
}

/**
 * Writes an entry as a CommonJS module: the specs are JavaScript that
 * Handlebars generated from the templates, the rest is JSON. Keeps the newest
 * KEEP entries.
 */
export function writeDeckCache(dir: string | undefined, key: string, def: unknown, where: DeckCacheEntry<unknown>['where'], specs: Map<string, string>): void {
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const templates = [...specs].map(([text, spec]) => `${JSON.stringify(text)}:${spec}`).join(',\n');
    const body = `'use strict';\n// irdeck deck definition cache (generated; safe to delete)\nmodule.exports = {\ndef: ${JSON.stringify(def)},\nwhere: ${JSON.stringify(where)},\ntemplates: {\n${templates}\n}};\n`;
    writeFileAtomic(join(dir, `deck-${key}.cjs`), body);
    prune(dir);
  } catch {
    // a read-only project or a full disk: run without the cache
  }
}

function prune(dir: string): void {
  const entries = readdirSync(dir)
    .filter((f) => /^deck-[0-9a-f]+\.cjs$/.test(f))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of entries.slice(KEEP)) {
    try { unlinkSync(join(dir, f)); } catch { /* another process pruned it */ }
  }
}
