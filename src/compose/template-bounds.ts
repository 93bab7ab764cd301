// Bounds on the template language, so that no sentence can run for minutes or
// print something that is not text. Nine nested `{{#each @root.quarters}}`
// (under 300 characters in a data file) ran `check` for minutes and gigabytes.
// - a sentence of the data file may use fields, helpers, `{{#if}}` and
//   `{{#unless}}`; no block that iterates or changes context, no partial, no
//   decorator (it is a sentence, not a program);
// - a template from templates/ may iterate, within a size and a step budget
//   counted per rendered text (every iteration of `each`, also the implicit one
//   of `{{#list}}` over a list, is a step) and a time budget checked every few
//   steps; the deck's own templates take a few dozen steps each;
// - `lookup` of a name that does not exist is an error (strict mode covers
//   fields, not lookup); `{{log}}` writes to the terminal and is refused;
// - what a template prints is text: "[object Object]" (a mapping printed) is an
//   error, as is a result far larger than any slide holds.
import type Handlebars from 'handlebars';

/** Longest template text; the longest in templates/deck.yaml is ~400 characters. */
export const MAX_TEMPLATE_CHARS = 8000;
/** Iterations per rendered text; the deck's biggest table takes ~30. */
export const MAX_STEPS = 10_000;
/** Wall time per rendered text, checked every 64 steps. */
export const MAX_MS = 2000;
/** Longest rendered text; a slide holds a few hundred characters. */
export const MAX_OUTPUT_CHARS = 100_000;

let steps = 0;
let deadline = 0;

class BudgetError extends Error {}

function step(): void {
  steps++;
  if (steps > MAX_STEPS) throw new BudgetError(`the template takes more than ${MAX_STEPS} steps (nested loops?); a text of a slide needs a few dozen`);
  if ((steps & 63) === 0 && performance.now() > deadline) throw new BudgetError(`the template ran longer than ${MAX_MS / 1000} s`);
}

/** Run one render with a fresh budget. */
export function withBudget<T>(fn: () => T): T {
  steps = 0;
  deadline = performance.now() + MAX_MS;
  return fn();
}

type HelperOptions = Handlebars.HelperOptions & { fn: (...a: unknown[]) => string };

/** Replace the built-in helpers that could loop, miss silently or write to the terminal. */
export function installBounds(hb: typeof Handlebars): void {
  const each = hb.helpers.each as (this: unknown, ctx: unknown, options: HelperOptions) => string;
  hb.registerHelper('each', function (this: unknown, ctx: unknown, options: HelperOptions) {
    const fn = options.fn;
    step();
    return each.call(this, ctx, { ...options, fn: Object.assign((...a: unknown[]) => { step(); return fn(...a); }, fn) });
  });
  hb.registerHelper('lookup', (obj: unknown, key: unknown) => {
    if (obj === null || typeof obj !== 'object' || (typeof key !== 'string' && typeof key !== 'number') || !Object.hasOwn(obj, key)) {
      throw new Error(`lookup: "${String(key)}" does not exist in the model`);
    }
    return (obj as Record<string | number, unknown>)[key];
  });
  hb.registerHelper('log', () => { throw new Error('{{log}} is not allowed in a deck (it writes to the terminal)'); });
}

/** A block, partial or decorator in a data-file sentence, or undefined. */
export function forbiddenInSentence(text: string): { index: number; what: string } | undefined {
  const m = /\{\{~?\s*(#\*|#>|#|\^|>|\*)\s*([\w@./-]*)/.exec(text.replace(/\{\{~?\s*#\s*(if|unless)\b|\{\{~?\s*\/\s*(if|unless)\s*~?\}\}|\{\{~?\s*\^\s*~?\}\}/g, (s) => ' '.repeat(s.length)));
  if (!m) return undefined;
  return { index: m.index, what: `{{${m[1]}${m[2]}}}` };
}

/** A problem with what a render printed, or undefined. */
export function badOutput(out: string): string | undefined {
  if (out.length > MAX_OUTPUT_CHARS) return `the text is ${out.length} characters long; a slide holds a few hundred`;
  if (out.includes('[object ')) return 'a mapping was printed as "[object Object]"; name one of its figures, with a helper (e.g. {{jpy q.revenues}})';
  return undefined;
}

export function isBudgetError(err: unknown): boolean {
  return err instanceof BudgetError;
}
