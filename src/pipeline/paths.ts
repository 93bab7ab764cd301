// The project's own folder, found from wherever the code runs (src/, dist/ or
// dist/bundle/), in a module of its own so that commands that need no deck
// (the data book, the import) find templates/ without loading the layout.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's own folder (templates/ and assets/ live here): the nearest with package.json. */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '../..');
  }
}
