// The deck definition in templates/deck.yaml: slide order, layouts, titles,
// charts by data series, tables and sentences as Handlebars templates. The IR
// team edits it without touching TypeScript; this schema says what is allowed.
import { readFileSync } from 'node:fs';
import { textProblems } from '../data/sanitize.js';
import { LineCounter, parseDocument, visit } from 'yaml';
import { z } from 'zod';
import { CONDITION_NAMES } from './conditions.js';
import { inputError, type Diagnostic } from '../errors.js';
import { deckCacheKey, readDeckCache, writeDeckCache } from './deck-cache.js';
import { precompileAll, rememberPrecompiled, stringsIn, type TemplateSource } from './template.js';

const tpl = z.string();

export const LAYOUTS = ['cover', 'contents', 'bullets', 'table', 'chart-bullets', 'two-charts', 'chart-table', 'bridge', 'cards', 'list', 'text'] as const;

const SeriesDef = z.strictObject({
  metric: z.string(),
  name: tpl.optional(),
  type: z.enum(['bar', 'line']).optional(),
  axis: z.enum(['y', 'y2']).optional(),
  labels: z.boolean().optional(),
});

export const ChartDefSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'an id of lower-case letters, digits and dashes'),
  title: tpl.optional(),
  kind: z.enum(['stacked', 'clustered', 'combo', 'bridge', 'doughnut']),
  series: z.array(SeriesDef).optional(),
  /** for bridges: "targets.half.revenues" etc. */
  bridge: z.string().optional(),
  /** for doughnuts: "capex_breakdown" */
  breakdown: z.literal('capex_breakdown').optional(),
  /** show only the last N quarters */
  last: z.number().int().min(2).optional(),
  total_labels: z.boolean().optional(),
  legend: z.enum(['bottom', 'right', 'top', 'none']).optional(),
  y_title: tpl.optional(),
  y2_title: tpl.optional(),
  /** figures in JPY billion (one decimal) rather than million */
  billions: z.boolean().optional(),
});
export type ChartDef = z.infer<typeof ChartDefSchema>;

const BulletDef = z.union([
  tpl,
  /** with_commentary: shown only when the data file has that commentary (the heading of an optional bullet) */
  z.strictObject({ text: tpl, level: z.number().int().min(0).max(3).optional(), bold: z.boolean().optional(), with_commentary: z.string().optional() }),
  /** every sentence of commentary[key] from the data file, at a level; optional: left out when the data has none */
  z.strictObject({ commentary: z.string(), level: z.number().int().min(0).max(3).optional(), optional: z.boolean().optional() }),
]);
export type BulletDefT = z.infer<typeof BulletDef>;

const TableDef = z.strictObject({
  /** relative column widths */
  columns: z.array(z.number().positive()).min(1),
  header: z.array(z.array(tpl)).optional(),
  rows: z.array(z.array(tpl)).optional(),
  /** one row per item of a list in the model (e.g. group_companies), cells over {{item.*}} */
  each: z.enum(['group_companies', 'press_releases', 'bs.items']).optional(),
  cells: z.array(tpl).optional(),
  align: z.array(z.enum(['left', 'center', 'right'])).optional(),
  /** rows per slide before the table continues on a next slide */
  max_rows: z.number().int().min(1).optional(),
  /** a row per metric, a column per quarter (the last N): figures in JPY million */
  quarterly: z.strictObject({ last: z.number().int().min(1).max(12), rows: z.array(z.strictObject({ label: tpl, metric: z.string() })).min(1) }).optional(),
  /** body rows (0-based) set in bold */
  bold_rows: z.array(z.number().int()).optional(),
  font_size: z.number().min(6).max(24).optional(),
});
export type TableDefT = z.infer<typeof TableDef>;

export const SlideDefSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'an id of lower-case letters, digits and dashes'),
  layout: z.enum(LAYOUTS),
  title: tpl,
  subtitle: tpl.optional(),
  section: tpl.optional(),
  unit: tpl.optional(),
  bullets: z.array(BulletDef).optional(),
  /** second column or box of bullets (two-charts and bridge layouts) */
  bullets2: z.array(BulletDef).optional(),
  table: TableDef.optional(),
  charts: z.array(ChartDefSchema).max(2).optional(),
  /** one card per topic (cards layout) */
  cards: z.literal('topics').optional(),
  /** long text (text layout): a template */
  body: tpl.optional(),
  notes: tpl.optional(),
  /** period kinds this slide appears for (default: all) */
  only_for: z.array(z.enum(['first_quarter', 'half', 'nine_months', 'full_year'])).optional(),
  /** conditions on the data this slide appears under (src/compose/conditions.ts), all of them */
  when: z.array(z.enum(CONDITION_NAMES)).optional(),
  /**
   * numbered within its section ("II-6. " before the title, from the section's
   * numeral and the slide order); consecutive slides with the same group share a number
   */
  number: z.string().regex(/^[a-z0-9-]+$/).optional(),
});
export type SlideDef = z.infer<typeof SlideDefSchema>;

export const DeckDefSchema = z.strictObject({
  meta: z.strictObject({ title: tpl, subject: tpl, keywords: z.array(z.string()).optional(), lang: z.string() }),
  footer: tpl,
  slides: z.array(SlideDefSchema).min(1),
});
export type DeckDef = z.infer<typeof DeckDefSchema>;

export interface LoadedDeckDef {
  file: string;
  def: DeckDef;
  /** where a template string sits in the file: source for error positions */
  source(text: string, path: string): TemplateSource;
  /** read from the deck cache rather than parsed and compiled */
  fromCache: boolean;
}

export interface DeckDefOptions {
  /** folder of the deck cache (deck-cache.ts); none: parse and compile every time */
  cacheDir?: string;
}

export function loadDeckDef(file: string, opts: DeckDefOptions = {}): LoadedDeckDef {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw inputError([{ file, line: 0, column: 0, rule: 'file/missing', message: 'the deck definition is missing', severity: 'error' }]);
  }
  const key = deckCacheKey(text);
  const hit = readDeckCache<DeckDef>(opts.cacheDir, key);
  if (hit) {
    rememberPrecompiled(hit.templates);
    return loaded(file, hit.def, new Map(hit.where), true);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    throw inputError(doc.errors.map((e) => ({ file, ...pos(lines, e.pos[0]), rule: 'yaml/syntax', message: e.message.split('\n')[0], severity: 'error' as const })));
  }
  // every scalar's position, so a template error points into this file
  const where = new Map<string, { line: number; column: number }>();
  visit(doc, {
    Scalar(_k, node) {
      if (typeof node.value === 'string' && node.range && !where.has(node.value)) {
        // block scalars start on the next line
        const p = pos(lines, node.range[0]);
        where.set(node.value, node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' ? { line: p.line + 1, column: 1 } : { line: p.line, column: p.column + (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0) });
      }
    },
  });
  const parsed = DeckDefSchema.safeParse(doc.toJS({ maxAliasCount: 50 }));
  if (!parsed.success) {
    const diags: Diagnostic[] = parsed.error.issues.map((i) => {
      const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
      const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
      const at = node?.range ? pos(lines, node.range[0]) : { line: 1, column: 1 };
      return { file, ...at, path: path.join('.'), rule: 'deck/schema', message: i.message, severity: 'error' };
    });
    throw inputError(diags);
  }
  // every string of the definition holds only characters the outputs can carry (data/sanitize.ts)
  const bad = textProblems(parsed.data).map((t): Diagnostic => {
    const node = doc.getIn(t.path, true) as { range?: [number, number, number] } | undefined;
    return { file, ...(node?.range ? pos(lines, node.range[0]) : { line: 1, column: 1 }), path: t.path.join('.'), rule: t.rule, message: t.message, severity: 'error' };
  });
  if (bad.length) throw inputError(bad);
  if (opts.cacheDir) writeDeckCache(opts.cacheDir, key, parsed.data, [...where], precompileAll(stringsIn(parsed.data)));
  return loaded(file, parsed.data, where, false);
}

function loaded(file: string, def: DeckDef, where: Map<string, { line: number; column: number }>, fromCache: boolean): LoadedDeckDef {
  return { file, def, fromCache, source: (t, path) => ({ text: t, file, path, ...(where.get(t) ?? { line: 1, column: 1 }) }) };
}

function pos(lines: LineCounter, offset: number): { line: number; column: number } {
  const p = lines.linePos(offset);
  return { line: p.line, column: p.col };
}
