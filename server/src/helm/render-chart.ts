import { existsSync } from 'node:fs';
import { chartArchives, type ChartArchive } from './archived-subcharts';
import { ChartCopy, isRenderedTemplate } from './chart-copy';
import { isHelperFile } from './helper-lines';
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
      /** Subcharts vendored as archives, whose templates have no file (see archived-subcharts.ts). */
      readonly archives: readonly ChartArchive[];
      /** The texts of the other files under `templates/` (`_helpers.tpl`): what they read decides whether a values fix is exact. */
      readonly helpers: ReadonlyMap<string, string>;
      /** The values given on top of the chart's own (`--values`, `--set`): a key they set is not the chart's to fix. */
      readonly overrides: { readonly valuesFiles: readonly string[]; readonly set: readonly string[] };
    }
  | { readonly ok: false; readonly message: string };

/** A render stopped by its caller's signal (see `ChartRenderer.render`): it has no result, and nothing is reported for it. */
export interface CancelledRender {
  readonly cancelled: true;
}

/** The release name charts render under (`RELEASE-NAME` prefixes object names, as helm 2 printed). */
export const RELEASE_NAME = 'release-name';

/**
 * Renders one chart with `helm template`, again and again, from a temporary copy whose templates
 * carry line markers, and maps the output back to the templates. The copy lives until `dispose`:
 * each render rewrites only the files that changed since the last one (in the editor, the template
 * being typed in), and each template keeps its marker file id, so an unchanged template's marked
 * text is reused. `render` never throws.
 *
 * A render can be cancelled (its `signal` aborts while helm runs): helm is killed and the copy stays
 * as that render wrote it, which is what the renderer remembers, so the next render rewrites only
 * what differs from it. The copy is written before helm starts, never while it runs, so a cancelled
 * render cannot leave it half-updated.
 */
export class ChartRenderer {
  private copy: ChartCopy | undefined;
  /** Template paths by marker file id (ids stay with their template for the renderer's life). */
  private readonly idPaths: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Each template's last text, its anatomy and marked text. */
  private readonly marked = new Map<string, { readonly text: string; readonly anatomy: TemplateAnatomy; readonly marked: string }>();

  constructor(readonly chartDir: string) {}

  render(request: Omit<ChartRenderRequest, 'chartDir'>): Promise<ChartRender>;
  render(request: Omit<ChartRenderRequest, 'chartDir'>, signal: AbortSignal): Promise<ChartRender | CancelledRender>;
  async render(request: Omit<ChartRenderRequest, 'chartDir'>, signal?: AbortSignal): Promise<ChartRender | CancelledRender> {
    const { chartDir } = this;
    const templates = new Map<string, TemplateAnatomy>();
    const helpers = new Map<string, string>();
    let copy: ChartCopy;
    let values: ReturnType<typeof valuesArguments>;
    try {
      copy = this.copy ??= new ChartCopy(chartDir);
      copy.update((relative, source) => {
        const path = `${chartDir}/${relative}`;
        const edited = request.textOf?.(path);
        if (!isRenderedTemplate(relative)) {
          if (/^(?:charts\/[^/]+\/)*templates\//.test(relative)) {
            const text = edited ?? source();
            helpers.set(path, text);
            // Helpers are read for their `define` bodies, where findings from an `include` point.
            if (isHelperFile(relative)) templates.set(path, templateAnatomy(text));
          }
          return edited;
        }
        const text = edited ?? source();
        let entry = this.marked.get(path);
        if (entry?.text !== text) {
          const anatomy = templateAnatomy(text);
          entry = { text, anatomy, marked: markTemplate(anatomy, this.idOf(path)) };
          this.marked.set(path, entry);
        }
        templates.set(path, entry.anatomy);
        return entry.marked;
      });
      values = valuesArguments(copy, request);
    } catch (error) {
      return { ok: false, message: `cannot copy the chart for rendering: ${(error as Error).message}` };
    }
    for (const path of [...this.marked.keys()]) if (!templates.has(path)) this.marked.delete(path);
    if ('missing' in values) return { ok: false, message: `the values file ${values.missing} does not exist; the chart is checked as written` };
    const args = ['template', RELEASE_NAME, copy.chart, ...values.paths.flatMap((f) => ['--values', f]), ...request.set.flatMap((s) => ['--set', s])];
    // helm names the values files it read where it found them: the user's, not the copy's.
    const named = (text: string) =>
      values.paths.reduce((out, path, i) => (path === request.valuesFiles[i] ? out : out.split(path).join(request.valuesFiles[i])), text);
    const run = await runHelm(request.helm, args, { cwd: copy.root, ...(request.limits && { limits: request.limits }), ...(signal && { signal }) });
    const limits = request.limits;
    switch (run.outcome) {
      case 'cancelled':
        return { cancelled: true };
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
          message: `helm template failed; the chart is checked as written: ${helpFor(named(run.message.split(copy.chart).join(chartDir)))}`,
        };
      case 'ok': {
        const files = renderedFiles(splitHelmOutput(run.stdout.split(copy.chart).join(chartDir)), {
          templateOf: (document, markerFile) =>
            markerFile !== undefined
              ? this.idPaths[markerFile]
              : document.source === undefined
                ? undefined
                : `${chartDir}/${document.source.split('/').slice(1).join('/')}`,
          anatomyOf: (template) => templates.get(template),
          fileIdOf: (template) => (templates.has(template) ? this.ids.get(template) : undefined),
        });
        return { ok: true, files, templates, archives: chartArchives(chartDir), helpers, overrides: { valuesFiles: request.valuesFiles, set: request.set } };
      }
    }
  }

  /** Deletes the temporary copy (a later render makes a new one). */
  dispose(): void {
    this.copy?.remove();
    this.copy = undefined;
  }

  private idOf(template: string): number {
    let id = this.ids.get(template);
    if (id === undefined) {
      id = this.idPaths.push(template) - 1;
      this.ids.set(template, id);
    }
    return id;
  }
}

/** Renders a chart once (the CLI): the temporary copy is removed before this resolves. Never throws. */
export async function renderChart(request: ChartRenderRequest): Promise<ChartRender> {
  const renderer = new ChartRenderer(request.chartDir);
  try {
    return await renderer.render(request);
  } finally {
    renderer.dispose();
  }
}

/**
 * The `--values` paths for helm: a file whose text the caller gives (an editor's unsaved text) is
 * written into the copy, as chart files are; any other must exist on disk, where helm reads it.
 * Otherwise the first missing one: helm's own "open ...: no such file" would be the message.
 */
function valuesArguments(copy: ChartCopy, request: Omit<ChartRenderRequest, 'chartDir'>): { readonly paths: readonly string[] } | { readonly missing: string } {
  const paths: string[] = [];
  for (const [i, path] of request.valuesFiles.entries()) {
    const text = request.textOf?.(path);
    if (text !== undefined) paths.push(copy.valuesFile(i, text));
    else if (existsSync(path)) paths.push(path);
    else return { missing: path };
  }
  return { paths };
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
