// model -> composed slides -> layout: everything between the data and the renderers.
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { composeDeck, type ComposedDeck } from '../compose/compose.js';
import { loadDeckDef } from '../compose/deck-def.js';
import { inputError } from '../errors.js';
import { layoutDeck, type LayoutProblem } from '../layout/layouts.js';
import type { DeckLayout } from '../layout/types.js';
import { loadTheme, type Theme } from '../theme.js';
import type { Checked } from './load-model.js';

/** The project's own folder (templates/ and assets/ live here). */
export const PROJECT_ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');

export interface Laid {
  theme: Theme;
  composed: ComposedDeck;
  layout: DeckLayout;
  problems: LayoutProblem[];
}

/** A path from the theme or data must stay inside the project: no ../../etc/passwd as a logo. */
export function projectFile(rel: string, what: string, file: string): string {
  const abs = resolve(PROJECT_ROOT, rel);
  const inside = relative(PROJECT_ROOT, abs);
  if (isAbsolute(rel) || inside.startsWith('..') || isAbsolute(inside)) {
    throw inputError([{ file, line: 0, column: 0, rule: 'path/outside', message: `${what} "${rel}" is outside the project folder`, severity: 'error' }]);
  }
  if (!existsSync(abs)) throw inputError([{ file, line: 0, column: 0, rule: 'path/missing', message: `${what} "${rel}" does not exist`, severity: 'error' }]);
  if (!/\.(png|jpe?g)$/i.test(abs)) throw inputError([{ file, line: 0, column: 0, rule: 'path/not-image', message: `${what} "${rel}" is not a PNG or JPEG image`, severity: 'error' }]);
  return abs;
}

export function composeAndLayout(checked: Checked, opts: { draft?: boolean; templatesDir?: string } = {}): Laid {
  const theme = loadTheme(join(PROJECT_ROOT, 'assets/theme.yaml'));
  const deck = loadDeckDef(join(opts.templatesDir ?? join(PROJECT_ROOT, 'templates'), 'deck.yaml'));
  const composed = composeDeck({ model: checked.model, deck, dataFile: checked.loaded.file, locateData: checked.loaded.locate, theme });
  const logoRel = checked.model.data.company.logo ?? theme.logo;
  const logo = projectFile(logoRel, 'logo', checked.model.data.company.logo ? checked.loaded.file : 'assets/theme.yaml');
  const { layout, problems } = layoutDeck(composed, { theme, logo, author: checked.model.data.company.name, date: checked.model.data.period.presentation_date, draft: opts.draft });
  return { theme, composed, layout, problems };
}
