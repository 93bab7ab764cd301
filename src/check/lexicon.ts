// A language's sentence-checking words (templates/locales/<lang>.check.yaml)
// compiled into matchers. Nothing here knows a language: the phrases, the
// number grammar and the word boundaries all come from the file.
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { z } from '../util/zod.js';
import { IrdeckError } from '../errors.js';

const phrases = z.array(z.string().check(z.minLength(1)));
const LexiconSchema = z.object({
  language: z.string(),
  word_boundaries: z.boolean(),
  /** the letters of a word, as a regular-expression class body (default: any letter or digit) */
  word_chars: z.optional(z.string()),
  subject_lead_words: phrases,
  subject_of_words: phrases,
  level_links: phrases,
  subjects: z.record(z.string(), phrases),
  cost_subjects: phrases,
  ratio_of: z.record(z.string(), z.string()),
  directions: z.object({ up: phrases, down: phrases, better: phrases, worse: phrases, flat: phrases, steady: phrases }),
  steady_tolerance: z.number(),
  not_directions: phrases,
  figure_links: phrases,
  /** words between a direction and a figure that make the figure the level reached ("rose to JPY33.3 billion") */
  level_after_direction: z.optional(phrases),
  figure_joins: phrases,
  /** what may stand between a figure and its comparison for the two to belong together ("44.6% YoY"), a regular expression */
  comparison_gap: z.optional(z.string()),
  /** signs typed on a figure that say its direction ("+10.9% YoY", "△44.6%") */
  signs: z.optional(z.object({ up: phrases, down: phrases })),
  comparisons: z.object({ YoY: phrases, QoQ: phrases, target: phrases }),
  /** a comparison is written before its figure (Japanese 前年同期比10.9%増), not after it (English "up 10.9% YoY") */
  comparison_before_figure: z.optional(z.boolean()),
  base_words: phrases,
  number: z.string(),
  group_separator: z.string(),
  decimal_separator: z.string(),
  figures: z.object({ percent: phrases, points: phrases, amount: phrases, count: phrases }),
  scales: z.record(z.string(), z.number()),
  dates: phrases,
  periods: z.string(),
});
export type LexiconFile = z.infer<typeof LexiconSchema>;

export type DirectionClass = keyof LexiconFile['directions'];
export type Basis = keyof LexiconFile['comparisons'];
export type FigureKind = keyof LexiconFile['figures'];

export interface Lexicon {
  file: LexiconFile;
  /** how phrases of this language are matched: the word-character class (none: no word boundaries) and the flags */
  words: WordMode;
  /** a phrase matcher: the index of the phrase list it belongs to, or -1 */
  directions: Matcher<DirectionClass>;
  notDirections: Matcher<true>;
  comparisons: Matcher<Basis>;
  baseWords: Matcher<true>;
  leadWords: Set<string>;
  figures: { kind: FigureKind; re: RegExp }[];
  /** "by", "of": words between a direction and its figure, as one anchored pattern */
  link: RegExp;
  /** "to": between a direction and a figure, the figure is the level reached (never matches when the file lists none) */
  levelAfter: RegExp;
  /** the text between a figure and a comparison that belongs to it */
  comparisonGap: RegExp;
  /** a sign typed right before a figure: its direction */
  signOf: (sign: string) => DirectionClass | undefined;
  /** one character of a word (of a number, where the language has no word boundaries) */
  wordCharacter: RegExp;
  join: RegExp;
  /** the last word (or punctuation mark) of a text */
  lastWord: RegExp;
  /** between two names: the second belongs to the first */
  ofWord: RegExp;
  /** between a name and a plain number: the number is its level */
  levelLink: RegExp;
  dates: RegExp;
  periods: RegExp;
  costSubject: (key: string) => boolean;
  parseNumber: (s: string) => { value: number; decimals: number };
}

export interface WordMode { chars?: string; flags: string }

export interface Match<T> { start: number; end: number; value: T; text: string }

export interface Matcher<T> { find(text: string): Match<T>[] }

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Finds the phrases of a list in a text, leftmost first and at each place the
 * longest ("recurring revenues" wins over "revenues"), each standing alone
 * where the language has word boundaries. Phrases are indexed by their first
 * two characters, so a text is read once instead of trying every phrase at
 * every place: one alternation regex of the ~300 subject words took ~14 ms of
 * a ~0.28 s check (tests/phrase-matcher.test.ts keeps this equal to that
 * regex). Indexed by the first character alone, the phrases a common letter
 * starts were each tried at every place: the sentence check took 10-12 ms of a
 * check, 8-9 ms indexed by two (stage medians of 10 runs, same minutes).
 */
export function phraseMatcher<T>(entries: [string, T][], mode: WordMode): Matcher<T> {
  const byText = new Map<string, T>();
  for (const [p, v] of entries) if (!byText.has(p.toLowerCase())) byText.set(p.toLowerCase(), v);
  const keys = [...byText.keys()].filter((k) => k.length > 0).sort((a, b) => b.length - a.length);
  if (keys.length === 0) return { find: () => [] };
  // phrases by their first two characters (code units, as a number: no string
  // made per place), longest first; one-character phrases by that character.
  // (A trie of Maps was as fast to read, but its ~4,000 Maps stayed alive
  // through the young collections of a check and cost more than they saved.)
  const byTwo = new Map<number, string[]>();
  const single = new Set<string>();
  for (const k of keys) {
    if (k.length === 1) { single.add(k); continue; }
    const code = k.charCodeAt(0) * 65536 + k.charCodeAt(1);
    const list = byTwo.get(code);
    if (list) list.push(k);
    else byTwo.set(code, [k]);
  }
  const w = mode.chars;
  const wordChar = w ? new RegExp(`^[${w}&]$`, mode.flags) : undefined;
  /** the code point ending at i, or starting at i */
  const before = (t: string, i: number) => (i >= 2 && /[\uDC00-\uDFFF]/.test(t[i - 1]) ? t.slice(i - 2, i) : t.slice(i - 1, i));
  const after = (t: string, i: number) => String.fromCodePoint(t.codePointAt(i)!);
  /** a phrase ending at `end` ends a word there */
  const endsAlone = (t: string, end: number) => !wordChar || end >= t.length || !wordChar.test(after(t, end));
  const slow = regexPhraseMatcher(entries, mode);
  return {
    find(text) {
      const lower = text.toLowerCase();
      // a lower case that changes the length (U+0130) would shift every position: the regex is exact there
      if (lower.length !== text.length) return slow.find(text);
      const out: Match<T>[] = [];
      for (let i = 0; i < lower.length;) {
        let hit: string | undefined;
        const list = i + 1 < lower.length ? byTwo.get(lower.charCodeAt(i) * 65536 + lower.charCodeAt(i + 1)) : undefined;
        const one = single.size > 0 && single.has(lower[i]);
        // where words have boundaries, a phrase cannot start inside a word
        if ((list || one) && (!wordChar || i === 0 || !wordChar.test(before(text, i)))) {
          if (list) for (const k of list) if (lower.startsWith(k, i) && endsAlone(text, i + k.length)) { hit = k; break; }
          if (hit === undefined && one && endsAlone(text, i + 1)) hit = lower[i];
        }
        if (hit) {
          out.push({ start: i, end: i + hit.length, value: byText.get(hit) as T, text: text.slice(i, i + hit.length) });
          i += hit.length;
        } else {
          i++;
        }
      }
      return out;
    },
  };
}

/** The same as one alternation of all phrases, longest first: the reference phraseMatcher is held to. */
export function regexPhraseMatcher<T>(entries: [string, T][], mode: WordMode): Matcher<T> {
  const byText = new Map<string, T>();
  for (const [p, v] of entries) if (!byText.has(p.toLowerCase())) byText.set(p.toLowerCase(), v);
  const keys = [...byText.keys()].filter((k) => k.length > 0).sort((a, b) => b.length - a.length);
  if (keys.length === 0) return { find: () => [] };
  const body = keys.map(escapeRe).join('|');
  const w = mode.chars;
  let re: RegExp | undefined; // compiled on first use: only texts the fast path cannot read need it
  return {
    find(text) {
      re ??= new RegExp(w ? `(?<![${w}&])(?:${body})(?![${w}&])` : `(?:${body})`, `gi${mode.flags}`);
      const out: Match<T>[] = [];
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, value: byText.get(m[0].toLowerCase()) as T, text: m[0] });
      return out;
    },
  };
}

function alternation(list: string[], mode: WordMode): string {
  const body = [...list].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  return mode.chars ? `(?:(?:${body})(?![${mode.chars}]))` : `(?:${body})`;
}

export function compileLexicon(file: LexiconFile): Lexicon {
  // [A-Za-z0-9] rather than \\p{L}\\p{N} where the language allows: unicode classes cost ~50 ms to compile on first use
  const chars = file.word_boundaries ? (file.word_chars ?? '\\p{L}\\p{N}') : undefined;
  const wb: WordMode = { chars, flags: chars?.includes('\\p') || /[^\t\n\r -~]/.test(JSON.stringify(file)) ? 'u' : '' };
  const dirs: [string, DirectionClass][] = [];
  for (const [cls, list] of Object.entries(file.directions) as [DirectionClass, string[]][]) for (const p of list) dirs.push([p, cls]);
  const comps: [string, Basis][] = [];
  for (const [b, list] of Object.entries(file.comparisons) as [Basis, string[]][]) for (const p of list) comps.push([p, b]);
  const n = `(${file.number})`;
  const figures: Lexicon['figures'] = [];
  for (const kind of ['amount', 'points', 'percent', 'count'] as FigureKind[]) {
    for (const f of file.figures[kind]) figures.push({ kind, re: new RegExp(`(?<![${chars ?? '0-9'}.,])${f.replace('{n}', n)}`, `gi${wb.flags}`) });
  }
  const costPatterns = file.cost_subjects.map((p) => new RegExp(`^${p.split('*').map(escapeRe).join('.*')}$`));
  const group = new RegExp(escapeRe(file.group_separator), 'g');
  return {
    file,
    words: wb,
    lastWord: new RegExp(`[${chars ?? '0-9'}'&-]+$|[^\\s${chars ?? '0-9'}]$`, wb.flags),
    directions: phraseMatcher(dirs, wb),
    notDirections: phraseMatcher(file.not_directions.map((p) => [p, true as const]), wb),
    comparisons: phraseMatcher(comps, wb),
    baseWords: phraseMatcher(file.base_words.map((p) => [p, true as const]), wb),
    leadWords: new Set(file.subject_lead_words.map((w) => w.toLowerCase())),
    figures,
    link: new RegExp(`^\\s*(?:${alternation(file.figure_links, wb)}\\s*)?$`, `i${wb.flags}`),
    levelAfter: file.level_after_direction?.length ? new RegExp(`^\\s*${alternation(file.level_after_direction, wb)}\\s*$`, `i${wb.flags}`) : /(?!)/,
    comparisonGap: new RegExp(file.comparison_gap ?? '^[\\s(]*$', wb.flags),
    signOf: (sign) => (file.signs?.up.includes(sign) ? 'up' : file.signs?.down.includes(sign) ? 'down' : undefined),
    wordCharacter: new RegExp(`[${chars ?? '0-9'}]`, wb.flags),
    join: new RegExp(`^\\s*${alternation(file.figure_joins, wb)}?\\s*$`, `i${wb.flags}`),
    ofWord: new RegExp(`^\\s*${alternation(file.subject_of_words, wb)}\\s+(?:the\\s+)?$`, `i${wb.flags}`),
    levelLink: new RegExp(`^\\s*(?:${alternation(file.level_links, wb)}\\s*)?$`, `i${wb.flags}`),
    dates: new RegExp(file.dates.map((d) => `(?:${d})`).join('|'), `g${wb.flags}`),
    periods: new RegExp(file.periods, `g${wb.flags}`),
    costSubject: (key) => costPatterns.some((r) => r.test(key)),
    parseNumber(s) {
      const plain = s.replace(group, '').replace(file.decimal_separator, '.');
      const dot = plain.indexOf('.');
      return { value: Number(plain), decimals: dot < 0 ? 0 : plain.length - dot - 1 };
    },
  };
}

const cache = new Map<string, Lexicon>();

/** The compiled lexicon of one file, read once per process. */
export function loadLexicon(path: string): Lexicon {
  let lex = cache.get(path);
  if (lex) return lex;
  let raw: unknown;
  try {
    raw = load(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new IrdeckError(`cannot read the sentence-checking words ${path}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = LexiconSchema.safeParse(raw);
  if (!parsed.success) throw new IrdeckError(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  lex = compileLexicon(parsed.data);
  cache.set(path, lex);
  return lex;
}
