import { existsSync } from 'node:fs';

/**
 * The charts a set of workspace files belongs to: folders holding a `Chart.yaml` that is among the
 * files, or that sits above a walked `templates/` file. Subcharts vendored under another chart's
 * `charts/` render with their parent and are not listed on their own.
 */
export function chartFolders(paths: Iterable<string>, exists: (path: string) => boolean = existsSync): string[] {
  const found = new Set<string>();
  for (const path of paths) {
    if (path.endsWith('/Chart.yaml')) found.add(path.slice(0, -'/Chart.yaml'.length));
    const at = path.indexOf('/templates/');
    if (at > 0 && exists(`${path.slice(0, at)}/Chart.yaml`)) found.add(path.slice(0, at));
  }
  const charts = [...found].sort();
  return charts.filter((chart) => !charts.some((parent) => parent !== chart && chart.startsWith(`${parent}/charts/`)));
}
