// CommonJS files run from V8's code cache: the bytecode of every function the
// file ran the last time, kept in irdeck's cache folder. Two kinds of file:
// - a command bundled on its own (dist/bundle/cmd-<name>.cjs, made by
//   scripts/bundle.mjs), which bin/irdeck.js runs: a check of the sample
//   spent ~60 ms of its ~0.33 s compiling its 1 MB of code, at load and then
//   function by function as it ran; from the cache a check took 0.31 s
//   instead of 0.39 s (medians of 10 alternating runs, 2-core machine);
// - the cache folder's own modules of precompiled templates
//   (compose/deck-cache.ts), whose few hundred template functions were
//   compiled anew, one by one, in every run.
// Node 20 has no compile cache for modules (module.enableCompileCache came in
// Node 22), hence this.
//
// A cache is V8's own format: V8 refuses one made by another V8 version or
// with other flags (it is then written again), but checks only the length of
// the source. So a bundle's entry is named for the bundle file's size, time
// and inode (a rebuilt bundle gets a new one), and a template module's sits
// beside it under its name (that file's content never changes: its name is
// the hash of what it was made from). A cache that cannot be read or written
// is not used: the file compiles as it would without one.
//
// bin/irdeck.js loads this file before the bundle (with the cache folder's
// helpers, a few small modules).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script, constants } from 'node:vm';
import { writeCacheFile } from './cache-files.js';

/** What became of a file's cache in this run (IRDECK_TRACE=1 prints it for the bundle). */
export type CacheUse = 'used' | 'rejected' | 'none' | 'off';

export interface CachedRun {
  /** the file's module.exports */
  exports: unknown;
  use: CacheUse;
}

/** Caches to write once the command has run (they then hold the functions it ran). */
const unsaved: { dir: string; name: string; script: Script }[] = [];

/** The entry of a bundle: its identity, and the runtime's (a cache of another Node is refused anyway). */
export function bundleEntryName(file: string): string {
  const st = statSync(file);
  const id = `${st.size}-${Math.round(st.mtimeMs * 1000)}-${st.ino}-${process.version}-${process.arch}`.replace(/[^0-9A-Za-z.-]/g, '_');
  return `v8-${basename(file, '.cjs')}-${id}.bin`;
}

/**
 * Runs the CommonJS file at `file` as `require` would, with the code cache
 * `cacheDir/name` when there is one (no `cacheDir`: none).
 */
export function runCached(file: string, cacheDir: string | undefined, name: string, source = readFileSync(file, 'utf8')): CachedRun {
  let cached: Buffer | undefined;
  if (cacheDir) {
    try { cached = readFileSync(join(cacheDir, name)); } catch { /* none yet */ }
  }
  // the wrapper CommonJS gives every module, so the file runs as if required
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData: cached,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  const use: CacheUse = !cacheDir ? 'off' : !cached ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  if (cacheDir && use !== 'used') unsaved.push({ dir: cacheDir, name, script });
  return { exports: module.exports, use };
}

const modules = new Map<string, unknown>();

/**
 * A module of the cache folder, required once per process, its code cache
 * beside it: `<name>.<hash of its text>.v8`, so a file written again (after
 * damage) never runs with the cache of what was there before.
 */
export function requireCachedModule(file: string): unknown {
  if (!modules.has(file)) {
    const source = readFileSync(file, 'utf8');
    const hash = createHash('sha1').update(source).digest('hex').slice(0, 16);
    modules.set(file, runCached(file, dirname(file), `${basename(file)}.${hash}.v8`, source).exports);
  }
  return modules.get(file);
}

/** Writes the caches that were missing or refused. */
export function saveCodeCaches(): void {
  for (const { dir, name, script } of unsaved.splice(0)) writeCacheFile(dir, name, script.createCachedData());
}
