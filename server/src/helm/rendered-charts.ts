import type { AnalysisSettings } from '../../../shared/src/settings';
import type { Analyzer } from '../analyzer';
import type { FileProblem, Finding, RelatedLocation } from '../types';
import { mapArchivedFinding, type ChartArchive } from './archived-subcharts';
import { chartDefines, helperLineOf, type ChartDefines } from './helper-lines';
import { mapRenderedFinding, type MappingContext } from './map-findings';
import type { RenderedChartSource } from './values-fix';
import type { ChartRender } from './render-chart';
import type { RenderedFile } from './rendered-output';
import { templateActions } from './template-actions';
import type { TemplateAnatomy } from './template-lines';

/** Whether `path` is a chart file under `templates/` (its own or a vendored subchart's). */
export function isChartTemplatePath(chartDir: string, path: string): boolean {
  return path.startsWith(`${chartDir}/`) && /^(?:charts\/[^/]+\/)*templates\//.test(path.slice(chartDir.length + 1));
}

/**
 * The integration seam between rendering and the analyser: the charts of a workspace that
 * rendered, held in the analyser as their rendered YAML (under virtual paths, so PDBs and
 * Services from a chart take part in cross-file facts), in place of their templates as written
 * (never both: a rendered chart's templates are not given to the analyser). Findings on the
 * rendered text are reported at the templates. Charts that failed keep their templates as
 * written, with a problem on `Chart.yaml`.
 */
export class RenderedCharts {
  private readonly files = new Map<string, RenderedFile>();
  private readonly anatomies = new Map<string, TemplateAnatomy>();
  private readonly charts = new Map<string, readonly string[]>();
  /** The subcharts each rendered chart vendors as archives. */
  private readonly archives = new Map<string, readonly ChartArchive[]>();
  /** The `define`s of each rendered chart, read on first use. */
  private readonly defines = new Map<string, ChartDefines>();
  private readonly sources = new Map<string, RenderedChartSource>();
  readonly problems: FileProblem[] = [];

  /** Records a chart's render: its rendered files, or a problem on its `Chart.yaml`. */
  add(chartDir: string, render: ChartRender): void {
    this.remove(chartDir);
    if (!render.ok) {
      this.problems.push({ path: `${chartDir}/Chart.yaml`, message: render.message });
      return;
    }
    for (const [path, anatomy] of render.templates) this.anatomies.set(path, anatomy);
    for (const file of render.files) this.files.set(file.path, file);
    this.charts.set(
      chartDir,
      render.files.map((f) => f.path),
    );
    this.archives.set(chartDir, render.archives);
    // Lexed once per render: values fixes look at every action of the chart for each finding they map.
    const actions = new Map([
      ...[...render.helpers].map(([path, text]) => [path, templateActions(text)] as const),
      ...[...render.templates].map(([path, anatomy]) => [path, anatomy.actions] as const),
    ]);
    this.sources.set(chartDir, { dir: chartDir, actions, overrides: render.overrides });
  }

  /** The chart a template was rendered with, when it is a rendered chart's own template (not a vendored subchart's). */
  chartOf(template: string): RenderedChartSource | undefined {
    for (const [dir, source] of this.sources) if (template.startsWith(`${dir}/templates/`)) return source;
    return undefined;
  }

  /** Forgets a chart (its templates are then analysed as written again). */
  remove(chartDir: string): void {
    for (const path of this.charts.get(chartDir) ?? []) this.files.delete(path);
    for (const path of [...this.anatomies.keys()]) if (path.startsWith(`${chartDir}/`)) this.anatomies.delete(path);
    this.charts.delete(chartDir);
    this.defines.delete(chartDir);
    this.archives.delete(chartDir);
    this.sources.delete(chartDir);
    for (let i = this.problems.length - 1; i >= 0; i--) if (this.problems[i]?.path === `${chartDir}/Chart.yaml`) this.problems.splice(i, 1);
  }

  renderedCharts(): IterableIterator<string> {
    return this.charts.keys();
  }

  /** The virtual paths of a chart's rendered files. */
  renderedPaths(chartDir: string): readonly string[] {
    return this.charts.get(chartDir) ?? [];
  }

  /** The anatomy of a rendered chart's template, as it was when the chart rendered. */
  anatomyOf(template: string): TemplateAnatomy | undefined {
    return this.anatomies.get(template);
  }

  renderedFile(path: string): RenderedFile | undefined {
    return this.files.get(path);
  }

  /** The text a template had when its chart was last rendered: its mapped findings and fixes hold for that text only. */
  renderedText(template: string): string | undefined {
    return this.anatomies.get(template)?.text;
  }

  /** Whether the analyser checks this file's rendered output instead of its text. */
  replaces(path: string): boolean {
    for (const chart of this.charts.keys()) if (isChartTemplatePath(chart, path)) return true;
    return false;
  }

  /** Where an included helper wrote a rendered line of a template, when that is sure (see helper-lines.ts). */
  helperLine(template: string, helper: string, renderedLine: string): RelatedLocation | undefined {
    return helperLineOf(this.definesOf(template), helper, renderedLine);
  }

  /** The `define`s that a template of a rendered chart may include: those of its chart and subcharts. */
  private definesOf(template: string): ChartDefines {
    const chart = [...this.charts.keys()].find((dir) => template.startsWith(`${dir}/`)) ?? '';
    let defines = this.defines.get(chart);
    if (!defines) this.defines.set(chart, (defines = chartDefines([...this.anatomies].filter(([path]) => path.startsWith(`${chart}/`)))));
    return defines;
  }

  /** A finding on a subchart vendored as an archive, on its parent's `Chart.yaml` (see archived-subcharts.ts). */
  private archivedFinding(finding: Finding, file: RenderedFile, readText: (path: string) => string | undefined): Finding | undefined {
    const chart = [...this.charts.keys()].find((dir) => file.template.startsWith(`${dir}/charts/`));
    return chart === undefined ? undefined : mapArchivedFinding(finding, file, chart, this.archives.get(chart) ?? [], readText);
  }

  /** Puts the rendered files (of one chart, or of all) into the analyser. */
  addTo(analyzer: Analyzer, chartDir?: string): void {
    const files = chartDir === undefined ? this.files.values() : this.renderedPaths(chartDir).flatMap((p) => this.files.get(p) ?? []);
    for (const file of files) analyzer.setFile(file.path, file.text, 'yaml');
  }

  /**
   * Records a new render of a chart and puts it into the analyser in place of the last one: rendered
   * files that stayed the same are set again with the same text, which changes nothing there; those
   * the render no longer has (all of them when it failed) leave it.
   */
  replaceIn(analyzer: Analyzer, chartDir: string, render: ChartRender): void {
    const before = this.renderedPaths(chartDir);
    this.add(chartDir, render);
    const now = new Set(this.renderedPaths(chartDir));
    for (const path of before) if (!now.has(path)) analyzer.removeFile(path);
    this.addTo(analyzer, chartDir);
  }

  /** Findings of the rendered files, mapped to their templates, by template path. */
  mappedFindings(
    analyzer: Analyzer,
    settingsFor: (path: string) => AnalysisSettings,
    readText: (path: string) => string | undefined,
    only?: readonly string[],
  ): Map<string, Finding[]> {
    const context: MappingContext = {
      anatomyOf: (t) => this.anatomies.get(t),
      renderedFile: (p) => this.files.get(p),
      readText,
      helperLine: (template, helper, line) => this.helperLine(template, helper, line),
      chartOf: (t) => this.chartOf(t),
    };
    const out = new Map<string, Finding[]>();
    for (const file of only ? only.flatMap((p) => this.files.get(p) ?? []) : this.files.values()) {
      for (const finding of analyzer.analyze(file.path, settingsFor(file.path))?.findings ?? []) {
        const mapped = mapRenderedFinding(finding, file, context) ?? this.archivedFinding(finding, file, readText);
        if (!mapped) continue;
        out.set(mapped.path, [...(out.get(mapped.path) ?? []), mapped]);
      }
    }
    for (const list of out.values()) list.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
    return out;
  }
}
