// The full name fontconfig gives an installed font file, when no other file
// has it: the page Chromium prints names such a face by local()
// (render/html.ts, fontFaces). fc-list says which file has which name, but
// spawned with execFileSync from a build's large process it blocked the main
// thread for ~10-30 ms (measured: 8.5 ms a spawn from a 400 MB process on an
// idle machine, ~7 ms of it CPU, mostly the kernel copying the process for
// fork; fc-list itself takes <1 ms). So its answer for the files asked
// about is kept in irdeck's cache, keyed by what changes it: each file's
// path, size and time; fontconfig's configuration files and environment; its
// cache folders, which fc-cache rewrites when fonts are installed (a font
// package runs it); and the time of every folder under the usual font
// folders, which changes when a font is copied in or removed without fc-cache
// (fontconfig trusts its own caches on the same folder times). Stating those
// ~60 paths and reading the entry takes 1-3 ms (fc-list: 8-15 ms of wall time
// even from a small process).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readCacheFile, writeCacheFile } from '../util/cache-files.js';

const FORMAT = 1;
/** a name that can stand in local('...') as it is */
const PLAIN_NAME = /^[\w .-]+$/;
/** more font folders than this: a machine whose fonts are not worth walking; fc-list is asked */
const MAX_FOLDERS = 2000;

/** Every full name fontconfig knows and the files that have it (fc-list). */
function fcList(): Map<string, string[]> | undefined {
  try {
    const names = new Map<string, string[]>();
    for (const line of execFileSync('fc-list', ['-f', '%{file}\t%{fullname}\n'], { encoding: 'utf8' }).split('\n')) {
      const [file, full] = line.split('\t');
      const name = full?.split(',')[0];
      if (file && name) names.set(name, [...(names.get(name) ?? []), file]);
    }
    return names;
  } catch {
    return undefined; // no fontconfig: every font is inlined
  }
}

/** The name of `path` by fc-list's answer, if it is the only file with it. */
function nameOf(path: string, names: Map<string, string[]>): string | undefined {
  for (const [name, files] of names) {
    if (files.length === 1 && files[0] === path && PLAIN_NAME.test(name)) return name;
  }
  return undefined;
}

/** A path's size and time (no exception for one that does not exist: most of the usual places do not). */
const stamp = (path: string): string => {
  const st = statSync(path, { throwIfNoEntry: false });
  return st ? `${path}\0${st.size}\0${st.mtimeMs}` : `${path}\0-`;
};

/** The stamps of a folder and every folder under it; undefined past MAX_FOLDERS. */
function folderTree(root: string, out: string[]): boolean {
  const todo = [root];
  while (todo.length) {
    const dir = todo.pop()!;
    const st = stamp(dir);
    out.push(st);
    if (out.length > MAX_FOLDERS) return false;
    if (st.endsWith('\0-')) continue;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // not a folder, or not readable: its stamp says so
    }
    for (const e of entries) if (e.isDirectory()) todo.push(join(dir, e.name));
  }
  return true;
}

/** What fc-list's answer depends on, as one key; undefined when it cannot be told cheaply. */
export function fontNamesKey(paths: string[]): string | undefined {
  const env = process.env;
  const home = env.HOME || homedir();
  const configHome = env.XDG_CONFIG_HOME || join(home, '.config');
  const cacheHome = env.XDG_CACHE_HOME || join(home, '.cache');
  const dataHome = env.XDG_DATA_HOME || join(home, '.local/share');
  const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':').filter(Boolean);
  const parts = [
    String(FORMAT),
    ...['FONTCONFIG_FILE', 'FONTCONFIG_PATH', 'FONTCONFIG_SYSROOT', 'HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_DATA_DIRS'].map((k) => `${k}=${env[k] ?? ''}`),
    ...paths.map(stamp),
  ];
  // configuration: the files and every file of the conf.d folders (links followed)
  const confDirs = [env.FONTCONFIG_PATH || '/etc/fonts', join(configHome, 'fontconfig')];
  for (const dir of confDirs) {
    const confD = stamp(join(dir, 'conf.d'));
    parts.push(stamp(join(dir, 'fonts.conf')), confD);
    if (confD.endsWith('\0-')) continue;
    try {
      for (const f of readdirSync(join(dir, 'conf.d')).sort()) parts.push(stamp(join(dir, 'conf.d', f)));
    } catch {
      // not a folder, or not readable: its stamp says so
    }
  }
  if (env.FONTCONFIG_FILE) parts.push(stamp(env.FONTCONFIG_FILE));
  parts.push(stamp(join(home, '.fonts.conf')), stamp(join(home, '.fonts.conf.d')));
  // fontconfig's caches, as fc-cache leaves them
  for (const dir of ['/var/cache/fontconfig', join(cacheHome, 'fontconfig'), join(home, '.fontconfig')]) parts.push(stamp(dir));
  // the font folders and every folder in them
  const roots = [...new Set([...dataDirs.map((d) => join(d, 'fonts')), join(dataHome, 'fonts'), join(home, '.fonts')])];
  for (const root of roots) if (!folderTree(root, parts)) return undefined;
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
}

/**
 * For each path, the full name fontconfig gives that file if no other
 * installed file has it (and it is a plain name), else undefined: from the
 * cache when nothing it depends on has changed, else from fc-list.
 */
export function installedNames(paths: string[], cacheDir: string | undefined): Map<string, string | undefined> {
  const key = cacheDir ? fontNamesKey(paths) : undefined;
  const file = `fonts-${key}.json`;
  if (key) {
    try {
      const kept = JSON.parse(readCacheFile(cacheDir, file)?.toString('utf8') ?? 'null') as { names?: Record<string, unknown> } | null;
      const names = kept?.names;
      if (names && paths.every((p) => names[p] === null || (typeof names[p] === 'string' && PLAIN_NAME.test(names[p])))) {
        return new Map(paths.map((p) => [p, (names[p] as string | null) ?? undefined]));
      }
    } catch {
      // a damaged entry: asked again and rewritten
    }
  }
  const names = fcList();
  const found = new Map(paths.map((p) => [p, names && nameOf(p, names)]));
  // an fc-list that failed (none installed, or it could not start) is not kept: the next run asks again
  if (key && names) writeCacheFile(cacheDir, file, JSON.stringify({ names: Object.fromEntries(paths.map((p) => [p, found.get(p) ?? null])) }));
  return found;
}
