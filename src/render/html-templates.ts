// The HTML page's Handlebars templates (templates/html/*.hbs: the page and a
// partial per element kind), precompiled in irdeck's cache like the deck's
// (compose/deck-cache.ts): keyed by their names and texts and the irdeck
// code, so an edited template is a new entry, and a run that finds the entry
// loads only the Handlebars runtime. Measured in a fresh process, compiling
// the seven templates took 37-67 ms of CPU (median 45: loading the compiler
// and source-map, ~190 KB the html chunk used to carry, then parsing and
// generating code); making them from the entry takes 2-6 ms (median 4).
// The texts are read on every call (seven small files): the preview's next
// rebuild shows an edited template.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Handlebars from 'handlebars';
import { handlebarsCompiler, handlebarsRuntime, specFromSource } from '../compose/handlebars.js';
import { htmlTemplatesKey, readHtmlTemplates, writeHtmlTemplates } from '../compose/deck-cache.js';

const PARTIALS = ['text', 'runs', 'table', 'chart', 'image', 'shape'] as const;
const NAMES = [...PARTIALS, 'page'] as const;
/** escaping ON: every text from the data is shown as text */
const OPTIONS = { strict: true, noEscape: false } as const;

export interface HtmlTemplates {
  page: Handlebars.TemplateDelegate;
  /** read from the cache rather than compiled (or, in this process, made from an entry that was) */
  fromCache: boolean;
}

/** cache folder and key -> the templates made from them in this process (a run has one folder; a test, several) */
const made = new Map<string, HtmlTemplates>();

function pageFrom(specs: Record<string, unknown>): Handlebars.TemplateDelegate {
  const hb = handlebarsRuntime().create();
  const template = (n: (typeof NAMES)[number]) => hb.template(specs[n] as Parameters<typeof hb.template>[0]);
  for (const p of PARTIALS) hb.registerPartial(p, template(p));
  return template('page');
}

/** The page template, its partials registered, from the templates in `dir`. */
export function htmlTemplates(dir: string, cacheDir: string | undefined): HtmlTemplates {
  const texts = Object.fromEntries(NAMES.map((n) => [n, readFileSync(join(dir, `${n}.hbs`), 'utf8')])) as Record<(typeof NAMES)[number], string>;
  const key = htmlTemplatesKey(texts);
  const known = made.get(`${cacheDir}\0${key}`);
  if (known) return known;
  const cached = readHtmlTemplates(cacheDir, key, NAMES);
  let result: HtmlTemplates | undefined;
  try {
    result = cached && { page: pageFrom(cached), fromCache: true };
  } catch {
    // an entry this runtime cannot run (a spec of another Handlebars): compiled again and rewritten
  }
  if (!result) {
    // precompile sets options.data on the object it is given: each its own copy
    const sources = new Map(NAMES.map((n) => [n, handlebarsCompiler().precompile(texts[n], { ...OPTIONS }) as unknown as string]));
    writeHtmlTemplates(cacheDir, key, sources);
    result = { page: pageFrom(Object.fromEntries([...sources].map(([n, s]) => [n, specFromSource(s)]))), fromCache: false };
  }
  if (made.size > 16) made.clear();
  made.set(`${cacheDir}\0${key}`, result);
  return result;
}
