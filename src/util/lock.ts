// One build per output at a time: a lock file beside the outputs. It names its
// owner by PID and the process's start time (field 22 of /proc/<pid>/stat), so
// a lock left by a killed build is taken over, not obeyed forever, even when
// its PID now belongs to another process (after a reboot, PID 1): a PID alone
// is reused, a PID with its start time is not.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { IrdeckError, EXIT_INTERNAL } from '../errors.js';
import { onCleanup } from './cleanup.js';

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** The start time of a process in clock ticks since boot, or undefined where /proc cannot tell. */
export function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) is in parentheses and may hold spaces: count fields after its ')'
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Is the process named in a lock file still the build that wrote it? */
export function ownerAlive(content: string): boolean {
  const [pidText, start] = content.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid)) return false;
  const now = startTime(pid);
  if (now === undefined) return true; // no /proc: the PID is all there is to go by
  if (start !== undefined) return start === now;
  // a lock of the PID alone (an older irdeck): only a Node process can be its owner
  try { return /node|irdeck/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8')); } catch { return true; }
}

function acquire(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid} ${startTime(process.pid) ?? ''}`.trim());
      closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let content = '';
      try { content = readFileSync(path, 'utf8'); } catch { /* removed meanwhile: try again */ }
      if (content && ownerAlive(content)) {
        throw new IrdeckError(`another build of this deck is running (pid ${content.trim().split(/\s+/)[0]}, lock ${path}); wait for it to finish`, { exitCode: EXIT_INTERNAL });
      }
      rmSync(path, { force: true }); // stale: its build was killed
    }
  }
  throw new IrdeckError(`could not take the build lock ${path}`, { exitCode: EXIT_INTERNAL });
}

export async function withLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  acquire(path);
  // released on every way out: return, throw, exit, SIGINT/SIGTERM (util/cleanup.ts)
  const release = onCleanup(() => rmSync(path, { force: true }));
  try {
    return await fn();
  } finally {
    release();
  }
}
