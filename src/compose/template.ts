// One template string, compiled strictly: a missing field or an unknown helper
// is an error naming the template's file and line, never an empty string.
import type Handlebars from 'handlebars';
import type { Diagnostic } from '../errors.js';
import { handlebarsCompiler, specFromSource } from './handlebars.js';
import { HELPER_NAMES } from './helpers.js';
import { badOutput, forbiddenInSentence, isBudgetError, MAX_TEMPLATE_CHARS, withBudget } from './template-bounds.js';

export interface TemplateSource {
  text: string;
  file: string;
  /** where the string starts in its file */
  line: number;
  column: number;
  /** what it is, e.g. "slides[3].bullets[1]" */
  path: string;
  /** 'data': a sentence of the data file, held to the bounds of a sentence (template-bounds.ts) */
  origin?: 'data';
}

const KNOWN = Object.fromEntries(HELPER_NAMES.map((n) => [n, true]));
const cache = new WeakMap<typeof Handlebars, Map<string, Handlebars.TemplateDelegate>>();

export class TemplateError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** How every template is compiled: strict (a missing field throws), only irdeck's helpers, text not HTML. */
export const COMPILE_OPTIONS = { strict: true, knownHelpersOnly: true, knownHelpers: KNOWN, noEscape: true, preventIndent: true };

/** Template text -> spec precompiled with COMPILE_OPTIONS (from the deck cache): the same function, without compiling. */
const precompiled = new Map<string, unknown>();

/** Handlebars' precompiled source for a template, or undefined if it does not compile (reported when used, with its line). */
function precompileTemplate(text: string): string | undefined {
  try {
    return handlebarsCompiler().precompile(text, COMPILE_OPTIONS) as unknown as string;
  } catch {
    return undefined;
  }
}

/** Precompiled sources for every text with a field or helper in it. */
export function precompileAll(texts: Iterable<string>): Map<string, string> {
  const specs = new Map<string, string>();
  for (const t of texts) {
    if (!t.includes('{{') || specs.has(t)) continue;
    const spec = precompileTemplate(t);
    if (spec !== undefined) specs.set(t, spec);
  }
  return specs;
}

/** Every string inside a value (the templates of a definition or a data file). */
export function stringsIn(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsIn(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) stringsIn(x, out);
  return out;
}

export function rememberPrecompiled(specs: Record<string, unknown>): void {
  for (const [text, spec] of Object.entries(specs)) precompiled.set(text, spec);
}

function compile(hb: typeof Handlebars, text: string): Handlebars.TemplateDelegate {
  let m = cache.get(hb);
  if (!m) cache.set(hb, (m = new Map()));
  let t = m.get(text);
  if (!t) {
    const spec = precompiled.get(text);
    t = hb.template((spec ?? specFromSource(handlebarsCompiler().precompile(text, COMPILE_OPTIONS) as unknown as string)) as Parameters<typeof hb.template>[0]);
    m.set(text, t);
  }
  return t;
}

/** Line/column inside the template from a Handlebars message ("... - 2:14" or "Parse error on line 2"). */
function positionIn(message: string): { line: number; column: number } {
  const a = /- (\d+):(\d+)\s*$/m.exec(message);
  if (a) return { line: Number(a[1]), column: Number(a[2]) + 1 };
  const b = /on line (\d+)/.exec(message);
  if (b) return { line: Number(b[1]), column: 1 };
  return { line: 1, column: 1 };
}

function ruleOf(message: string): [string, string] {
  const unknownHelper = /unknown helper (\S+)/.exec(message);
  if (unknownHelper) return ['template/unknown-helper', `unknown helper "${unknownHelper[1]}" (known: ${HELPER_NAMES.join(', ')})`];
  const missing = /"([^"]+)" not defined in/.exec(message);
  if (missing) return ['template/missing-field', `the field "${missing[1]}" does not exist in the model`];
  if (/typed in the template/.test(message)) return ['template/literal', message];
  if (/no finite result|not a figure a slide can show/.test(message)) return ['template/not-finite', message];
  if (/^lookup: /.test(message)) return ['template/missing-field', message];
  if (/\{\{log\}\}/.test(message)) return ['template/log', message];
  if (/Parse error|Expecting|lexical error/i.test(message)) return ['template/syntax', `template syntax error: ${message.split('\n').slice(0, 1).join(' ')}`];
  return ['template/error', message.split('\n')[0]];
}

/** Object internals a template could reach for; Handlebars denies them but would print '' instead of failing. */
const FORBIDDEN = /\{\{[^}]*\b(constructor|__proto__|prototype|__defineGetter__|__defineSetter__|__lookupGetter__)\b/;

/** Render a template to plain text; a failure throws TemplateError with the template's position. */
export function renderTemplate(hb: typeof Handlebars, src: TemplateSource, context: object): string {
  // plain text (a row label, a title with no field) needs no template engine
  if (!src.text.includes('{{')) return src.text;
  const at = (index: number, rule: string, message: string): TemplateError => {
    const before = src.text.slice(0, index).split('\n');
    const column = before.length === 1 ? src.column + index : before[before.length - 1].length + 1;
    return new TemplateError({ file: src.file, line: src.line + before.length - 1, column, path: src.path, rule, message, severity: 'error' });
  };
  const forbidden = FORBIDDEN.exec(src.text);
  if (forbidden) throw at(forbidden.index, 'template/forbidden-field', `"${forbidden[1]}" is not a field of the model`);
  if (src.text.length > MAX_TEMPLATE_CHARS) throw at(0, 'template/too-long', `the template is ${src.text.length} characters long; at most ${MAX_TEMPLATE_CHARS}`);
  const block = src.origin === 'data' ? forbiddenInSentence(src.text) : undefined;
  if (block) throw at(block.index, 'template/block', `${block.what} is not allowed in a sentence of the data file (fields, helpers and {{#if}} only; loops belong in templates/)`);
  let out: string;
  try {
    const fn = compile(hb, src.text);
    out = withBudget(() => fn(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false }));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = isBudgetError(err) ? { line: 1, column: 1 } : positionIn(message);
    const [rule, text] = isBudgetError(err) ? ['template/budget', message] : ruleOf(message);
    throw new TemplateError({
      file: src.file,
      line: src.line + pos.line - 1,
      column: pos.line === 1 ? src.column + pos.column - 1 : pos.column,
      path: src.path,
      rule,
      message: text,
      severity: 'error',
    });
  }
  const bad = badOutput(out);
  if (bad) throw at(0, 'template/not-text', bad);
  return out;
}
