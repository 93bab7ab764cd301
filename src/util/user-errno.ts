// System errors a user causes (a folder where a file belongs, a read-only
// disk, a full disk, a port in use, a name too long) are bad input: exit 2 with
// one line naming the file or the option. Anything else stays irdeck's fault.
const WHY: Record<string, string> = {
  EISDIR: 'is a folder, where a file was expected',
  ENOTDIR: 'a part of this path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'is on a read-only file system',
  ENAMETOOLONG: 'the name is too long for the file system',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOENT: 'no such file or folder',
  EEXIST: 'already exists',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EADDRINUSE: 'is in use by another program; choose another with --port',
  EADDRNOTAVAIL: 'is not an address of this machine',
};

export interface ErrnoLike { code?: string; path?: string; dest?: string; address?: string; port?: number; syscall?: string }

/** The errno error in an error or its causes, when it is one a user can cause. */
export function userErrno(err: unknown): ErrnoLike | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as ErrnoLike).code;
    if (typeof code === 'string' && code in WHY) return e as ErrnoLike;
  }
  return undefined;
}

/** "<file or port>: <why> (CODE)" */
export function describeErrno(e: ErrnoLike): string {
  const what = e.port !== undefined ? `port ${e.port}${e.address ? ` on ${e.address}` : ''}` : (e.path ?? e.dest ?? e.syscall ?? 'a file');
  return `${what}: ${WHY[e.code!]} (${e.code})`;
}
