// The words of the data book, per language: templates/databook.yaml, plus
// the languages a data file is written in. A data file names its languages
// (`languages: [ja, en]`, the Japanese edition) or, as today, has the one
// language of the deck (`meta.lang` of templates/deck.yaml). Every label is a
// Text: one string per language, so the sheets get one label column per
// language without knowing which languages there are.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import type { Unit } from '../model/fig.js';

/** One string per language, e.g. { en: 'Gross Margin', ja: '売上総利益' }. */
export type Text = Record<string, string>;

export type DatabookUnit = Exclude<Unit, 'jpy_per_share'>;

/** The words of one language (the `languages.<lang>` map of templates/databook.yaml). */
export interface Words {
  columns: Record<string, string>;
  units: Record<DatabookUnit, string>;
  legend: string;
  illustrative_all: string;
  illustrative_some: string;
  illustrative_value: string;
  derived: string;
  sheets: Record<string, { name: string; title: string }>;
  sections: Record<string, string>;
  rows: Record<string, string>;
}

export interface Labels {
  /** the data file's languages, the first one first: it names the sheets and is what `import` reads */
  langs: string[];
  formats: Record<DatabookUnit, string>;
  words: Record<string, Words>;
}

type Vars = Record<string, string>;
const fill = (s: string, vars: Vars): string => s.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);

export function loadLabels(templatesDir: string, dataLanguages?: string[]): Labels {
  const file = join(templatesDir, 'databook.yaml');
  const doc = load(readFileSync(file, 'utf8')) as { formats: Labels['formats']; languages: Record<string, Words> };
  const langs = dataLanguages?.length ? dataLanguages : [deckLanguage(templatesDir)];
  const first = doc.languages[langs[0]] ?? doc.languages.en;
  if (!first) throw new Error(`${file}: no words for language ${langs[0]}`);
  return { langs, formats: doc.formats, words: Object.fromEntries(langs.map((l) => [l, doc.languages[l] ?? first])) };
}

/** The deck's language (meta.lang), read without loading the deck definition. */
function deckLanguage(templatesDir: string): string {
  const m = /^meta:\s*\n(?:[ \t]+.*\n)*?[ \t]+lang:\s*["']?([A-Za-z-]+)/m.exec(readFileSync(join(templatesDir, 'deck.yaml'), 'utf8'));
  return m ? m[1] : 'en';
}

/** Words looked up by a dotted key in every language, with {placeholders} filled. */
export class Wording {
  constructor(readonly labels: Labels) {}

  get langs(): string[] { return this.labels.langs; }

  word(key: string, vars: Vars = {}): Text {
    const out: Text = {};
    for (const l of this.labels.langs) {
      const w = lookup(this.labels.words[l], key) ?? lookup(this.labels.words[this.labels.langs[0]], key);
      if (w === undefined) throw new Error(`templates/databook.yaml: no words for "${key}" (${l})`);
      out[l] = fill(w, vars);
    }
    return out;
  }

  /** A label the data file gives: a plain string (one language) or one string per language. */
  data(label: string | Text): Text {
    if (typeof label !== 'string') return Object.fromEntries(this.labels.langs.map((l) => [l, label[l] ?? label[this.labels.langs[0]] ?? Object.values(label)[0]]));
    return Object.fromEntries(this.labels.langs.map((l) => [l, label]));
  }

  /** The same text in every language (a quarter label, a date). */
  same(s: string): Text {
    return Object.fromEntries(this.labels.langs.map((l) => [l, s]));
  }

  /** Per-language texts joined with a separator. */
  join(parts: Text[], sep = ' '): Text {
    return Object.fromEntries(this.labels.langs.map((l) => [l, parts.map((p) => p[l]).filter(Boolean).join(sep)]));
  }

  unit(u: DatabookUnit): Text {
    return Object.fromEntries(this.labels.langs.map((l) => [l, this.labels.words[l].units[u]]));
  }
}

function lookup(w: Words | undefined, key: string): string | undefined {
  let v: unknown = w;
  for (const k of key.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return typeof v === 'string' ? v : undefined;
}
