// A deck definition in another language: the same slides, layouts, charts and
// tables (templates/deck.yaml), with each of its texts replaced by its words
// in templates/locales/<lang>.deck.yaml, a table from the deck's own text to
// the language's. Structure is never translated: only strings under keys
// that hold words (titles, sentences, heads, names). A text the table lacks
// is an error naming its line in deck.yaml, so an edit of the deck cannot
// leave the other edition in the old words unnoticed.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from '../util/zod.js';
import { inputError, type Diagnostic } from '../errors.js';
import type { LoadedDeckDef } from './deck-def.js';

/** Keys whose strings are structure (ids, metrics, kinds, conditions), never words. */
const STRUCTURE = new Set([
  'id', 'layout', 'kind', 'metric', 'bridge', 'breakdown', 'each', 'cards', 'commentary', 'with_commentary',
  'lang', 'legend', 'type', 'axis', 'align', 'only_for', 'when', 'number', 'keywords',
]);

const WordsSchema = z.strictObject({
  lang: z.string(),
  words: z.record(z.string(), z.string()),
  /** words that read otherwise on one slide (by its id): "YoY" is 前年同期比 in a half year, 前期比 on the full-year forecast */
  slides: z.optional(z.record(z.string(), z.record(z.string(), z.string()))),
});

/** Does a text hold words (letters outside its {{ }} parts)? */
const hasWords = (s: string) => /\p{L}{2,}/u.test(s.replace(/\{\{[^}]*\}\}/g, ''));

function lineOf(file: string, text: string): number {
  try {
    const src = readFileSync(file, 'utf8');
    const i = src.indexOf(JSON.stringify(text).slice(1, -1));
    const j = i >= 0 ? i : src.indexOf(text);
    return j >= 0 ? src.slice(0, j).split('\n').length : 0;
  } catch {
    return 0;
  }
}

/** The deck definition with its words in the language of `wordsFile`; every missing word an error at once. */
export function deckInLanguage(deck: LoadedDeckDef, wordsFile: string): LoadedDeckDef {
  if (!existsSync(wordsFile)) {
    const message = `the words of the deck in this language are missing (a table from each text of ${deck.file} to its translation)`;
    throw inputError([{ file: wordsFile, line: 0, column: 0, rule: 'file/missing', message, severity: 'error' }]);
  }
  const parsed = WordsSchema.safeParse(parse(readFileSync(wordsFile, 'utf8')));
  if (!parsed.success) {
    throw inputError(parsed.error.issues.map((i) => ({ file: wordsFile, line: 1, column: 1, path: i.path.join('.'), rule: 'deck/words', message: i.message, severity: 'error' as const })));
  }
  const global = new Map(Object.entries(parsed.data.words));
  const own = new Map(Object.entries(parsed.data.slides ?? {}).map(([id, w]) => [id, new Map([...global, ...Object.entries(w)])]));
  const ids = new Set(deck.def.slides.map((sl) => sl.id));
  const strays = [...own.keys()].filter((id) => !ids.has(id));
  if (strays.length) {
    throw inputError(strays.map((id) => ({ file: wordsFile, line: lineOf(wordsFile, `${id}:`), column: 1, path: `slides.${id}`, rule: 'deck/words',
      message: `no slide "${id}" in ${deck.file} (its slides: ${[...ids].join(', ')})`, severity: 'error' as const })));
  }
  const missing = new Map<string, Diagnostic>();
  const walk = (v: unknown, key: string | undefined, words: Map<string, string>): unknown => {
    if (typeof v === 'string') {
      if (key !== undefined && STRUCTURE.has(key)) return v;
      const w = words.get(v);
      if (w !== undefined) return w;
      if (hasWords(v) && !missing.has(v)) {
        const message = `no ${parsed.data.lang} words for ${JSON.stringify(v)}: add it to ${wordsFile}`;
        missing.set(v, { file: deck.file, line: lineOf(deck.file, v), column: 1, rule: 'deck/missing-language', message, severity: 'error' });
      }
      return v;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key, words));
    if (v && typeof v === 'object') {
      const id = (v as { id?: unknown }).id;
      const inner = key === 'slides' && typeof id === 'string' ? (own.get(id) ?? words) : words;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k, inner)]));
    }
    return v;
  };
  const def = walk(deck.def, undefined, global) as LoadedDeckDef['def'];
  if (missing.size) throw inputError([...missing.values()]);
  // a template's position is looked up by its deck.yaml text: the translated text is found where the original is
  const original = new Map([...global, ...[...own.values()].flatMap((m) => [...m])].map(([en, w]) => [w, en]));
  return { ...deck, def, source: (text, path) => ({ ...deck.source(original.get(text) ?? text, path), text }) };
}
