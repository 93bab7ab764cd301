// Outputs are written to a temporary name in the same folder and renamed into
// place when complete: a crash, a full disk or a kill mid-write never leaves a
// half-written deck where the last good one was.
import { mkdirSync, renameSync, rmSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { onCleanup } from './cleanup.js';

/** Temporary files made by this process that are not renamed yet (removed on SIGINT/SIGTERM and exit, util/cleanup.ts). */
const pending = new Set<string>();

export function tempNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

export function writeFileAtomic(target: string, data: Buffer | string): void {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = tempNameFor(target);
  pending.add(tmp);
  const drop = onCleanup(() => rmSync(tmp, { force: true }));
  try {
    writeFileSync(tmp, data);
    const fd = openSync(tmp, 'r');
    try { fsyncSync(fd); } finally { closeSync(fd); }
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  } finally {
    pending.delete(tmp);
    drop();
  }
}

/** Remove this process's unfinished temporary files (called on SIGINT/SIGTERM). */
export function cleanupPending(): void {
  for (const tmp of pending) rmSync(tmp, { force: true });
  pending.clear();
}
