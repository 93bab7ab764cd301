// Handlebars in its two parts: the runtime, which runs templates and is all a
// run needs when the templates come precompiled from the cache, and the
// compiler (parser, code generator, source maps), loaded only when a template
// has to be compiled. Both are read from node_modules when first asked for,
// so a check that finds everything in the cache never loads the compiler.
import { createRequire } from 'node:module';
import type HandlebarsModule from 'handlebars';

export type Hbs = typeof HandlebarsModule;

const requireCjs = createRequire(import.meta.url);
let runtimeEnv: Hbs | undefined;
let compilerEnv: Hbs | undefined;

export function handlebarsRuntime(): Hbs {
  return (runtimeEnv ??= requireCjs('handlebars/runtime') as Hbs);
}

export function handlebarsCompiler(): Hbs {
  return (compilerEnv ??= requireCjs('handlebars') as Hbs);
}

/** A precompiled template's source (what precompile returns) as the object `template()` takes. */
export function specFromSource(source: string): Parameters<Hbs['template']>[0] {
  // the same evaluation Handlebars.compile performs on its own generated code
  return new Function(`return ${source};`)() as Parameters<Hbs['template']>[0];
}
