import { chmodSync, chownSync, closeSync, fsyncSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { fsProblem } from '../workspace/source';

/**
 * Replaces a file's content only if it still holds `expected` (what the run read
 * at its start), through a temporary file in the same folder and a rename, so a
 * reader never sees half a file and a crash leaves the original intact. The mode
 * (and, when permitted, the owner) is kept; a symbolic link keeps pointing at
 * the file it pointed at, which receives the content. Returns why it did not write.
 */
export function writeFileAtomic(path: string, expected: Buffer, content: Buffer): string | undefined {
  let target: string;
  let mode: number;
  let uid: number;
  let gid: number;
  try {
    target = realpathSync(path);
    ({ mode, uid, gid } = statSync(target));
    if (!readFileSync(target).equals(expected)) return 'changed on disk during the run';
  } catch (error) {
    return fsProblem(error);
  }
  const temp = join(dirname(target), `.${basename(target)}.graceful-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', mode & 0o7777);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // openSync's mode passes through the umask; set it exactly.
    chmodSync(temp, mode & 0o7777);
    try {
      chownSync(temp, uid, gid);
    } catch {
      // Only root may give a file away; others keep their own ownership, as editors do.
    }
    renameSync(temp, target);
    return undefined;
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // The temporary file was never created or is already gone.
    }
    return `cannot write: ${fsProblem(error)}`;
  }
}
