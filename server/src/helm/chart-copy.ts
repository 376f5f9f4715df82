import {
  closeSync,
  copyFileSync,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';

/** Files helm renders into manifests: templates (and subcharts' templates) that are not partials (`_*.tpl`). */
export function isRenderedTemplate(relativePath: string): boolean {
  return /^(?:charts\/[^/]+\/)*templates\/(?:[^/]+\/)*[^_/][^/]*\.ya?ml$/.test(relativePath);
}

/**
 * What the copy writes for a file: its text (unsaved editor text, markers), or undefined to copy the
 * bytes. `source` reads the file's text on disk (remembered while the file does not change).
 */
export type CopyTransform = (relativePath: string, source: () => string) => string | undefined;

/** Files and folders above this count stop the copy: a chart is not a whole repository. */
const MAX_ENTRIES = 20_000;

/**
 * Temporary copies are named `graceful-helm-PID-XXXXXX` in the OS temporary folder: recognisably
 * ours, and those of a process that is gone (a crash) can be told apart from a running server's.
 */
const COPY_PREFIX = 'graceful-helm-';

/** One file of the copy as last written. */
interface CopiedFile {
  /** The source's identity and change times: unchanged means the bytes on disk are unchanged. */
  readonly signature: string;
  /** The text written, or undefined when the bytes were copied. */
  readonly written: string | undefined;
  /** The source's text, once read. */
  readonly source: string | undefined;
}

const signatureOf = (info: Stats) => `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;

/**
 * A temporary copy of a chart that lives as long as its owner needs it: each `update` brings it in
 * line with the chart (and the transform) and writes only the files that changed since the last
 * one, so a keystroke in a template rewrites that template, not the chart. Symbolic links are
 * followed only to files inside the chart: a link out of the chart (or to a folder) is left out, so
 * a repository cannot make the render read files elsewhere. `remove` deletes the copy.
 */
export class ChartCopy {
  readonly root: string;
  /** The chart's folder inside the copy (what helm renders). */
  readonly chart: string;
  private readonly files = new Map<string, CopiedFile>();
  private readonly folders = new Set<string>();
  /** The texts written by `valuesFile`, by position in helm's `--values` list. */
  private readonly values: (string | undefined)[] = [];

  constructor(private readonly chartDir: string) {
    this.root = mkdtempSync(join(tmpdir(), `${COPY_PREFIX}${process.pid}-`));
    this.chart = join(this.root, 'chart');
  }

  /** Brings the copy in line with the chart. Throws on a chart too large or unreadable; the next update then starts afresh. */
  update(transform: CopyTransform): void {
    const realChart = realpathSync(this.chartDir);
    const seenFiles = new Set<string>();
    const seenFolders = new Set<string>();
    let entries = 0;
    const walk = (from: string, relative: string) => {
      seenFolders.add(relative);
      if (!this.folders.has(relative)) {
        // A file may have stood where this folder now is.
        if (this.files.delete(relative)) rmSync(this.target(relative), { force: true });
        mkdirSync(this.target(relative), { recursive: true });
        this.folders.add(relative);
      }
      for (const name of readdirSync(from)) {
        if (++entries > MAX_ENTRIES) throw new Error(`the chart holds more than ${MAX_ENTRIES} files`);
        const source = join(from, name);
        const rel = relative === '' ? name : `${relative}/${name}`;
        const info = lstatSync(source);
        if (info.isDirectory()) {
          if (name !== '.git') walk(source, rel);
          continue;
        }
        let real = source;
        let stats = info;
        if (info.isSymbolicLink()) {
          try {
            real = realpathSync(source);
            stats = statSync(real);
          } catch {
            continue;
          }
          if (!real.startsWith(realChart + sep) || !stats.isFile()) continue;
        } else if (!info.isFile()) continue;
        seenFiles.add(rel);
        this.updateFile(rel, real, signatureOf(stats), transform);
      }
    };
    try {
      walk(this.chartDir, '');
    } catch (error) {
      this.clear();
      throw error;
    }
    for (const rel of [...this.files.keys()]) {
      if (seenFiles.has(rel)) continue;
      rmSync(this.target(rel), { force: true });
      this.files.delete(rel);
    }
    for (const rel of [...this.folders]) {
      if (seenFolders.has(rel) || !this.folders.has(rel)) continue;
      rmSync(this.target(rel), { recursive: true, force: true });
      for (const inside of [...this.folders]) if (inside === rel || inside.startsWith(`${rel}/`)) this.folders.delete(inside);
    }
  }

  /**
   * A values file given on top of the chart's (`--values`), written beside the chart (not in it: helm
   * would not read it there, but it is no chart file) when its text is the editor's, not the disk's.
   * `position` is its place in helm's `--values` list; the file is rewritten only when its text changed.
   * Returns the path to give helm.
   */
  valuesFile(position: number, text: string): string {
    const path = join(this.root, `values-${position}.yaml`);
    if (this.values[position] !== text) {
      writeFileSync(path, text);
      this.values[position] = text;
    }
    return path;
  }

  /** Deletes the copy. */
  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
    this.files.clear();
    this.folders.clear();
    this.values.length = 0;
  }

  /** A file of the chart, written into the copy when it differs from what the copy holds. A link inside the chart is copied as the file it points to. */
  private updateFile(rel: string, real: string, signature: string, transform: CopyTransform): void {
    const previous = this.files.get(rel);
    if (this.folders.has(rel)) {
      // A folder stood where this file now is.
      rmSync(this.target(rel), { recursive: true, force: true });
      for (const inside of [...this.folders]) if (inside === rel || inside.startsWith(`${rel}/`)) this.folders.delete(inside);
    }
    const unchanged = previous?.signature === signature;
    let source = unchanged ? previous.source : undefined;
    const text = transform(rel, () => (source ??= readFileSync(real, 'utf8')));
    if (text !== undefined) {
      if (previous?.written !== undefined) {
        if (previous.written !== text) overwrite(this.target(rel), text);
      } else writeFileSync(this.target(rel), text);
    } else if (!unchanged || previous.written !== undefined) copyFileSync(real, this.target(rel));
    this.files.set(rel, { signature, written: text, source });
  }

  private target(rel: string): string {
    return rel === '' ? this.chart : join(this.chart, rel);
  }

  /** Empties the copy after a failed update, so that the next one writes every file. */
  private clear(): void {
    rmSync(this.chart, { recursive: true, force: true });
    this.files.clear();
    this.folders.clear();
  }
}

/**
 * Rewrites a file in place and cuts it to length. Opening it truncated first, as `writeFileSync`
 * does, costs milliseconds per file on some file systems (ext4 mounted with `discard` measured
 * 4 ms for a 4 KB template, against 0.1 ms this way): that was most of a keystroke's copy.
 */
function overwrite(path: string, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, 0);
    ftruncateSync(fd, bytes.length);
  } finally {
    closeSync(fd);
  }
}

/**
 * Deletes the temporary copies that servers which are gone left behind (a crash, a kill): their
 * names carry the process id. A copy of a live process, or one we cannot tell, is left alone.
 */
export function removeStaleCopies(folder = tmpdir()): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(new RegExp(`^${COPY_PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!pid || pid === process.pid || alive(pid)) continue;
    rmSync(join(folder, name), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
