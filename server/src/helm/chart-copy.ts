import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';

/** Files helm renders into manifests: templates (and subcharts' templates) that are not partials (`_*.tpl`). */
export function isRenderedTemplate(relativePath: string): boolean {
  return /^(?:charts\/[^/]+\/)*templates\/(?:[^/]+\/)*[^_/][^/]*\.ya?ml$/.test(relativePath);
}

/** What the copy writes for a file: its text (unsaved editor text, markers), or undefined to copy the bytes. */
export type CopyTransform = (relativePath: string, absolutePath: string) => string | undefined;

/** Files and folders above this count stop the copy: a chart is not a whole repository. */
const MAX_ENTRIES = 20_000;

/**
 * Copies a chart into a fresh temporary folder and returns the copy's path; `removeCopy`
 * deletes it. Symbolic links are followed only to files inside the chart: a link out of the
 * chart (or to a folder) is left out, so a repository cannot make the render read files elsewhere.
 */
export function copyChart(chartDir: string, transform: CopyTransform): { readonly root: string; readonly chart: string } {
  const root = mkdtempSync(join(tmpdir(), 'graceful-helm-'));
  const chart = join(root, 'chart');
  try {
    const realChart = realpathSync(chartDir);
    let entries = 0;
    const walk = (from: string, to: string, relative: string) => {
      mkdirSync(to, { recursive: true });
      for (const name of readdirSync(from)) {
        if (++entries > MAX_ENTRIES) throw new Error(`the chart holds more than ${MAX_ENTRIES} files`);
        const source = join(from, name);
        const target = join(to, name);
        const rel = relative === '' ? name : `${relative}/${name}`;
        const info = lstatSync(source);
        if (info.isDirectory()) {
          if (name !== '.git') walk(source, target, rel);
          continue;
        }
        if (info.isSymbolicLink()) {
          let real: string;
          try {
            real = realpathSync(source);
          } catch {
            continue;
          }
          if (!real.startsWith(realChart + sep) || !statSync(real).isFile()) continue;
        } else if (!info.isFile()) continue;
        const text = transform(rel, source);
        // A link inside the chart is copied as the file it points to (realpath checked above).
        if (text !== undefined) writeFileSync(target, text);
        else copyFileSync(info.isSymbolicLink() ? realpathSync(source) : source, target);
      }
    };
    walk(chartDir, chart, '');
  } catch (error) {
    removeCopy(root);
    throw error;
  }
  return { root, chart };
}

export function removeCopy(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
