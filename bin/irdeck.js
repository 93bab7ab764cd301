#!/usr/bin/env node
// The CLI, compiled and bundled into dist/bundle/ by `npm install` (the prepare script).
// A command bundled on its own (dist/bundle/cmd-<name>.cjs: `check`) runs from V8's
// code cache (src/util/code-cache.ts); every other command from the split bundle.
//
// This file is CommonJS (bin/package.json): started as an ES module it had Node
// load its ES module loader first, ~30 internal modules (streams, readline,
// fs/promises) that a check never uses: 57.8 against 53.9 ms for a file that
// loads node:fs, node:module and node:url either way (median of 40 starts).
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

async function run(argv) {
  const own = /^[a-z][a-z-]*$/.test(argv[0] ?? '') ? join(__dirname, '../dist/bundle', `cmd-${argv[0]}.cjs`) : undefined;
  if (own && existsSync(own)) {
    const { bundleEntryName, runCached, saveCodeCaches } = require('../dist/bundle/code-cache.cjs');
    const cacheDir = process.env.IRDECK_CACHE === 'off' ? undefined : join(__dirname, '../node_modules/.cache/irdeck/');
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
}

run(process.argv.slice(2)).catch((err) => {
  // main() reports its own failures; this is one before it could (a missing or broken bundle): exit 1, as EXIT_INTERNAL
  process.stderr.write(`irdeck: internal error: ${err && err.stack ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
