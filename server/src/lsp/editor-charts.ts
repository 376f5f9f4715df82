import { existsSync } from 'node:fs';
import type { FileAnalysis } from '../analyzer';
import { chartFolders } from '../helm/chart-folders';
import { findHelm } from '../helm/find-helm';
import { renderChart } from '../helm/render-chart';
import { isChartTemplatePath, RenderedCharts } from '../helm/rendered-charts';
import { chartValues } from '../helm/helm-config';
import { chartFixAllAction, fixAction, type FileAction } from '../features/code-actions';
import { rulesWithPreferredFixes } from '../features/fix-all';
import { ignoreLineEdit } from '../features/ignore-comments';
import { LineIndex } from '../parse/line-index';
import type { Finding } from '../types';
import type { ConfigFile } from '../config/config-files';
import type { AnalysisSettings, HelmInitializationOptions } from '../../../shared/src/settings';
import type { ServerState } from './server-state';

/** What a render in the editor reports back to the server's wiring. */
export interface EditorChartEvents {
  /** A chart's render replaced or restored files in the analyser: open documents must be re-checked. */
  readonly rendered: () => void;
  /** Said once per session: helm is missing, or the workspace is untrusted. */
  readonly notice: (message: string) => void;
  /** Reports a running render (`$/progress`); returns its end. */
  readonly progress: (title: string) => Promise<() => void>;
}

interface ChartRun {
  running: boolean;
  /** A change arrived while a render ran: render once more when it ends. */
  dirty: boolean;
}

/**
 * Renders the workspace's charts in the background for the editor: once when indexed, again when
 * one of a chart's files is edited (with the unsaved text of open files), coalescing changes so that
 * at most one render per chart is in flight. A rendered chart's templates leave the analyser and its
 * rendered files take their place; a chart that fails comes back as written.
 */
export class EditorCharts {
  readonly charts = new RenderedCharts();
  private readonly runs = new Map<string, ChartRun>();
  /** Template files a chart's render took out of the analyser, to put back if it stops rendering. */
  private readonly removed = new Map<string, string[]>();
  private helm: string | undefined;
  private blocked: string | undefined;
  private noticeGiven = false;
  private readonly chartFolders = new Map<string, boolean>();

  constructor(
    private readonly state: ServerState,
    private readonly events: EditorChartEvents,
  ) {}

  configure(options: HelmInitializationOptions | undefined): void {
    this.helm = findHelm(options?.path);
    this.blocked =
      options?.enable === false
        ? 'off'
        : options?.trusted === false
          ? 'Graceful: this workspace is not trusted, so Helm charts are not rendered; they are checked as written.'
          : this.helm === undefined
            ? `Graceful: helm not found${options?.path ? ` at ${options.path}` : ' on PATH'}: Helm charts are checked as written, not as deployed. Install helm or set graceful.helm.path (user settings).`
            : undefined;
  }

  /** The outermost chart a file belongs to (its templates, values, Chart.yaml or vendored subcharts). */
  chartOf(path: string): string | undefined {
    // Asked on every keystroke in any YAML file: which folders hold a Chart.yaml is remembered until one changes.
    if (path.endsWith('/Chart.yaml')) this.chartFolders.clear();
    let found: string | undefined;
    for (let at = path.lastIndexOf('/'); at > 0; at = path.lastIndexOf('/', at - 1)) {
      const dir = path.slice(0, at);
      let has = this.chartFolders.get(dir);
      if (has === undefined) this.chartFolders.set(dir, (has = this.exists(`${dir}/Chart.yaml`)));
      if (has) found = dir;
    }
    return found;
  }

  /** Renders the charts a set of indexed files belongs to. */
  indexed(paths: readonly string[]): void {
    for (const chart of chartFolders(paths, (p) => this.exists(p))) this.schedule(chart);
  }

  /** A chart file was opened or edited: re-render its chart (opening renders only a chart not rendered yet). */
  touched(path: string, opened: boolean): void {
    const chart = this.chartOf(path);
    if (chart === undefined || (opened && this.runs.has(chart))) return;
    this.schedule(chart);
  }

  /** A `.graceful.yaml` changed (its `helm` values may have): re-renders every chart rendered so far. */
  configChanged(): void {
    for (const chart of this.runs.keys()) this.schedule(chart);
  }

  /** Whether the analyser holds this file's rendered output instead of its text. */
  replaces(path: string): boolean {
    return this.charts.replaces(path);
  }

  /**
   * The analysis to show for a chart file: mapped findings of a template, problems of a Chart.yaml.
   * `settings`: those the caller resolved for `path`; the template's rendered output is judged with them.
   */
  analysisFor(path: string, settings: AnalysisSettings): FileAnalysis | undefined {
    const problems = this.charts.problems.filter((p) => p.path === path);
    if (!this.replaces(path))
      return problems.length > 0 ? { path, kind: 'yaml', findings: this.state.analyzer.analyze(path, settings)?.findings ?? [], problems } : undefined;
    const chart = this.chartOf(path);
    // A replaced file lies in a rendered chart; were its Chart.yaml gone, it has no rendered files to map.
    if (chart === undefined) return { path, kind: 'yaml', findings: [], problems };
    const findings: Finding[] =
      this.charts
        .mappedFindings(
          this.state.analyzer,
          () => settings,
          (p) => this.state.fs.readText(p),
          this.charts.renderedPaths(chart),
        )
        .get(path) ?? [];
    return { path, kind: 'yaml', findings, problems };
  }

  /**
   * Quick fixes for a finding on a template: its exact fixes (see map-findings.ts; some set a key in
   * `values.yaml` instead) and fix all of its rule when it has several, then "ignore for this line"
   * (helm keeps the comment). Fixes hold for the text the chart was rendered from: while an edit awaits
   * its render, only the ignore comment is offered. Undefined for a file that is not a rendered template.
   */
  templateActions(path: string, finding: Finding, text: string, findings: readonly Finding[]): FileAction[] | undefined {
    if (!this.replaces(path)) return undefined;
    const fresh = this.charts.renderedFrom(path) === text;
    const fixes = fresh ? [...(finding.fixes ?? [])].sort((a, b) => Number(Boolean(b.preferred)) - Number(Boolean(a.preferred))) : [];
    const actions: FileAction[] = fixes.map(fixAction);
    const textOf = (p: string) => (p === path ? text : this.state.fs.readText(p));
    const all = fresh && rulesWithPreferredFixes(findings, 2).has(finding.ruleId) ? chartFixAllAction(findings, path, textOf, finding.ruleId) : undefined;
    if (all) actions.push(all);
    const lines = new LineIndex(text);
    const ignore = ignoreLineEdit(text, lines.positionAt(finding.range.start).line, finding.ruleId, lines);
    if (ignore) actions.push({ title: `Ignore ${finding.ruleId} for this line`, kind: 'quickfix', edits: [ignore] });
    return actions;
  }

  private schedule(chart: string): void {
    if (this.blocked !== undefined) {
      if (!this.noticeGiven && this.blocked !== 'off') this.events.notice(this.blocked);
      this.noticeGiven = true;
      return;
    }
    const run = this.runs.get(chart) ?? { running: false, dirty: false };
    this.runs.set(chart, run);
    if (run.running) {
      run.dirty = true;
      return;
    }
    void this.render(chart, run);
  }

  private async render(chart: string, run: ChartRun): Promise<void> {
    run.running = true;
    run.dirty = false;
    const done = await this.events.progress(`Graceful: rendering ${chart.slice(chart.lastIndexOf('/') + 1)} with helm`);
    try {
      const config = this.configOf(chart);
      // helm is known whenever a render is scheduled, unless configure() lost it meanwhile.
      const helm = this.helm;
      if (helm === undefined || config?.helm?.off) {
        this.restore(chart);
        return;
      }
      const values = chartValues(config?.helm, config?.folder ?? chart, chart);
      const result = await renderChart({
        chartDir: chart,
        helm,
        valuesFiles: values.values,
        set: values.set,
        textOf: (p) => this.state.fs.openDocument(p)?.getText(),
      });
      for (const path of this.charts.renderedPaths(chart)) this.state.analyzer.removeFile(path);
      this.charts.add(chart, result);
      if (result.ok) {
        const templates = [...this.state.analyzer.paths()].filter((path) => isChartTemplatePath(chart, path));
        for (const path of templates) this.state.analyzer.removeFile(path);
        this.removed.set(chart, [...new Set([...(this.removed.get(chart) ?? []), ...templates])]);
        this.charts.addTo(this.state.analyzer);
      } else this.restore(chart);
      this.events.rendered();
    } finally {
      done();
      run.running = false;
      if (run.dirty) void this.render(chart, run);
    }
  }

  /** Puts a chart's templates back as written (open ones with their unsaved text). */
  private restore(chart: string): void {
    for (const path of this.charts.renderedPaths(chart)) this.state.analyzer.removeFile(path);
    this.charts.remove(chart);
    for (const path of this.removed.get(chart) ?? []) this.state.syncFromDisk(path);
    this.removed.delete(chart);
    for (const document of this.state.documents.all()) {
      const path = this.state.paths.pathOf(document.uri);
      if (isChartTemplatePath(chart, path)) this.state.syncDocument(document);
    }
  }

  private configOf(chart: string): ConfigFile | undefined {
    return this.state.settings.configFor(chart);
  }

  private exists(path: string): boolean {
    if (this.state.fs.openDocument(path)) return true;
    const disk = this.state.paths.diskPath(path);
    return disk !== undefined && existsSync(disk);
  }
}
