// The outputs of one build are one set: they are written into a staging folder
// inside out/ (same file system, so moving them is a rename) and published
// together at the end, or not at all. Publishing moves the previous files of
// the set aside into the staging folder first and puts them back if any rename
// fails; a journal in the staging folder lets the next build restore the
// previous set when a kill interrupts publishing. Staging folders (and the
// older `.irdeck-print-*` and `.x.tmp-<pid>-*` leftovers) whose owner process
// is gone are cleaned by the next build in the same folder.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ownerAlive, startTime } from './lock.js';
import { onCleanup } from './cleanup.js';

const PREFIX = '.irdeck-stage-';
const JOURNAL = 'publishing.json';
const OLD = '.old';

interface Journal { names: string[] }

export class StagedSet {
  readonly dir: string;
  private readonly names: string[] = [];
  private readonly dispose: () => void;
  private finished = false;
  /** one per write: undefined once on disk, or the error that kept it from there */
  private readonly flushes: Promise<Error | undefined>[] = [];

  constructor(readonly outDir: string) {
    mkdirSync(outDir, { recursive: true });
    cleanLeftovers(outDir);
    this.dir = join(outDir, `${PREFIX}${process.pid}-${startTime(process.pid) ?? 0}-${randomBytes(3).toString('hex')}`);
    mkdirSync(this.dir);
    // a signal or an exit before publishing removes the staging folder
    this.dispose = onCleanup(() => { if (!this.finished) rmSync(this.dir, { recursive: true, force: true }); });
  }

  /**
   * Write one output of the set. It is flushed to disk (as its rename will be)
   * on libuv's thread pool while the build goes on, and publish() waits for
   * every flush: fsync on this thread blocked the build for 15-90 ms (the
   * sample's five files, profiled), while the PDF was still being finished.
   */
  write(name: string, data: Buffer | string): void {
    const path = join(this.dir, name);
    // a write error (ENOSPC) names no file by itself: it is the final output's
    const named = (err: unknown) => Object.assign(err as Error, { path: join(this.outDir, name) });
    try {
      writeFileSync(path, data);
    } catch (err) {
      throw named(err);
    }
    const flushed = flush(path).then(() => undefined, (err: unknown) => named(err));
    this.flushes.push(flushed);
    if (!this.names.includes(name)) this.names.push(name);
  }

  /** Did out/ hold any file of this set before? (then a partial set would mix with it) */
  replacesAnything(names: string[]): boolean {
    return names.some((n) => existsSync(join(this.outDir, n)));
  }

  /** Move every staged file into out/, the previous ones aside, once all are on disk; all or nothing. */
  async publish(): Promise<void> {
    const failed = (await Promise.all(this.flushes)).find((e) => e !== undefined);
    if (failed) throw failed;
    const old = join(this.dir, OLD);
    mkdirSync(old);
    writeFileSync(join(this.dir, JOURNAL), JSON.stringify({ names: this.names } satisfies Journal));
    const done: string[] = [];
    try {
      for (const n of this.names) {
        if (existsSync(join(this.outDir, n))) renameSync(join(this.outDir, n), join(old, n));
        done.push(n);
        renameSync(join(this.dir, n), join(this.outDir, n));
      }
    } catch (err) {
      restore(this.dir, this.outDir, done);
      throw err;
    }
    // the commit point: without the journal the next build keeps the new set.
    // Removing the staging folder first could be cut short after the previous
    // files were deleted but before the journal was, and the next build would
    // then "restore" half a set (seen once in a kill at 2.1 s in CI).
    rmSync(join(this.dir, JOURNAL));
    this.discard();
  }

  /** Drop the staging folder (after publishing, or instead of it). */
  discard(): void {
    this.finished = true;
    rmSync(this.dir, { recursive: true, force: true });
    this.dispose();
  }
}

/** A staged file's bytes flushed to disk (fsync), off the main thread. */
async function flush(path: string): Promise<void> {
  const file = await open(path, 'r');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Put the previous files back for `names`: the new one out, the old one (if there was one) in. */
function restore(stage: string, outDir: string, names: string[]): void {
  for (const n of names) {
    const before = join(stage, OLD, n);
    if (existsSync(before)) renameSync(before, join(outDir, n));
    else if (!existsSync(join(stage, n))) rmSync(join(outDir, n), { force: true });
  }
}

const ownerOf = (name: string): string | undefined => {
  const m = /^\.irdeck-stage-(\d+)-(\d+)-/.exec(name) ?? /\.tmp-(\d+)-/.exec(name);
  return m ? `${m[1]} ${m[2] && m[2] !== '0' ? m[2] : ''}`.trim() : undefined;
};

/** Remove what killed builds left in out/; a publish cut short is undone first. */
export function cleanLeftovers(outDir: string): void {
  let entries: string[];
  try { entries = readdirSync(outDir); } catch { return; }
  for (const e of entries) {
    const path = join(outDir, e);
    if (e.startsWith('.irdeck-print-')) { rmSync(path, { recursive: true, force: true }); continue; }
    const owner = ownerOf(e);
    if (owner === undefined || ownerAlive(owner)) continue;
    if (e.startsWith(PREFIX)) {
      try {
        const journal = JSON.parse(readFileSync(join(path, JOURNAL), 'utf8')) as Journal;
        restore(path, outDir, journal.names);
      } catch { /* no journal: it was never published, nothing to undo */ }
    }
    rmSync(path, { recursive: true, force: true });
  }
}
