import type { RuleId } from '../../../shared/src/rule-ids';
import type { AnalysisSettings } from '../../../shared/src/settings';
import { Analyzer } from '../analyzer';
import type { ChartRender } from '../helm/render-chart';
import type { RenderedCharts } from '../helm/rendered-charts';
import type { FileKind } from '../model/file-kind';
import type { WorkspaceFs } from '../model/workspace-fs';
import type { FileProblem, Finding } from '../types';
import { readSource, type SourceText } from '../workspace/source';

/** A rule that threw: a bug in Graceful, reported without stopping the run. */
export interface RuleFailure {
  readonly ruleId: RuleId;
  readonly path: string;
  readonly message: string;
}

/** What one file yields: findings, or the problems that kept it from being analysed. */
export interface FileReport {
  /** Absolute, `/`-separated. */
  readonly path: string;
  readonly findings: readonly Finding[];
  readonly problems: readonly FileProblem[];
  /** Fixes `--fix` wrote into this file. */
  readonly fixesApplied: number;
  /** The kind of each document that no rule reads, so not checked (nor parsed, without `--syntax-errors`). */
  readonly skippedKinds: readonly string[];
}

/**
 * The files of one `graceful lint` run, read from disk into one Analyzer so
 * cross-file rules see them all. Other files the rules ask for (entrypoint
 * scripts in a build context) are read from disk on demand.
 */
export class DiskWorkspace {
  readonly analyzer: Analyzer;
  /** The files as read at the start of the run, but for those the analysis reads nothing in (`unread`). */
  readonly sources = new Map<string, SourceText>();
  /** YAML files whose every document is of a kind nothing reads, with those kinds: their texts are not kept. */
  private readonly unread = new Map<string, readonly string[]>();
  readonly ruleFailures: RuleFailure[] = [];
  private readonly extraProblems = new Map<string, FileProblem[]>();
  private readonly extraFiles = new Map<string, string | undefined>();

  /**
   * `settingsFor`: the settings each file is analysed with (its `.graceful.yaml`, `--rule`).
   * `charts`: rendered Helm charts, whose templates are judged as rendered (see helm/rendered-charts.ts).
   * `allSyntaxErrors`: parse every document for its syntax errors, also those of kinds no rule reads.
   */
  constructor(
    paths: readonly string[],
    readonly settingsFor: (path: string) => AnalysisSettings,
    private readonly charts: RenderedCharts | undefined,
    allSyntaxErrors: boolean,
  ) {
    const fs: WorkspaceFs = { readText: (path) => this.analyzer.text(path) ?? this.readOther(path) };
    this.analyzer = new Analyzer({
      fs,
      syntaxProblems: allSyntaxErrors || 'read',
      keepFactOnlyParses: false,
      onRuleError: (ruleId, path, error) => this.ruleFailures.push({ ruleId, path, message: error instanceof Error ? error.message : String(error) }),
    });
    for (const path of paths) {
      const source = readSource(path);
      if ('problem' in source) {
        this.addProblem({ path, message: source.problem });
        continue;
      }
      this.hold(path, source);
    }
    charts?.addTo(this.analyzer);
    for (const problem of charts?.problems ?? []) this.addProblem(problem);
  }

  /** Adds a file that is not read from disk (standard input), read as `kind` whatever its name. */
  addSource(path: string, source: SourceText, kind: FileKind): void {
    this.sources.set(path, source);
    this.analyzer.setFile(path, source.text, kind);
  }

  /**
   * Gives a file read from disk to the analysis, unless its templates are judged as rendered (then only its
   * source is kept) or the analysis reads nothing in it: then only its kinds are noted, and its text, most of
   * the bytes of a tree of CRDs, is left to the garbage collector.
   */
  private hold(path: string, source: SourceText): void {
    const replaced = this.charts?.replaces(path) === true;
    const unread = replaced ? undefined : this.analyzer.unreadFileKinds(path, source.text);
    if (unread) {
      this.unread.set(path, unread);
      this.sources.delete(path);
      if (this.analyzer.hasFile(path)) this.analyzer.removeFile(path);
      return;
    }
    this.unread.delete(path);
    this.sources.set(path, source);
    if (!replaced) this.analyzer.setFile(path, source.text);
  }

  /** Reports a problem found outside the analysis: a file that could not be read, or fixes that were not written. */
  addProblem(problem: FileProblem): void {
    this.extraProblems.set(problem.path, [...(this.extraProblems.get(problem.path) ?? []), problem]);
  }

  /** The text of a workspace file as analysed now, or of another file as on disk. */
  textOf(path: string): string | undefined {
    return this.analyzer.text(path) ?? this.sources.get(path)?.text ?? this.readOther(path);
  }

  /**
   * Analyses every file (or those in `only`: the rest were read for cross-file facts);
   * files that could not be read appear with their problems. Sorted by path.
   */
  report(fixesApplied: ReadonlyMap<string, number> = new Map(), only?: ReadonlySet<string>): FileReport[] {
    const paths = [...new Set([...this.sources.keys(), ...this.unread.keys(), ...this.extraProblems.keys()])].filter((path) => !only || only.has(path)).sort();
    const chartFindings = this.charts?.mappedFindings(this.analyzer, this.settingsFor, (p) => this.textOf(p));
    return paths.map((path) => {
      const analysis = this.analyzer.analyze(path, this.settingsFor(path));
      return {
        path,
        // A chart's Chart.yaml (not replaced) adds the findings of its subcharts vendored as archives.
        findings: this.charts?.replaces(path) ? (chartFindings?.get(path) ?? []) : [...(analysis?.findings ?? []), ...(chartFindings?.get(path) ?? [])],
        problems: [...(analysis?.problems ?? []), ...(this.extraProblems.get(path) ?? [])],
        fixesApplied: fixesApplied.get(path) ?? 0,
        skippedKinds: this.unread.get(path) ?? this.analyzer.unreadKinds(path),
      };
    });
  }

  /** The charts whose templates this workspace judges as rendered. */
  renderedCharts(): string[] {
    return [...(this.charts?.renderedCharts() ?? [])];
  }

  /** The rendered texts of a chart as the analysis holds them. */
  renderedTexts(chartDir: string): string[] {
    return (this.charts?.renderedPaths(chartDir) ?? []).flatMap((p) => this.charts?.renderedFile(p)?.text ?? []);
  }

  /**
   * Makes `render` a chart's render in the analysis (`--fix` trying edits; undefined: keep the current one)
   * and returns its findings mapped to the chart's files, reading chart files (values.yaml) through `readText`.
   */
  chartFindings(chartDir: string, render: ChartRender | undefined, readText: (path: string) => string | undefined): Finding[] {
    const charts = this.charts;
    if (!charts) return [];
    if (render) charts.replaceIn(this.analyzer, chartDir, render);
    return [...charts.mappedFindings(this.analyzer, this.settingsFor, readText, charts.renderedPaths(chartDir)).values()].flat();
  }

  /** A file `--fix` wrote: later analyses and reports read its new text. */
  rewritten(path: string, source: SourceText): void {
    if (this.sources.has(path) || this.unread.has(path)) this.hold(path, source);
    this.extraFiles.delete(path);
  }

  private readOther(path: string): string | undefined {
    if (!this.extraFiles.has(path)) {
      const source = readSource(path);
      this.extraFiles.set(path, 'problem' in source ? undefined : source.text);
    }
    return this.extraFiles.get(path);
  }
}
