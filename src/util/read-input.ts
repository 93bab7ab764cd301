// Reading a file the user named: only a regular file, and never more than a
// limit, counted while reading (a size from stat means nothing for a FIFO,
// /dev/zero or a file that grows). Opened non-blocking so a FIFO with no
// writer is refused instead of waiting forever.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

type Fail = (rule: string, message: string) => never;

const CAUSES: Record<string, string> = {
  ENOENT: 'no such file (give the path of a period data file, e.g. data/fy2008-1h.yaml)',
  ENOTDIR: 'no such file (a part of the path is not a folder)',
  EISDIR: 'this is a folder, not a data file',
  EACCES: 'permission denied: the file cannot be read',
  EPERM: 'permission denied: the file cannot be read',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'the path goes round in a loop of symbolic links',
};

export function readInput(file: string, maxBytes: number, fail: Fail): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    fail(code === 'ENOENT' || code === 'ENOTDIR' ? 'file/missing' : 'file/unreadable', CAUSES[code] ?? `cannot be read (${code || (err as Error).message})`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) fail('file/unreadable', CAUSES.EISDIR);
    if (!st.isFile()) fail('file/not-regular', 'this is not a regular file (a device, a pipe or a socket); give the path of a data file');
    if (st.size > maxBytes) fail('file/too-large', tooLarge(st.size, maxBytes));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(65536, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) fail('file/too-large', tooLarge(total, maxBytes));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

const tooLarge = (n: number, max: number) => `the file is ${n > max + 1 ? `${(n / 1048576).toFixed(1)} MB` : `over ${max / 1048576} MB`}; a period data file is far smaller than ${max / 1048576} MB`;
