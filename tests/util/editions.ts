// The decks the layout gates run over: each data file in data/ as it ships (English), and the
// Japanese edition of each (the file with `languages: [ja, en]`, laid out in Japanese), whose labels
// are wider or narrower and whose category labels wrap between phrases, not at spaces.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lang } from '../../src/data/schema.js';
import { composeAndLayout, type Laid } from '../../src/pipeline/compose-deck.js';
import { checkedIn, loadModel } from '../../src/pipeline/load-model.js';
import { bilingualSample, ROOT } from './cli.js';

export interface Edition {
  /** "fy2008-1h.yaml", "fy2008-1h.yaml (ja)" */
  name: string;
  /** the data file it is laid out from */
  file: string;
  lang?: Lang;
}

const samples = readdirSync(join(ROOT, 'data')).filter((f) => f.endsWith('.yaml')).sort();

/** Every data file in data/ in English, then each one that can be made bilingual in Japanese. */
export function editions(): Edition[] {
  const english = samples.map((f) => ({ name: f, file: join(ROOT, 'data', f) }));
  const japanese = samples.filter((f) => /^languages: \[en\]/m.test(readFileSync(join(ROOT, 'data', f), 'utf8')))
    .map((f) => ({ name: `${f} (ja)`, file: bilingualSample(join('data', f)), lang: 'ja' as const }));
  return [...english, ...japanese];
}

/** The edition composed and laid out as `irdeck build` lays it out. */
export function layEdition(e: Edition): Laid {
  const checked = loadModel(e.file);
  return e.lang ? composeAndLayout(checkedIn(checked, e.lang), { lang: e.lang }) : composeAndLayout(checked);
}
