// Entries kept between runs in irdeck's cache folder (node_modules/.cache/irdeck/,
// chosen by the pipeline): each is a file named <kind>-<key>.<ext>, written
// atomically, and only the newest few of a kind are kept. A cache that cannot
// be read or written is simply not used: every entry can be made again.
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.js';

/** How many entries of a kind are kept (a few decks, languages and drafts). */
export const KEEP_ENTRIES = 16;

export function readCacheFile(dir: string | undefined, name: string): Buffer | undefined {
  if (!dir) return undefined;
  try {
    return readFileSync(join(dir, name));
  } catch {
    return undefined;
  }
}

export function writeCacheFile(dir: string | undefined, name: string, data: Buffer | string): void {
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(join(dir, name), data);
    pruneCache(dir, name);
  } catch {
    // a read-only project or a full disk: run without the cache
  }
}

/** Keeps the newest KEEP_ENTRIES entries of the kind (prefix up to the first '-', and extension) of `name`. */
export function pruneCache(dir: string, name: string): void {
  const prefix = name.slice(0, name.indexOf('-') + 1);
  const ext = name.slice(name.lastIndexOf('.'));
  const entries = readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && f.endsWith(ext))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of entries.slice(KEEP_ENTRIES)) {
    try { unlinkSync(join(dir, f)); } catch { /* another process pruned it */ }
  }
}
