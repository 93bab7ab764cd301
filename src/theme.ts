// The deck's look, read from assets/theme.yaml. Renderers take colours, fonts
// and sizes from here and nowhere else.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { readFast } from './data/yaml-fast.js';
import { z } from 'zod';

const hex = z.string().regex(/^[0-9A-Fa-f]{6}$/, 'a colour as six hex digits without #');

export const ThemeSchema = z.strictObject({
  name: z.string(),
  fonts: z.strictObject({ latin: z.string(), latinTwin: z.string(), eastAsian: z.string() }),
  colors: z.strictObject({
    primary: hex, accent: hex, text: hex, muted: hex, grid: hex,
    tableBorder: hex, tableHeader: hex, tableHeaderText: hex, tableStripe: hex,
    up: hex, down: hex, total: hex, series: z.array(hex).min(4), line: hex,
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

export function loadTheme(file: string): Theme {
  const text = readFileSync(file, 'utf8');
  // the faster reader when it gives what yaml would (data/yaml-fast.ts), else yaml with its errors
  const fast = readFast(text);
  return ThemeSchema.parse(fast !== undefined ? fast : parse(text));
}
