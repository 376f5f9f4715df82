import { posix } from 'node:path';
import type { ConfigError } from '../config/settings';

/** Values for charts: files (absolute paths) and `--set` pairs. */
export interface ChartValues {
  readonly values: readonly string[];
  readonly set: readonly string[];
}

/**
 * The `helm` key of a `.graceful.yaml`: `off`, or values for every chart under the file's folder
 * and per chart folder (relative to the file). There is deliberately no `path`: which helm runs is
 * the user's choice (`--helm`, the user setting `graceful.helm.path`), never the repository's.
 */
export type HelmConfig = { readonly off: true } | ({ readonly off: false; readonly charts: ReadonlyMap<string, ChartValues> } & ChartValues);

const PATH_REFUSED =
  'helm.path is not read from .graceful.yaml: a repository must not choose a program to run. Use `graceful lint --helm PATH` or the user setting graceful.helm.path';

/** Validates the `helm` value of a configuration file whose folder is `folder`. */
export function parseHelmConfig(raw: unknown, folder: string, source: string, line: number | undefined): { helm?: HelmConfig; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const fail = (key: string, message: string) => errors.push(line === undefined ? { source, key, message } : { source, key, message, line });
  if (raw === 'off' || raw === false) return { helm: { off: true }, errors };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fail('helm', 'expected `off` or a mapping with `values`, `set` and `charts`');
    return { errors };
  }
  const values = (value: unknown, key: string): ChartValues => {
    const out = { values: [] as string[], set: [] as string[] };
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      fail(key, 'expected a mapping with `values` and `set`');
      return out;
    }
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      if (name === 'values') {
        if (!Array.isArray(v) || !v.every((f) => typeof f === 'string')) fail(`${key}.values`, 'expected a list of values files (relative to this file)');
        // Normalised (`./`, `../`), so that the editor knows an edit of the file for one of a chart's values files.
        else out.values.push(...v.map((f) => posix.normalize(f.startsWith('/') ? f : `${folder === '/' ? '' : folder}/${f}`)));
      } else if (name === 'set') {
        if (v !== null && typeof v === 'object' && !Array.isArray(v))
          out.set.push(...Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}=${String(x)}`));
        else if (Array.isArray(v) && v.every((s) => typeof s === 'string' && s.includes('='))) out.set.push(...(v as string[]));
        else fail(`${key}.set`, 'expected a mapping of values keys to values, or a list of KEY=VALUE');
      } else if (name !== 'charts' || key !== 'helm') {
        fail(`${key}.${name}`, name === 'path' ? PATH_REFUSED : 'unknown key; expected values, set' + (key === 'helm' ? ' or charts' : ''));
      }
    }
    return out;
  };
  const all = values(raw, 'helm');
  const charts = new Map<string, ChartValues>();
  const perChart = (raw as Record<string, unknown>).charts;
  if (perChart !== undefined) {
    if (perChart === null || typeof perChart !== 'object' || Array.isArray(perChart))
      fail('helm.charts', 'expected a mapping of chart folders (relative to this file) to `values` and `set`');
    else for (const [dir, v] of Object.entries(perChart as Record<string, unknown>)) charts.set(dir.replace(/^\.\/|\/$/g, ''), values(v, `helm.charts.${dir}`));
  }
  return { helm: { off: false, ...all, charts }, errors };
}

/** The values a configuration gives one chart: every chart's, then the chart's own. */
export function chartValues(config: HelmConfig | undefined, configFolder: string, chartDir: string): ChartValues {
  if (!config || config.off) return { values: [], set: [] };
  const relative = chartDir === configFolder ? '.' : chartDir.startsWith(`${configFolder}/`) ? chartDir.slice(configFolder.length + 1) : chartDir;
  const own = config.charts.get(relative);
  return { values: [...config.values, ...(own?.values ?? [])], set: [...config.set, ...(own?.set ?? [])] };
}
