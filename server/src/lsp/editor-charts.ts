import { existsSync } from 'node:fs';
import type { FileAnalysis } from '../analyzer';
import { removeStaleCopies } from '../helm/chart-copy';
import { chartFolders } from '../helm/chart-folders';
import { findingsThroughEdit } from '../helm/findings-through-edit';
import { findHelm } from '../helm/find-helm';
import { ChartRenderer } from '../helm/render-chart';
import { RenderPace } from '../helm/render-pace';
import { isChartTemplatePath, RenderedCharts } from '../helm/rendered-charts';
import { chartValues, type ChartValues } from '../helm/helm-config';
import { renderedPathOf } from '../helm/rendered-output';
import { valuesKeySources } from '../helm/values-origin';
import { chartFixAllAction, fixAction, type FileAction } from '../features/code-actions';
import { rulesWithPreferredFixes } from '../features/fix-all';
import type { HoverInfo } from '../features/hover';
import { templateHoverAt } from '../features/template-hover';
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
  /** Whether a change may cancel the running render (see render-pace.ts). */
  readonly pace: RenderPace;
  /** Stops the running render's helm, while helm runs. */
  controller: AbortController | undefined;
  /** The `$/progress` on show, ended when a render lands; a cancelled render hands it to the next. */
  progress: Promise<() => void> | undefined;
  /** What the last render started was asked to use (helm off, values files, `--set`), as `renderInputs` words it. */
  inputs: string | undefined;
  /** The last failure logged, so that a chart that keeps failing the same way is logged once. */
  logged: string | undefined;
}

/**
 * Renders the workspace's charts in the background for the editor: once when indexed, again when
 * one of a chart's files is edited (with the unsaved text of open files), at most one render per
 * chart in flight. A change during a render cancels it and starts the next at once when
 * `RenderPace` allows (a cancelled render reports nothing: no result, problem or progress of its
 * own), else the next render follows when it ends. A rendered chart's templates leave the analyser
 * and its rendered files take their place; a chart that fails comes back as written.
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
  /** Each rendered chart's renderer, which keeps the chart's temporary copy between renders. */
  private readonly renderers = new Map<string, ChartRenderer>();

  constructor(
    private readonly state: ServerState,
    private readonly events: EditorChartEvents,
  ) {}

  configure(options: HelmInitializationOptions | undefined): void {
    this.helm = findHelm(options?.path);
    if (this.helm !== undefined) removeStaleCopies();
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

  /**
   * A file was opened, edited, created or deleted: re-render its chart, and the charts whose configuration
   * names it as a values file, wherever it lies (opening renders only a chart not rendered yet).
   */
  touched(path: string, opened: boolean): void {
    const chart = this.chartOf(path);
    const left = path.endsWith('/Chart.yaml') ? path.slice(0, -'/Chart.yaml'.length) : undefined;
    if (left !== undefined && left !== chart && this.runs.has(left)) this.forget(left);
    const charts = [...this.runs.keys()].filter((dir) => dir !== chart && this.valuesOf(dir).values.includes(path));
    if (chart !== undefined) charts.push(chart);
    for (const dir of charts) if (!(opened && this.runs.has(dir))) this.schedule(dir);
  }

  /**
   * The settings changed (a `.graceful.yaml`, the editor's): re-renders the charts whose values or
   * `--set` pairs changed, or that helm is now on or off for. Other settings change no render.
   */
  configChanged(): void {
    for (const [chart, run] of this.runs) if (run.inputs !== renderInputs(this.configOf(chart), this.valuesOf(chart))) this.schedule(chart);
  }

  /**
   * Whether the analyser should keep the parse of a rendered file: it belongs to a chart with an open
   * file, whose templates' findings are mapped from every rendered file of the chart after each render.
   */
  retainsParse(path: string): boolean {
    const file = this.charts.renderedFile(path);
    const chart = file && this.chartOf(file.template);
    return chart !== undefined && this.state.documents.all().some((d) => this.state.paths.pathOf(d.uri).startsWith(`${chart}/`));
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
    if (!this.replaces(path)) {
      // A rendered chart's Chart.yaml carries the findings of subcharts vendored as archives.
      const archived = path.endsWith('/Chart.yaml') ? this.mappedFindings(path.slice(0, -'/Chart.yaml'.length), path, settings) : [];
      return problems.length > 0 || archived.length > 0
        ? { path, kind: 'yaml', findings: [...(this.state.analyzer.analyze(path, settings)?.findings ?? []), ...archived], problems }
        : undefined;
    }
    const chart = this.chartOf(path);
    // A replaced file lies in a rendered chart; were its Chart.yaml gone, it has no rendered files to map.
    if (chart === undefined) return { path, kind: 'yaml', findings: [], problems };
    const findings = this.mappedFindings(chart, path, settings);
    // Typed since the render: until the next one lands, the findings move through the edit.
    const rendered = this.charts.renderedText(path);
    const current = this.state.fs.openDocument(path)?.getText();
    const shown = rendered !== undefined && current !== undefined ? findingsThroughEdit(findings, path, rendered, current) : findings;
    return { path, kind: 'yaml', findings: shown, problems };
  }

  /** The findings of a chart's render that map to one of its files. */
  private mappedFindings(chart: string, path: string, settings: AnalysisSettings): Finding[] {
    const rendered = this.charts.renderedPaths(chart);
    if (rendered.length === 0) return [];
    return (
      this.charts
        .mappedFindings(
          this.state.analyzer,
          () => settings,
          (p) => this.state.fs.readText(p),
          rendered,
        )
        .get(path) ?? []
    );
  }

  /**
   * Quick fixes for a finding on a template: its exact fixes (see map-findings.ts; some set a key in
   * `values.yaml` instead) and fix all of its rule when it has several, then "ignore for this line"
   * (helm keeps the comment). Fixes hold for the text the chart was rendered from: while an edit awaits
   * its render, only the ignore comment is offered. Undefined for a file that is not a rendered template.
   */
  templateActions(path: string, finding: Finding, text: string, findings: readonly Finding[]): FileAction[] | undefined {
    if (!this.replaces(path)) return undefined;
    const fresh = this.charts.renderedText(path) === text;
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

  /**
   * The hover on a rendered template: its findings, and the shutdown timelines of the objects its
   * line printed with where each value came from (see features/template-hover.ts).
   */
  templateHover(path: string, offset: number, settings: AnalysisSettings): HoverInfo | undefined {
    const chart = this.chartOf(path);
    if (chart === undefined || !this.replaces(path)) return undefined;
    // The values the chart was rendered with. A subchart's template has none here: its values may also
    // come from its parent's files under an alias, so they are not named rather than named wrong.
    const rendered = this.charts.chartOf(path);
    return templateHoverAt(
      {
        analyzer: this.state.analyzer,
        renderedFile: (template) => this.charts.renderedFile(renderedPathOf(template)),
        anatomyOf: (template) => this.charts.anatomyOf(template),
        helperLine: (template, helper, line) => this.charts.helperLine(template, helper, line),
        valuesSources: (key) =>
          rendered
            ? valuesKeySources(key, [`${rendered.dir}/values.yaml`, ...rendered.overrides.valuesFiles], rendered.overrides.set, (p) =>
                this.state.fs.readText(p),
              )
            : [],
        display: (p) => (p.startsWith(`${chart}/`) ? p.slice(chart.length + 1) : p),
        findings: this.analysisFor(path, settings)?.findings ?? [],
      },
      path,
      offset,
      settings,
    );
  }

  private schedule(chart: string): void {
    if (this.blocked !== undefined) {
      if (!this.noticeGiven && this.blocked !== 'off') this.events.notice(this.blocked);
      this.noticeGiven = true;
      return;
    }
    const run = this.runs.get(chart) ?? {
      running: false,
      dirty: false,
      pace: new RenderPace(),
      controller: undefined,
      progress: undefined,
      inputs: undefined,
      logged: undefined,
    };
    this.runs.set(chart, run);
    const cancel = run.pace.changed(performance.now());
    if (run.running) {
      run.dirty = true;
      if (cancel) run.controller?.abort();
      return;
    }
    void this.render(chart, run);
  }

  private async render(chart: string, run: ChartRun): Promise<void> {
    run.running = true;
    run.dirty = false;
    // helm starts in this turn of the event loop; the progress report does not wait for the client to create it.
    run.progress ??= this.events.progress(`Graceful: rendering ${chart.slice(chart.lastIndexOf('/') + 1)} with helm`);
    let cancelled = false;
    try {
      const config = this.configOf(chart);
      const values = this.valuesOf(chart);
      run.inputs = renderInputs(config, values);
      // helm is known whenever a render is scheduled, unless configure() lost it meanwhile.
      const helm = this.helm;
      if (helm === undefined || config?.helm?.off) {
        this.restore(chart);
        this.renderers.get(chart)?.dispose();
        return;
      }
      const openTexts = new Map(this.state.documents.all().map((d) => [this.state.paths.pathOf(d.uri), d.getText()]));
      let renderer = this.renderers.get(chart);
      if (!renderer) this.renderers.set(chart, (renderer = new ChartRenderer(chart)));
      const controller = (run.controller = new AbortController());
      run.pace.started(performance.now());
      const result = await renderer.render({ helm, valuesFiles: values.values, set: values.set, textOf: (p) => openTexts.get(p) }, controller.signal);
      if ('cancelled' in result) {
        cancelled = true;
        run.pace.cancelled();
        return;
      }
      run.pace.finished(performance.now());
      // The chart left while helm ran.
      if (this.runs.get(chart) !== run) return;
      if (result.ok) {
        run.logged = undefined;
        this.charts.replaceIn(this.state.analyzer, chart, result);
        const rendered = new Set(this.charts.renderedPaths(chart));
        const templates = [...this.state.analyzer.paths()].filter((path) => isChartTemplatePath(chart, path) && !rendered.has(path));
        for (const path of templates) this.state.analyzer.removeFile(path);
        this.removed.set(chart, [...new Set([...(this.removed.get(chart) ?? []), ...templates])]);
      } else {
        // Back as written first: that forgets the chart's render, problem included, and the problem is this render's.
        this.restore(chart);
        this.charts.replaceIn(this.state.analyzer, chart, result);
        // The problem sits on Chart.yaml, which is seldom open: the log says it too, once per distinct failure.
        if (run.logged !== result.message) this.state.connection.console.warn(`Graceful: ${chart}: ${result.message}`);
        run.logged = result.message;
      }
      this.events.rendered();
    } finally {
      run.running = false;
      run.controller = undefined;
      const again = run.dirty && this.runs.get(chart) === run;
      if (!(cancelled && again)) {
        void run.progress?.then((done) => done()).catch(() => undefined);
        run.progress = undefined;
      }
      if (again) void this.render(chart, run);
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

  /** A chart is no chart any more (its Chart.yaml is gone): its templates come back as written and its copy goes. */
  private forget(chart: string): void {
    this.runs.get(chart)?.controller?.abort();
    this.runs.delete(chart);
    this.restore(chart);
    this.renderers.get(chart)?.dispose();
    this.renderers.delete(chart);
    this.events.rendered();
  }

  /** Kills the running renders and deletes every temporary copy (the server shuts down or exits): no render follows. */
  dispose(): void {
    for (const run of this.runs.values()) run.controller?.abort();
    this.runs.clear();
    for (const renderer of this.renderers.values()) renderer.dispose();
    this.renderers.clear();
  }

  private configOf(chart: string): ConfigFile | undefined {
    return this.state.settings.configFor(chart);
  }

  /** The values files and `--set` pairs the configuration gives a chart. */
  private valuesOf(chart: string): ChartValues {
    const config = this.configOf(chart);
    return chartValues(config?.helm, config?.folder ?? chart, chart);
  }

  private exists(path: string): boolean {
    if (this.state.fs.openDocument(path)) return true;
    const disk = this.state.paths.diskPath(path);
    return disk !== undefined && existsSync(disk);
  }
}

/** What a chart's render depends on in its configuration, as one string to compare. */
function renderInputs(config: ConfigFile | undefined, values: ChartValues): string {
  return JSON.stringify([config?.helm?.off === true, values.values, values.set]);
}
