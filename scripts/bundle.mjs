// Bundles the command-line program into dist/bundle/ (run by `npm install`
// through the prepare script, after tsc has type-checked and compiled src/).
//
// Why: a check of the sample spends as long loading ~300 small modules (zod,
// yaml, Handlebars) as doing the work; one bundle, split so that each command
// loads only what it runs, saves ~100 ms per call (npm run bench measures it).
// The packages that write a format (pptxgenjs, pdf-lib, puppeteer-core) are
// bundled too, each in the chunk of the stage that loads it: loaded from the
// bundle, puppeteer-core takes 80 ms instead of 220 ms, pdf-lib 50 instead of
// 230. Only the native @napi-rs/canvas stays outside.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/bundle');
rmSync(outdir, { recursive: true, force: true });
// zod re-exports all of its ~50 locales (358 KB of a check's 1 MB chunk);
// irdeck's messages are its own and zod's default is English, so the bundle
// gets English alone.
const englishOnlyZod = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (/node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '../locales/en.js'), namespace: 'zod-locales' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, resolveDir: dirname(args.path) }));
  },
};

// puppeteer-core's launcher comes with @puppeteer/browsers, whose downloader
// brings proxy-agent (a PAC interpreter in QuickJS, esprima, an FTP client:
// 1.5 MB that took ~40 ms to load in every PDF build). irdeck never
// downloads a browser; the downloader's agent is a stub that says so.
const noDownloads = {
  name: 'no-browser-downloads',
  setup(b) {
    b.onResolve({ filter: /^proxy-agent$/ }, () => ({ path: 'proxy-agent', namespace: 'irdeck-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'irdeck-stub' }, () => ({
      contents: "export class ProxyAgent { constructor() { throw new Error('irdeck never downloads a browser: install Chromium with your system packages'); } }",
    }));
  },
};

// pptxgenjs zips its package with JSZip, in JavaScript, only for
// render/pptx.ts to unpack it at once: in the bundle its `jszip` is
// src/render/pptxgenjs-zip.ts, the calls it makes on native code (why, there).
const pptxgenjsZip = {
  name: 'pptxgenjs-zip',
  setup(b) {
    b.onResolve({ filter: /^jszip$/ }, (args) => (/node_modules[\\/]pptxgenjs[\\/]/.test(args.importer) ? { path: join(root, 'src/render/pptxgenjs-zip.ts') } : undefined));
  },
};

await build({
  absWorkingDir: root,
  // the render worker is its own entry: a worker thread starts from a file
  entryPoints: { main: 'src/cli/main.ts', worker: 'src/pipeline/render-worker.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // subset-font finds harfbuzz's wasm file beside its own (require.resolve):
  // it is loaded from node_modules, and only by a deck with Japanese in its HTML
  external: ['@napi-rs/canvas', 'subset-font'],
  // CommonJS packages inside an ES module bundle still call require()
  banner: { js: "import { createRequire as __irdeckRequire } from 'node:module'; const require = __irdeckRequire(import.meta.url);" },
  plugins: [englishOnlyZod, noDownloads, pptxgenjsZip],
  logLevel: 'warning',
});

// `irdeck check` again, on its own, as one CommonJS file that bin/irdeck.js
// runs from V8's code cache (src/util/code-cache.ts: Node 20 caches no ES
// module's code). Only what a check runs is in it (1.4 MB, not the 6.5 MB of
// every command): each dynamic import, the code of the other commands and of
// the renderers, is a stub that says it is not there.
const COMMAND_BUNDLES = ['check'];
// the loader bin/irdeck.js runs such a bundle with, itself one CommonJS file:
// required, it loads in ~3 ms; imported as ES modules (4 of them), in ~12
/** One CommonJS file (`<name>.cjs`) of `entry` and everything it imports. */
const commonJs = (name, entry, more = {}) => build({
  absWorkingDir: root, entryPoints: { [name]: entry }, outdir, outExtension: { '.js': '.cjs' },
  bundle: true, format: 'cjs', platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', ...more,
});
await commonJs('code-cache', 'src/util/code-cache.ts');
for (const command of COMMAND_BUNDLES) {
  const notInBundle = {
    name: 'only-this-command',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, namespace: 'not-in-bundle', pluginData: args.importer } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'not-in-bundle' }, (args) => {
        const what = `${args.path} (imported by ${args.pluginData.replace(`${root}/`, '')})`;
        return { contents: `throw new Error(${JSON.stringify(`internal: ${what} is not in the bundle of \`irdeck ${command}\` (scripts/bundle.mjs)`)});`, loader: 'js' };
      });
    },
  };
  await commonJs(`cmd-${command}`, 'src/cli/main.ts', {
    external: ['@napi-rs/canvas', 'subset-font'],
    // the module's own URL, as the ES module bundle has it (project-root.ts, createRequire)
    define: { 'import.meta.url': '__irdeckModuleUrl' },
    banner: { js: "const __irdeckModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [englishOnlyZod, notInBundle],
  });
}
