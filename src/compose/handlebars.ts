// Handlebars in its two parts: the runtime, which runs templates and is all a
// run needs when the templates come precompiled from the cache, and the
// compiler (parser, code generator, source maps), loaded only when a template
// has to be compiled. The runtime is bundled with the code that uses it (read
// from node_modules as ten small files it took ~10 ms); the compiler is read
// from node_modules when first asked for, so a check that finds everything in
// the cache never loads it.
import { createRequire } from 'node:module';
import type HandlebarsModule from 'handlebars';
import HandlebarsRuntime from 'handlebars/runtime.js';

export type Hbs = typeof HandlebarsModule;

const requireCjs = createRequire(import.meta.url);
let compilerEnv: Hbs | undefined;

export function handlebarsRuntime(): Hbs {
  return HandlebarsRuntime as unknown as Hbs;
}

export function handlebarsCompiler(): Hbs {
  return (compilerEnv ??= requireCjs('handlebars') as Hbs);
}

/** A precompiled template's source (what precompile returns) as the object `template()` takes. */
export function specFromSource(source: string): Parameters<Hbs['template']>[0] {
  // the same evaluation Handlebars.compile performs on its own generated code
  return new Function(`return ${source};`)() as Parameters<Hbs['template']>[0];
}
