#!/usr/bin/env node
// The CLI, compiled and bundled into dist/bundle/ by `npm install` (the prepare script).
// A command bundled on its own (dist/bundle/cmd-<name>.cjs: `check`) runs from V8's
// code cache (src/util/code-cache.ts); every other command from the split bundle.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const own = /^[a-z][a-z-]*$/.test(argv[0] ?? '') ? fileURLToPath(new URL(`../dist/bundle/cmd-${argv[0]}.cjs`, import.meta.url)) : undefined;
if (own && existsSync(own)) {
  const { bundleEntryName, runCached, saveCodeCaches } = createRequire(import.meta.url)('../dist/bundle/code-cache.cjs');
  const cacheDir = process.env.IRDECK_CACHE === 'off' ? undefined : fileURLToPath(new URL('../node_modules/.cache/irdeck/', import.meta.url));
  const bundle = runCached(own, cacheDir, bundleEntryName(own));
  const code = await bundle.exports.main(argv);
  saveCodeCaches();
  if (process.env.IRDECK_TRACE) process.stderr.write(`  code cache ${bundle.use}\n`);
  // the command is done and has written all it says (nothing of it is pending): ending here
  // spares the ~20 ms V8 spent on a last collection of a heap about to go (median of 12 runs)
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
  process.exitCode = code;
} else {
  const { main } = await import('../dist/bundle/main.js');
  process.exitCode = await main(argv);
}
