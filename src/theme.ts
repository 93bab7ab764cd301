// The deck's look, read from assets/theme.yaml. Renderers take colours, fonts
// and sizes from here and nowhere else.
import { isAbsolute, relative } from 'node:path';
import { z } from './util/zod.js';
import { loadYamlFile } from './data/load.js';

const hex = z.string().check(z.regex(/^[0-9A-Fa-f]{6}$/, 'a colour as six hex digits without #'));

export const ThemeSchema = z.strictObject({
  name: z.string(),
  fonts: z.strictObject({ latin: z.string(), latinTwin: z.string(), eastAsian: z.string() }),
  colors: z.strictObject({
    primary: hex, accent: hex, text: hex, muted: hex, grid: hex,
    tableBorder: hex, tableHeader: hex, tableHeaderText: hex, tableStripe: hex,
    up: hex, down: hex, total: hex, series: z.array(hex).check(z.minLength(4)), line: hex,
  }),
  sizes: z.strictObject({
    title: z.number(), subtitle: z.number(), body: z.number(), small: z.number(),
    table: z.number(), footer: z.number(), chart: z.number(),
    /** the smallest body, card and table text may shrink to; text that does not fit at it is an overflow error */
    min: z.number(),
  }),
  logo: z.string(),
  footer: z.string(),
});

export type Theme = z.infer<typeof ThemeSchema>;

/** The theme, or an input error (exit 2) naming each problem's line: assets/theme.yaml:12:3. */
export function loadTheme(file: string): Theme {
  const rel = relative(process.cwd(), file);
  return loadYamlFile(file, ThemeSchema, rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file);
}
