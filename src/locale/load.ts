// Reads templates/locales/<lang>.yaml. A locale is ~100 lines, validated by
// zod; a valid one is kept in a cache the caller gives (the pipeline gives the
// deck cache, compose/deck-cache.ts) under a key of its text, so a check reads JSON instead of parsing YAML and running
// the schema, and per process by path and text, so a preview that rebuilds on
// every save reads it once until it changes. A broken file is read with
// positions, so its problems name their lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { readFast } from '../data/yaml-fast.js';
import { inputError, type Diagnostic } from '../errors.js';
import { localeSchema, type Locale } from './schema.js';

const loaded = new Map<string, { text: string; locale: Locale }>();

/** Where validated locales are kept between runs, by the file's text. */
export interface LocaleCache {
  read(text: string): unknown;
  write(text: string, locale: Locale): void;
}

/** The locale file of a language in a templates folder. */
export function localeFile(templatesDir: string, lang: string): string {
  return join(templatesDir, 'locales', `${lang}.yaml`);
}

/** A locale file, validated; a missing or broken one is an input error (exit 2) naming its file and lines. */
export function loadLocale(file: string, opts: { cache?: LocaleCache } = {}): Locale {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw inputError([{ file, line: 0, column: 0, rule: 'file/missing', message: 'the locale file is missing (templates/locales/<lang>.yaml for the deck\'s meta.lang)', severity: 'error' }]);
  }
  const hit = loaded.get(file);
  if (hit && hit.text === text) return hit.locale;
  const cached = opts.cache?.read(text) as Locale | undefined;
  if (cached) {
    loaded.set(file, { text, locale: cached });
    return cached;
  }
  // js-yaml when it reads the file as yaml would (data/yaml-fast.ts), else yaml, which also gives the positions of problems
  const fast = readFast(text);
  const parsed = fast !== undefined ? localeSchema().safeParse(fast) : undefined;
  const locale = parsed?.success ? parsed.data : withPositions(file, text);
  loaded.set(file, { text, locale });
  opts.cache?.write(text, locale);
  return locale;
}

/** The locale read by yaml; every problem thrown at once with its line and column. */
function withPositions(file: string, text: string): Locale {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number) => { const p = lines.linePos(offset); return { line: p.line, column: p.col }; };
  if (doc.errors.length) throw inputError(doc.errors.map((e) => ({ file, ...at(e.pos[0]), rule: 'yaml/syntax', message: e.message.split('\n')[0], severity: 'error' as const })));
  const parsed = localeSchema().safeParse(doc.toJS({ maxAliasCount: 50 }));
  if (parsed.success) return parsed.data;
  throw inputError(parsed.error.issues.map((i): Diagnostic => {
    const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
    const offset = offsetOf(doc.contents, path);
    return { file, ...(offset === undefined ? { line: 1, column: 1 } : at(offset)), path: path.join('.'), rule: 'locale/schema', message: i.message, severity: 'error' };
  }));
}

/** Where a path's value starts; for a key that is missing, where its nearest parent's key is (the entry lacking it). */
function offsetOf(root: unknown, path: (string | number)[]): number | undefined {
  let node = root;
  let offset = (root as { range?: number[] } | null)?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (!pair) return offset;
      offset = (pair.key as { range?: number[] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number' && node.items[key]) {
      node = node.items[key];
    } else {
      return offset;
    }
  }
  return (node as { range?: number[] } | null)?.range?.[0] ?? offset;
}
