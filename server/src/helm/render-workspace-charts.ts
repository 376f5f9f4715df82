import { availableParallelism } from 'node:os';
import type { ConfigFile } from '../config/config-files';
import { chartFolders } from './chart-folders';
import { chartValues, type ChartValues } from './helm-config';
import type { HelmLimits } from './helm-process';
import { renderChart, type ChartRender } from './render-chart';
import { RenderedCharts } from './rendered-charts';

export interface WorkspaceHelmOptions {
  /** The helm binary (see find-helm.ts), or undefined when there is none. */
  readonly helm: string | undefined;
  /** `--no-helm` (or the setting): charts are checked as written. */
  readonly off: boolean;
  /** Values and `--set` pairs from the command line, applied to every chart after the configuration's. */
  readonly extra: ChartValues;
  /** The `.graceful.yaml` that applies to a chart folder. */
  readonly configFor: (chartDir: string) => ConfigFile | undefined;
  readonly textOf?: (path: string) => string | undefined;
  readonly limits?: HelmLimits;
}

/** helm processes at once: a render is mostly one busy core, and CI machines are small. */
const MAX_PARALLEL_RENDERS = Math.max(1, Math.min(4, availableParallelism()));

/**
 * Renders the charts that the workspace's files belong to, a few at a time, and records them in
 * folder order (so reports do not depend on which render ends first). Returns the renders and,
 * when helm is missing, one notice for all charts.
 */
export async function renderWorkspaceCharts(paths: Iterable<string>, options: WorkspaceHelmOptions): Promise<{ charts: RenderedCharts; notice?: string }> {
  const charts = new RenderedCharts();
  const folders = chartFolders(paths).filter((dir) => options.configFor(dir)?.helm?.off !== true);
  if (options.off || folders.length === 0) return { charts };
  const helm = options.helm;
  if (helm === undefined) {
    return {
      charts,
      notice: `helm not found: ${folders.length === 1 ? 'the chart is' : `${folders.length} charts are`} checked as written, not as deployed (install helm, or pass --helm PATH)`,
    };
  }
  const render = chartRenderer({ ...options, helm });
  const renders = new Array<ChartRender | undefined>(folders.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < folders.length; i = next++) {
      const chartDir = folders[i];
      if (chartDir !== undefined) renders[i] = await render(chartDir);
    }
  };
  await Promise.all(Array.from({ length: Math.min(MAX_PARALLEL_RENDERS, folders.length) }, worker));
  folders.forEach((chartDir, i) => {
    const done = renders[i];
    if (done) charts.add(chartDir, done);
  });
  return { charts };
}

/**
 * Renders one chart with the values its configuration and the command line give; `textOf` overrides
 * file texts (unsaved edits, or `--fix` trying its edits before it writes them).
 */
export function chartRenderer(
  options: Omit<WorkspaceHelmOptions, 'off' | 'helm'> & { readonly helm: string },
): (chartDir: string, textOf?: (path: string) => string | undefined) => Promise<ChartRender> {
  return (chartDir, textOf = options.textOf) => {
    const config = options.configFor(chartDir);
    const configured = chartValues(config?.helm, config?.folder ?? chartDir, chartDir);
    return renderChart({
      chartDir,
      helm: options.helm,
      valuesFiles: [...configured.values, ...options.extra.values],
      set: [...configured.set, ...options.extra.set],
      ...(textOf && { textOf }),
      ...(options.limits && { limits: options.limits }),
    });
  };
}
