// One build per output at a time: a lock file beside the outputs. A lock left
// by a killed build (its process is gone) is taken over, not obeyed forever.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { IrdeckError, EXIT_INTERNAL } from '../errors.js';

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

function acquire(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new IrdeckError(`another build of this deck is running (pid ${pid}, lock ${path}); wait for it to finish`, { exitCode: EXIT_INTERNAL });
      }
      rmSync(path, { force: true }); // stale: its build was killed
    }
  }
  throw new IrdeckError(`could not take the build lock ${path}`, { exitCode: EXIT_INTERNAL });
}

export async function withLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  acquire(path);
  const release = () => rmSync(path, { force: true });
  process.once('exit', release);
  try {
    return await fn();
  } finally {
    release();
    process.removeListener('exit', release);
  }
}
