import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { DocumentOriginMapper, StreamDocument } from '../cli/stdin-input';
import { LineIndex } from '../parse/line-index';
import { originsFromText, templateRange } from './source-map';
import { templateAnatomy } from './template-lines';

/**
 * Maps the documents of `helm template` output read from a stream to their templates through the
 * `# Source: CHART/templates/x.yaml` comment helm writes above each: the template is looked up
 * relative to `cwd` (as written, or without the chart's name when run inside the chart), else in
 * the one chart below `cwd` whose `Chart.yaml` has that name (`helm template r charts/app` run
 * from a repository's root, whatever the chart's folder is called), and each
 * line maps to the template line with the same text when exactly one has it, else to the
 * object's first line there (the same mapping as rendering with markers falls back to).
 */
export function helmSourceOrigins(
  cwd: string,
  readText: (path: string) => string | undefined = readIfFile,
  chartsBelow: (cwd: string) => ReadonlyMap<string, readonly string[]> = findCharts,
): DocumentOriginMapper {
  return (documents) => {
    let charts: ReadonlyMap<string, readonly string[]> | undefined;
    // Looked for once per stream, and only when a source is not where the comment says.
    const chartNamed = (name: string) => {
      const found = (charts ??= chartsBelow(cwd)).get(name) ?? [];
      return found.length === 1 ? found[0] : undefined;
    };
    return documents.map((document) => originOf(document, cwd, readText, chartNamed));
  };
}

function originOf(document: StreamDocument, cwd: string, readText: (path: string) => string | undefined, chartNamed: (name: string) => string | undefined) {
  const source = /^# Source: (.+?)\r?$/m.exec(document.text)?.[1];
  if (source === undefined) return undefined;
  const [chart = '', ...rest] = source.split('/');
  const candidates = [source, rest.join('/')].filter((p) => p !== '');
  const named = () => {
    const folder = chartNamed(chart);
    return folder === undefined ? undefined : relative(cwd, join(folder, ...rest));
  };
  for (const candidate of [...candidates, named]) {
    const path = typeof candidate === 'string' ? candidate : candidate();
    if (path === undefined) continue;
    const text = readText(resolve(cwd, path));
    if (text === undefined) continue;
    const anatomy = templateAnatomy(text);
    const rendered = document.text.split('\n').map((line) => line.replace(/\r$/, ''));
    const origins = originsFromText(rendered, anatomy);
    const lines = origins.map((o) => o.line);
    const index = new LineIndex(text);
    const position = (offset: number) => {
      const at = index.positionAt(offset);
      return { line: at.line + 1, column: at.character + 1 };
    };
    const place = (i: number, column: number, endColumn: number) => {
      const origin = origins[i];
      const line = rendered[i];
      if (origin === undefined || line === undefined) return undefined;
      const range = templateRange(anatomy, origin, line, column, endColumn);
      return { start: position(range.start), end: position(range.end) };
    };
    return { path, lineOffset: (lines[0] ?? 1) - 1, lines, place };
  }
  return undefined;
}

/** Folders this deep below the working folder are searched for charts; a repository keeps its charts near the top. */
const CHART_SEARCH_DEPTH = 4;
/** At most this many folders are read, so that a stream piped in a home folder does not walk it all. */
const CHART_SEARCH_FOLDERS = 2000;

/** Chart folders below `cwd` by the name their `Chart.yaml` gives (skipping hidden folders, `node_modules` and vendored subcharts). */
function findCharts(cwd: string): Map<string, string[]> {
  const charts = new Map<string, string[]>();
  let budget = CHART_SEARCH_FOLDERS;
  const visit = (dir: string, depth: number) => {
    if (budget-- <= 0) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const chartYaml = entries.some((e) => e.isFile() && e.name === 'Chart.yaml') ? readIfFile(join(dir, 'Chart.yaml')) : undefined;
    const name = chartYaml === undefined ? undefined : /^name:[ \t]*["']?([^\s"'#]+)/m.exec(chartYaml)?.[1];
    if (name !== undefined) charts.set(name, [...(charts.get(name) ?? []), dir]);
    if (depth === CHART_SEARCH_DEPTH) return;
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      // A chart's `charts/` holds its subcharts, named in `# Source:` through their parent.
      if (name !== undefined && entry.name === 'charts') continue;
      visit(join(dir, entry.name), depth + 1);
    }
  };
  visit(cwd, 0);
  return charts;
}

function readIfFile(path: string): string | undefined {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
