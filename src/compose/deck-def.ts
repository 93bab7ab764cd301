// The deck definition in templates/deck.yaml: slide order, layouts, titles,
// charts by data series, tables and sentences as Handlebars templates. The IR
// team edits it without touching TypeScript; this schema says what is allowed.
import { readFileSync } from 'node:fs';
import { textProblems } from '../data/sanitize.js';
import { LineCounter, parseDocument, visit } from 'yaml';
import { z } from '../util/zod.js';
import { CONDITION_NAMES } from './conditions.js';
import { inputError, type Diagnostic } from '../errors.js';
import { deckCacheKey, readDeckCache, writeDeckCache } from './deck-cache.js';
import { precompileAll, rememberPrecompiled, stringsIn, type TemplateSource } from './template.js';

const tpl = z.string();

export const LAYOUTS = ['cover', 'contents', 'bullets', 'table', 'chart-bullets', 'two-charts', 'chart-table', 'bridge', 'cards', 'list', 'text'] as const;

const SeriesDef = z.strictObject({
  metric: z.string(),
  name: z.optional(tpl),
  type: z.optional(z.enum(['bar', 'line'])),
  axis: z.optional(z.enum(['y', 'y2'])),
  labels: z.optional(z.boolean()),
});

export const ChartDefSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9-]+$/, 'an id of lower-case letters, digits and dashes')),
  title: z.optional(tpl),
  kind: z.enum(['stacked', 'clustered', 'combo', 'bridge', 'doughnut']),
  series: z.optional(z.array(SeriesDef)),
  /** for bridges: "targets.half.revenues" etc. */
  bridge: z.optional(z.string()),
  /** for doughnuts: "capex_breakdown" */
  breakdown: z.optional(z.literal('capex_breakdown')),
  /** show only the last N quarters */
  last: z.optional(z.number().check(z.int(), z.gte(2))),
  total_labels: z.optional(z.boolean()),
  legend: z.optional(z.enum(['bottom', 'right', 'top', 'none'])),
  y_title: z.optional(tpl),
  y2_title: z.optional(tpl),
  /** figures in JPY billion (one decimal) rather than million */
  billions: z.optional(z.boolean()),
});
export type ChartDef = z.infer<typeof ChartDefSchema>;

const BulletDef = z.union([
  tpl,
  /** with_commentary: shown only when the data file has that commentary (the heading of an optional bullet) */
  z.strictObject({ text: tpl, level: z.optional(z.number().check(z.int(), z.gte(0), z.lte(3))), bold: z.optional(z.boolean()), with_commentary: z.optional(z.string()) }),
  /** every sentence of commentary[key] from the data file, at a level; optional: left out when the data has none */
  z.strictObject({ commentary: z.string(), level: z.optional(z.number().check(z.int(), z.gte(0), z.lte(3))), optional: z.optional(z.boolean()) }),
]);
export type BulletDefT = z.infer<typeof BulletDef>;

const TableDef = z.strictObject({
  /** relative column widths */
  columns: z.array(z.number().check(z.positive())).check(z.minLength(1)),
  header: z.optional(z.array(z.array(tpl))),
  rows: z.optional(z.array(z.array(tpl))),
  /** one row per item of a list in the model (e.g. group_companies), cells over {{item.*}} */
  each: z.optional(z.enum(['group_companies', 'press_releases', 'bs.items'])),
  cells: z.optional(z.array(tpl)),
  align: z.optional(z.array(z.enum(['left', 'center', 'right']))),
  /** rows per slide before the table continues on a next slide */
  max_rows: z.optional(z.number().check(z.int(), z.gte(1))),
  /** a row per metric, a column per quarter (the last N): figures in JPY million */
  quarterly: z.optional(z.strictObject({ last: z.number().check(z.int(), z.gte(1), z.lte(12)), rows: z.array(z.strictObject({ label: tpl, metric: z.string() })).check(z.minLength(1)) })),
  /** body rows (0-based) set in bold */
  bold_rows: z.optional(z.array(z.number().check(z.int()))),
  font_size: z.optional(z.number().check(z.gte(6), z.lte(24))),
});
export type TableDefT = z.infer<typeof TableDef>;

export const SlideDefSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9-]+$/, 'an id of lower-case letters, digits and dashes')),
  layout: z.enum(LAYOUTS),
  title: tpl,
  subtitle: z.optional(tpl),
  section: z.optional(tpl),
  unit: z.optional(tpl),
  bullets: z.optional(z.array(BulletDef)),
  /** second column or box of bullets (two-charts and bridge layouts) */
  bullets2: z.optional(z.array(BulletDef)),
  table: z.optional(TableDef),
  charts: z.optional(z.array(ChartDefSchema).check(z.maxLength(2))),
  /** one card per topic (cards layout) */
  cards: z.optional(z.literal('topics')),
  /** long text (text layout): a template */
  body: z.optional(tpl),
  notes: z.optional(tpl),
  /** period kinds this slide appears for (default: all) */
  only_for: z.optional(z.array(z.enum(['first_quarter', 'half', 'nine_months', 'full_year']))),
  /** conditions on the data this slide appears under (src/compose/conditions.ts), all of them */
  when: z.optional(z.array(z.enum(CONDITION_NAMES))),
  /**
   * numbered within its section ("II-6. " before the title, from the section's
   * numeral and the slide order); consecutive slides with the same group share a number
   */
  number: z.optional(z.string().check(z.regex(/^[a-z0-9-]+$/))),
});
export type SlideDef = z.infer<typeof SlideDefSchema>;

export const DeckDefSchema = z.strictObject({
  meta: z.strictObject({ title: tpl, subject: tpl, keywords: z.optional(z.array(z.string())), lang: z.string() }),
  footer: tpl,
  slides: z.array(SlideDefSchema).check(z.minLength(1)),
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
        const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
        const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
        where.set(node.value, block ? { line: p.line + 1, column: 1 } : { line: p.line, column: p.column + (quoted ? 1 : 0) });
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
