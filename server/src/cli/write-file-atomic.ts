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

/** One file of a change that spans several (a chart's template and its values.yaml). */
export interface FileWrite {
  readonly path: string;
  /** What the run read at its start: the file is written only if it still holds this. */
  readonly expected: Buffer;
  readonly content: Buffer;
}

/**
 * Writes several files as one change: none when any of them changed on disk during the run, and
 * the ones already written put back when a later one cannot be written. Returns why it did not write.
 */
export function writeFilesAtomic(files: readonly FileWrite[]): string | undefined {
  for (const file of files) {
    try {
      if (!readFileSync(realpathSync(file.path)).equals(file.expected)) return `${basename(file.path)} changed on disk during the run`;
    } catch (error) {
      return `${basename(file.path)}: ${fsProblem(error)}`;
    }
  }
  const written: FileWrite[] = [];
  for (const file of files) {
    const failure = writeFileAtomic(file.path, file.expected, file.content);
    if (failure !== undefined) {
      for (const done of written.reverse()) writeFileAtomic(done.path, done.content, done.expected);
      return `${basename(file.path)}: ${failure}`;
    }
    written.push(file);
  }
  return undefined;
}
