import type { RuleId } from '../../../shared/src/rule-ids';
import type { AnalysisSettings } from '../../../shared/src/settings';
import { Analyzer, type FileAnalysis } from '../analyzer';
import type { ChartRender } from '../helm/render-chart';
import type { RenderedCharts } from '../helm/rendered-charts';
import { fileKindOf, type FileKind } from '../model/file-kind';
import { POD_SPEC_KINDS } from '../model/pod-spec';
import type { WorkspaceFs } from '../model/workspace-fs';
import { factsKey } from '../model/workspace-index';
import { yamlFacts } from '../model/yaml-facts';
import { parseYamlFile } from '../parse/yaml-file';
import { KINDS_ASKING_ABOUT_WORKLOADS } from '../rules/registry';
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
  /** Files of workloads alone, checked as they were read (see {@link readWorkloadFiles}), until a file changes. */
  private readonly checkedEarly = new Map<string, FileAnalysis>();

  /**
   * `settingsFor`: the settings each file is analysed with (its `.graceful.yaml`, `--rule`).
   * `charts`: rendered Helm charts, whose templates are judged as rendered (see helm/rendered-charts.ts).
   * `allSyntaxErrors`: parse every document for its syntax errors, also those of kinds no rule reads.
   * `reported`: the files a report will show, when not all (`--workspace`): the others only lend their facts.
   * `willFix`: `--fix` will change files through {@link analyzer}, so no file is checked before the report.
   */
  constructor(
    paths: readonly string[],
    readonly settingsFor: (path: string) => AnalysisSettings,
    private readonly charts: RenderedCharts | undefined,
    allSyntaxErrors: boolean,
    options: { readonly reported?: ReadonlySet<string>; readonly willFix?: boolean } = {},
  ) {
    const fs: WorkspaceFs = { readText: (path) => this.analyzer.text(path) ?? this.readOther(path) };
    this.analyzer = new Analyzer({
      fs,
      syntaxProblems: allSyntaxErrors || 'read',
      keepFactOnlyParses: false,
      onRuleError: (ruleId, path, error) => this.ruleFailures.push({ ruleId, path, message: error instanceof Error ? error.message : String(error) }),
    });
    const workloadFiles: string[] = [];
    for (const path of paths) {
      const source = readSource(path);
      if ('problem' in source) {
        this.addProblem({ path, message: source.problem });
        continue;
      }
      if (this.hold(path, source, true)) workloadFiles.push(path);
    }
    charts?.addTo(this.analyzer);
    for (const problem of charts?.problems ?? []) this.addProblem(problem);
    this.readWorkloadFiles(workloadFiles, options);
  }

  /**
   * Files of workloads alone are read after every other file: their checks then have every fact they ask about
   * (no rule on a workload asks about other workloads, see `KINDS_ASKING_ABOUT_WORKLOADS`), so each is checked as
   * soon as it is parsed and its parse let go, rather than kept until the report (on a tree of rendered manifests
   * that is a quarter of the CLI's peak memory, and garbage collection to match). A file no report shows only lets
   * its parse go, and with `--fix`, which changes files through the analyzer, none is checked before the report.
   * Should such a file tell more than workloads after all (a document was not what its `kind:` line said), the
   * files checked so far are checked again with the rest.
   */
  private readWorkloadFiles(paths: readonly string[], options: { readonly reported?: ReadonlySet<string>; readonly willFix?: boolean }): void {
    let early = options.willFix !== true;
    for (const path of paths) {
      this.analyzer.setFile(path, this.sources.get(path)?.text ?? '');
      const file = this.analyzer.yamlFile(path);
      if (!early || !file) continue;
      if (factsKey({ ...yamlFacts(path, file).facts, workloads: [] }).join('') !== '') {
        early = false;
        this.checkedEarly.clear();
        continue;
      }
      const analysis = options.reported?.has(path) === false ? undefined : this.analyzer.analyze(path, this.settingsFor(path));
      if (analysis) this.checkedEarly.set(path, analysis);
      for (const document of file.documents) document.chunk.dropParse();
    }
  }

  /** Adds a file that is not read from disk (standard input), read as `kind` whatever its name. */
  addSource(path: string, source: SourceText, kind: FileKind): void {
    this.sources.set(path, source);
    this.analyzer.setFile(path, source.text, kind);
    this.checkedEarly.clear();
  }

  /**
   * Gives a file read from disk to the analysis, unless its templates are judged as rendered (then only its
   * source is kept) or the analysis reads nothing in it: then only its kinds are noted, and its text, most of
   * the bytes of a tree of CRDs, is left to the garbage collector. With `workloadsLater`, a file of workloads
   * alone is only noted: returns whether it was, and {@link readWorkloadFiles} must then give it to the analysis.
   */
  private hold(path: string, source: SourceText, workloadsLater = false): boolean {
    const replaced = this.charts?.replaces(path) === true;
    const unread = replaced ? undefined : this.analyzer.unreadFileKinds(path, source.text);
    if (unread) {
      this.unread.set(path, unread);
      this.sources.delete(path);
      if (this.analyzer.hasFile(path)) this.analyzer.removeFile(path);
      return false;
    }
    this.unread.delete(path);
    this.sources.set(path, source);
    if (replaced) return false;
    if (workloadsLater && onlyWorkloads(path, source.text)) return true;
    this.analyzer.setFile(path, source.text);
    return false;
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
      const analysis = this.checkedEarly.get(path) ?? this.analyzer.analyze(path, this.settingsFor(path));
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
    if (render) {
      charts.replaceIn(this.analyzer, chartDir, render);
      this.checkedEarly.clear();
    }
    return [...charts.mappedFindings(this.analyzer, this.settingsFor, readText, charts.renderedPaths(chartDir)).values()].flat();
  }

  /** A file `--fix` wrote: later analyses and reports read its new text. */
  rewritten(path: string, source: SourceText): void {
    if (this.sources.has(path) || this.unread.has(path)) this.hold(path, source);
    this.extraFiles.delete(path);
    this.checkedEarly.clear();
  }

  private readOther(path: string): string | undefined {
    if (!this.extraFiles.has(path)) {
      const source = readSource(path);
      this.extraFiles.set(path, 'problem' in source ? undefined : source.text);
    }
    return this.extraFiles.get(path);
  }
}

/** A YAML file whose every document's `kind:` line names a workload kind (a kind with a pod spec). */
function onlyWorkloads(path: string, text: string): boolean {
  if (fileKindOf(path) !== 'yaml') return false;
  return parseYamlFile(text).documents.every(
    (d) => d.rootKind !== undefined && POD_SPEC_KINDS.has(d.rootKind) && !KINDS_ASKING_ABOUT_WORKLOADS.has(d.rootKind),
  );
}
