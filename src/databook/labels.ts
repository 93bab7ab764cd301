// The words of the data book, per language: templates/databook.yaml, plus
// the languages a data file is written in. A data file names its languages
// (`languages: [ja, en]`, the Japanese edition) or has the one language of
// the deck (`meta.lang` of templates/deck.yaml). Every label is a Text: one
// string per language, so the sheets get one label column per language
// without knowing which languages there are. Every language the data file
// lists must have every word: a missing one is an input error at its line of
// templates/databook.yaml, never a word of another language in its column.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { z } from '../util/zod.js';
import { metricName } from '../compose/metric-names.js';
import { loadYamlFile } from '../data/load.js';
import { localeFile, loadLocale } from '../locale/load.js';
import type { Locale } from '../locale/schema.js';
import type { Unit } from '../model/fig.js';
import type { Model } from '../model/build.js';

/** One string per language, e.g. { en: 'Gross Margin', ja: '売上総利益' }. */
export type Text = Record<string, string>;

export type DatabookUnit = Exclude<Unit, 'jpy_per_share'>;

const SHEETS = ['pl', 'revenues', 'costs', 'sga', 'employees', 'operations', 'capex', 'capex_breakdown', 'bs', 'cash', 'targets', 'revisions'] as const;
const COLUMNS = ['label', 'unit', 'notes', 'previous', 'current', 'change', 'previous_target', 'new_target', 'amount'] as const;
const UNITS = ['jpy', 'count', 'gbps', 'pct'] as const;
const SECTIONS = ['income', 'ratios', 'changes', 'lines', 'groups', 'cost_lines', 'margins', 'half', 'full_year', 'bridge_revenues', 'bridge_operating_income'] as const;
const ROWS = [
  'gross_margin', 'gm_ratio', 'sga_ratio', 'operating_income_ratio', 'income_before_tax_ratio', 'net_income_ratio',
  'revenues_yoy', 'revenues_qoq', 'operating_income_yoy', 'net_income_yoy', 'sga_yoy', 'sga_qoq', 'recurring', 'one_time',
  'revenues_ref', 'costs_ref', 'sga_ref', 'segment_revenues', 'segment_gp', 'segment_gmr', 'employees_qoq',
  'operating_income_ref', 'adjusted_ebitda', 'capex_total', 'capex_quarters', 'cf_free', 'cf_net',
  'target_revenues', 'target_operating_income', 'target_income_before_tax', 'target_net_income', 'bridge_previous', 'bridge_sum', 'bridge_new',
] as const;

const word = z.string().check(z.minLength(1, 'some text'));
const words = <K extends string>(keys: readonly K[]) => z.strictObject(Object.fromEntries(keys.map((k) => [k, word])) as Record<K, typeof word>);
const wordsSchema = z.strictObject({
  columns: words(COLUMNS),
  units: words(UNITS),
  legend: word,
  list: word,
  illustrative_all: word,
  illustrative_some: word,
  illustrative_value: word,
  titles: words(SHEETS),
  sections: words(SECTIONS),
  rows: words(ROWS),
});

/** The words of one language (the `languages.<lang>` map of templates/databook.yaml). */
export type Words = z.infer<typeof wordsSchema>;

/** templates/databook.yaml, every listed language's words required, any other language's map left unread. */
function bookSchema(langs: string[]) {
  return z.object({
    formats: words(UNITS),
    sheets: words(SHEETS),
    languages: z.looseObject(Object.fromEntries(langs.map((l) => [l, wordsSchema]))),
  });
}

export interface Labels {
  /** the data file's languages, the first one first */
  langs: string[];
  formats: Record<DatabookUnit, string>;
  /** the sheets' names, the same in every language (templates/databook.yaml says why) */
  sheets: Record<(typeof SHEETS)[number], string>;
  words: Record<string, Words>;
  /** the locale of each language: what the deck calls a derived metric is what its row is called */
  locales: Record<string, Locale>;
}

type Vars = Record<string, string | Text>;

export function loadLabels(templatesDir: string, dataLanguages?: string[]): Labels {
  const file = join(templatesDir, 'databook.yaml');
  const rel = relative(process.cwd(), file);
  const langs = dataLanguages?.length ? dataLanguages : [deckLanguage(templatesDir)];
  const doc = loadYamlFile(file, bookSchema(langs), rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file);
  const words = Object.fromEntries(langs.map((l) => [l, (doc.languages as Record<string, Words>)[l]]));
  const locales = Object.fromEntries(langs.map((l) => [l, loadLocale(localeFile(templatesDir, l))]));
  return { langs, formats: doc.formats, sheets: doc.sheets, words, locales };
}

/** The deck's language (meta.lang), read without loading the deck definition. */
function deckLanguage(templatesDir: string): string {
  const m = /^meta:\s*\n(?:[ \t]+.*\n)*?[ \t]+lang:\s*["']?([A-Za-z-]+)/m.exec(readFileSync(join(templatesDir, 'deck.yaml'), 'utf8'));
  return m ? m[1] : 'en';
}

/** The model in one language: the same figures, the data file's texts in that language. */
export type ModelIn = (lang: string) => Model;

/** Words looked up by a dotted key in every language, with {placeholders} filled (a Text placeholder in its own language). */
export class Wording {
  constructor(readonly labels: Labels, private readonly modelIn: ModelIn) {}

  get langs(): string[] { return this.labels.langs; }

  private map(f: (lang: string) => string): Text {
    return Object.fromEntries(this.labels.langs.map((l) => [l, f(l)]));
  }

  word(key: string, vars: Vars = {}): Text {
    return this.map((l) => {
      const w = lookup(this.labels.words[l], key);
      if (w === undefined) throw new Error(`internal: templates/databook.yaml has no word "${key}" (the schema in databook/labels.ts lists the words)`);
      return w.replace(/\{(\w+)\}/g, (m, k: string) => { const v = vars[k]; return v === undefined ? m : typeof v === 'string' ? v : v[l]; });
    });
  }

  /** A text of the data file in each language (a series' label, a bridge factor), read from that language's reading of the file. */
  each(f: (model: Model, lang: string) => unknown): Text {
    return this.map((l) => this.text(f(this.modelIn(l), l), l));
  }

  /** A metric's name in each language: the data file's label of a series, the locale's name of a derived one (as the deck calls it). */
  metric(key: string): Text {
    return this.map((l) => {
      const m = this.modelIn(l).metrics[key];
      // unvalidated, a label given as { en, ja } reaches the model where a term would be (employees.label)
      if (m.name && typeof m.name.term !== 'string') return this.text(m.name, l);
      const name = m.name && 'of' in m.name ? { ...m.name, of: this.text(m.name.of, l) } : m.name;
      return metricName(this.labels.locales[l], { label: this.text(m.label, l), name });
    });
  }

  /**
   * A text as the file gives it. A file with problems left to fix (the TODOs
   * of `irdeck new-period`, which `import` fills) is read unvalidated: its
   * texts may still be { en, ja } maps.
   */
  private text(v: unknown, lang: string): string {
    if (typeof v === 'string') return v;
    const m = (v ?? {}) as Record<string, unknown>;
    const s = [m[lang], m[this.labels.langs[0]], ...Object.values(m)].find((x) => typeof x === 'string');
    return typeof s === 'string' ? s : '';
  }

  /** The same text in every language (a quarter label, a date, a source note the data file gives in one language). */
  same(s: string): Text {
    return this.map(() => s);
  }

  /** Per-language texts joined with a separator. */
  join(parts: Text[], sep = ' '): Text {
    return this.map((l) => parts.map((p) => p[l]).filter(Boolean).join(sep));
  }

  /** Names listed in each language's manner: "1Q06, 2Q06" / "1Q06、2Q06". */
  list(items: string[]): Text {
    return this.map((l) => items.join(this.labels.words[l].list));
  }

  unit(u: DatabookUnit): Text {
    return this.map((l) => this.labels.words[l].units[u]);
  }
}

function lookup(w: Words | undefined, key: string): string | undefined {
  let v: unknown = w;
  for (const k of key.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return typeof v === 'string' ? v : undefined;
}
