/**
 * The analysis reads files other than the one being checked (entrypoint scripts
 * in a build context) only through this interface, so the core stays pure: the
 * CLI passes the disk, the server passes open documents over the disk, tests pass a map.
 */
export interface WorkspaceFs {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readText(path: string): string | undefined;
}

export const NO_FILES: WorkspaceFs = { readText: () => undefined };

/** Paths inside the analysis are absolute, with `/` separators. */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins and normalises `.` and `..` segments of a `/`-separated path. */
export function joinPath(base: string, relative: string): string {
  const parts = (relative.startsWith('/') ? relative : `${base}/${relative}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}
