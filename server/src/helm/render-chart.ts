import { readFileSync } from 'node:fs';
import { copyChart, isRenderedTemplate, removeCopy } from './chart-copy';
import { runHelm, type HelmLimits } from './helm-process';
import { renderedFiles, splitHelmOutput, type RenderedFile } from './rendered-output';
import { templateAnatomy, type TemplateAnatomy } from './template-lines';
import { markTemplate } from './template-markers';

/** What to render: a chart folder with the values the user named. */
export interface ChartRenderRequest {
  /** Absolute, `/`-separated folder holding `Chart.yaml`. */
  readonly chartDir: string;
  readonly helm: string;
  /** Absolute paths of values files, in order (later ones win, as with `helm -f`). */
  readonly valuesFiles: readonly string[];
  /** `KEY=VALUE` pairs for `--set`. */
  readonly set: readonly string[];
  /** The text of a chart file as the user sees it (an editor's unsaved text), else undefined to read the disk. */
  readonly textOf?: (path: string) => string | undefined;
  readonly limits?: HelmLimits;
}

export type ChartRender =
  | {
      readonly ok: true;
      readonly files: readonly RenderedFile[];
      readonly templates: ReadonlyMap<string, TemplateAnatomy>;
      /** The texts of the other files under `templates/` (`_helpers.tpl`): what they read decides whether a values fix is exact. */
      readonly helpers: ReadonlyMap<string, string>;
      /** The values given on top of the chart's own (`--values`, `--set`): a key they set is not the chart's to fix. */
      readonly overrides: { readonly valuesFiles: readonly string[]; readonly set: readonly string[] };
    }
  | { readonly ok: false; readonly message: string };

/** The release name charts render under (`RELEASE-NAME` prefixes object names, as helm 2 printed). */
export const RELEASE_NAME = 'release-name';

/**
 * Renders a chart with `helm template` from a temporary copy whose templates carry line markers,
 * and maps the output back to the templates. Never throws; the copy is always removed.
 */
export async function renderChart(request: ChartRenderRequest): Promise<ChartRender> {
  const templates = new Map<string, TemplateAnatomy>();
  const helpers = new Map<string, string>();
  const ids: string[] = [];
  let copy: { root: string; chart: string };
  try {
    copy = copyChart(request.chartDir, (relative, absolute) => {
      const path = `${request.chartDir}/${relative}`;
      const edited = request.textOf?.(path);
      if (!isRenderedTemplate(relative)) {
        if (/^(?:charts\/[^/]+\/)*templates\//.test(relative)) helpers.set(path, edited ?? readFileSync(absolute, 'utf8'));
        return edited;
      }
      const text = edited ?? readFileSync(absolute, 'utf8');
      const anatomy = templateAnatomy(text);
      templates.set(path, anatomy);
      ids.push(path);
      return markTemplate(anatomy, ids.length - 1);
    });
  } catch (error) {
    return { ok: false, message: `cannot copy the chart for rendering: ${(error as Error).message}` };
  }
  try {
    const args = ['template', RELEASE_NAME, copy.chart, ...request.valuesFiles.flatMap((f) => ['--values', f]), ...request.set.flatMap((s) => ['--set', s])];
    const run = await runHelm(request.helm, args, { cwd: copy.root, ...(request.limits && { limits: request.limits }) });
    const limits = request.limits;
    switch (run.outcome) {
      case 'timeout':
        return {
          ok: false,
          message: `helm template did not finish within ${(limits?.timeoutMs ?? 10_000) / 1000} s and was stopped; the chart is checked as written`,
        };
      case 'flood':
        return {
          ok: false,
          message: `helm template printed more than ${Math.round((limits?.maxOutputBytes ?? 10 * 1024 * 1024) / 1024)} KiB and was stopped; the chart is checked as written`,
        };
      case 'spawn-error':
        return { ok: false, message: `cannot run helm (${request.helm}): ${run.message}` };
      case 'failed':
        return {
          ok: false,
          message: `helm template failed; the chart is checked as written: ${helpFor(run.message.split(copy.chart).join(request.chartDir))}`,
        };
      case 'ok': {
        const tempPrefix = copy.chart;
        const files = renderedFiles(splitHelmOutput(run.stdout.split(tempPrefix).join(request.chartDir)), {
          templateOf: (document, markerFile) =>
            markerFile !== undefined
              ? ids[markerFile]
              : document.source === undefined
                ? undefined
                : `${request.chartDir}/${document.source.split('/').slice(1).join('/')}`,
          anatomyOf: (template) => templates.get(template),
          fileIdOf: (template) => {
            const id = ids.indexOf(template);
            return id === -1 ? undefined : id;
          },
        });
        return { ok: true, files, templates, helpers, overrides: { valuesFiles: request.valuesFiles, set: request.set } };
      }
    }
  } finally {
    removeCopy(copy.root);
  }
}

/** helm's message without its `Error: ` prefix and `--debug` advice, with the next step when a dependency is missing. */
function helpFor(message: string): string {
  const text = message
    .replace(/^Error: /, '')
    .split('\n')
    .filter((l) => !/^Use --debug flag/.test(l))
    .join('\n');
  return /missing in charts\/ directory/.test(text) && !text.includes('helm dependency build')
    ? `${text} (run \`helm dependency build\` in the chart's folder)`
    : text;
}
