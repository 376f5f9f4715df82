import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SETTINGS, type AnalysisSettings } from '../../../shared/src/settings';
import { ConfigFiles, formatConfigError, readConfigFromDisk, type ConfigFile } from '../config/config-files';
import { mergeSettings } from '../config/settings';
import { findHelm } from '../helm/find-helm';
import { helmSourceOrigins } from '../helm/source-comments';
import { fixChart } from '../helm/fix-chart';
import { isChartTemplatePath } from '../helm/rendered-charts';
import { chartRenderer, renderWorkspaceCharts } from '../helm/render-workspace-charts';
import { STDIN_PATH, type Format, type LintOptions } from './arguments';
import { withoutControlledCopies } from './controlled-objects';
import { DiskWorkspace, type FileReport } from './disk-workspace';
import { formatGithub } from './formats/github';
import { formatGitlab } from './formats/gitlab';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { ANSI_STYLES, formatFixSummary, formatText, NO_STYLES } from './formats/text';
import { summarize, type LintReport } from './lint-report';
import { Locator } from './locations';
import { readStdinInput, STDIN_DISPLAY_NAME } from './stdin-input';
import { fixFiles } from '../workspace/fixer';
import { IgnoreRules } from '../workspace/ignore-rules';
import { encodeSource, fsProblem, readSource, type SourceText } from '../workspace/source';
import { toAnalysisPath, walkSync } from '../workspace/walk';
import { writeFileAtomic, writeFilesAtomic } from './write-file-atomic';

/** Where a command writes, and how. */
export interface Io {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly color: boolean;
  /** Reads all of standard input (for the `-` path). */
  readonly readStdin: () => Buffer;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** `graceful lint`: returns the exit status (asynchronously: charts render with helm as child processes). */
export async function runLint(options: LintOptions, io: Io): Promise<number> {
  const cwd = toAnalysisPath(io.cwd);
  const configs = new ConfigFiles(readConfigFromDisk, options.config === undefined ? undefined : toAnalysisPath(resolve(cwd, options.config)));
  if (options.config !== undefined) configs.forFolder(cwd);
  const fileArgs = options.paths.filter((p) => p !== STDIN_PATH);
  const roots = [...fileArgs, ...(options.workspace === undefined ? [] : [options.workspace])].map((p) => toAnalysisPath(resolve(cwd, p)));
  const ignoreRules = new IgnoreRules(roots, { configs });
  const found = walkSync(fileArgs, cwd, ignoreRules);
  // Rendered documents are reported at their sources (helm template's `# Source:`).
  const stdin = options.paths.includes(STDIN_PATH) ? readStdinInput(cwd, options.stdinFilename, io.readStdin, helmSourceOrigins(cwd)) : undefined;
  const indexed = options.workspace === undefined ? undefined : walkSync([options.workspace], cwd, ignoreRules);
  // Loaded now so that a broken .graceful.yaml beside the stream's name is reported like any other.
  if (stdin && 'path' in stdin) configs.forFile(stdin.path);
  const configErrors = configs.errors();
  if (configErrors.length > 0) {
    io.stderr(`${configErrors.map((e) => `graceful: ${formatConfigError(e)}`).join('\n')}\ngraceful: fix the configuration above; nothing was linted.\n`);
    return EXIT_USAGE;
  }
  if (indexed && indexed.missing.length > 0) {
    io.stderr(`graceful: --workspace ${options.workspace}: no such folder\n`);
    return EXIT_USAGE;
  }
  if (!stdin && found.files.length === 0 && found.missing.length === fileArgs.length) {
    io.stderr(found.missing.map((p) => `graceful: ${p}: no such file or directory\n`).join(''));
    return EXIT_USAGE;
  }

  const settings = new Map<ConfigFile | undefined, AnalysisSettings>();
  const settingsFor = (path: string) => {
    const config = configs.forFile(path);
    let resolved = settings.get(config);
    if (!resolved) settings.set(config, (resolved = mergeSettings(DEFAULT_SETTINGS, config?.settings ?? {}, { rules: options.rules })));
    return resolved;
  };
  // Standard input named like a file on disk stands in for it, as an editor's unsaved buffer does.
  const stdinPath = stdin && 'path' in stdin ? stdin.path : undefined;
  const onDisk = [...new Set([...found.files, ...(indexed?.files ?? [])])].filter((path) => path !== stdinPath).sort();
  const helm = options.helm.path === undefined ? findHelm(undefined) : findHelm(resolve(cwd, options.helm.path));
  if (options.helm.path !== undefined && helm === undefined && !options.helm.off) {
    io.stderr(`graceful: --helm ${options.helm.path}: not an executable file\n`);
    return EXIT_USAGE;
  }
  const helmOptions = {
    off: options.helm.off,
    extra: { values: options.helm.values.map((v) => resolve(cwd, v)), set: options.helm.set },
    configFor: (dir: string) => configs.forFolder(dir),
  };
  const rendered = await renderWorkspaceCharts(onDisk, { ...helmOptions, helm });
  if (rendered.notice) io.stderr(`graceful: ${rendered.notice}\n`);
  const problems = [...found.missing.map((input) => ({ path: toAnalysisPath(resolve(cwd, input)), message: 'no such file or directory' })), ...found.problems];
  if (stdin && !('path' in stdin)) problems.push({ path: `${cwd}/${STDIN_DISPLAY_NAME}`, message: stdin.problem });
  // With --workspace the other files only lend their facts: what is reported is what was named.
  const only = indexed ? new Set([...found.files, ...(stdinPath ? [stdinPath] : []), ...problems.map((p) => p.path)]) : undefined;
  const workspace = new DiskWorkspace(onDisk, settingsFor, rendered.charts, options.syntaxErrors, { reported: only, willFix: options.fix });
  if (stdin && 'path' in stdin) workspace.addSource(stdin.path, stdin.source, stdin.kind);
  for (const problem of problems) workspace.addProblem(problem);
  const chartFixes =
    options.fix && helm !== undefined ? await fixChartsAndWrite(workspace, chartRenderer({ ...helmOptions, helm }), only) : new Map<string, number>();
  const fixesApplied = options.fix ? new Map([...chartFixes, ...fixAndWrite(workspace, only)]) : new Map<string, number>();

  const files = withoutControlledCopies(workspace.report(fixesApplied, only), (path) => workspace.analyzer.yamlFile(path));
  const counts = summarize(files);
  const shown: FileReport[] = options.quiet ? files.map((f) => ({ ...f, findings: f.findings.filter((x) => x.severity === 'error') })) : files;
  const locator = new Locator({
    cwd,
    textOf: (p) => workspace.textOf(p),
    yamlFileOf: (p) => workspace.analyzer.yamlFile(p),
    lineIndexOf: (p, text) => workspace.analyzer.lineIndex(p, text),
    ...(stdin && 'path' in stdin ? { stdin } : {}),
  });
  const report: LintReport = { files: shown, ruleFailures: workspace.ruleFailures, locator, cwd };
  const unwritten = writeReports(report, options.outputs, io);
  if (!options.outputs.some((o) => o.format === 'text' && o.file === undefined)) io.stderr(formatFixSummary(report));
  for (const failure of workspace.ruleFailures) io.stderr(`graceful: internal error: rule ${failure.ruleId} failed on ${failure.path}: ${failure.message}\n`);

  const tooManyWarnings = options.maxWarnings !== undefined && counts.warnings > options.maxWarnings;
  if (tooManyWarnings)
    io.stderr(
      `graceful: ${counts.warnings} warnings exceed --max-warnings ${options.maxWarnings}${options.quiet ? ' (warnings hidden by --quiet still count)' : ''}\n`,
    );
  if (unwritten) return EXIT_USAGE;
  return counts.errors > 0 || tooManyWarnings ? EXIT_FAILED : EXIT_OK;
}

/** Writes each requested report; returns whether one of the files could not be written. */
function writeReports(report: LintReport, outputs: LintOptions['outputs'], io: Io): boolean {
  let failed = false;
  for (const { format, file } of outputs) {
    const text =
      format === 'text' ? formatFixSummary(report) + formatText(report, io.color && file === undefined ? ANSI_STYLES : NO_STYLES) : FORMATTERS[format](report);
    if (file === undefined) {
      io.stdout(text);
      continue;
    }
    try {
      writeFileSync(resolve(io.cwd, file), text);
    } catch (error) {
      io.stderr(`graceful: cannot write the ${format} report to ${file}: ${fsProblem(error)}\n`);
      failed = true;
    }
  }
  return failed;
}

const FORMATTERS: Record<Exclude<Format, 'text'>, (report: LintReport) => string> = {
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  gitlab: formatGitlab,
};

/**
 * `--fix` on rendered charts, before other files (whose cross-file findings then see the fixed render):
 * each chart's fixes applied in memory and re-rendered pass after pass (helm/fix-chart.ts), then its
 * changed files (templates, values.yaml) written together, unless one changed on disk meanwhile, a fix
 * misbehaved or the result does not render; such a chart is left untouched, reported on its
 * `Chart.yaml`, and analysed as it was. Returns the fixes applied by file.
 */
async function fixChartsAndWrite(
  workspace: DiskWorkspace,
  render: ReturnType<typeof chartRenderer>,
  only: ReadonlySet<string> | undefined,
): Promise<Map<string, number>> {
  const written = new Map<string, number>();
  for (const chart of workspace.renderedCharts()) {
    if (only && ![...only].some((path) => isChartTemplatePath(chart, path))) continue;
    const originals = new Map<string, SourceText>();
    const readText = (path: string) => {
      const known = originals.get(path);
      if (known) return known.text;
      const source = workspace.sources.get(path) ?? readSource(path);
      if ('problem' in source) return undefined;
      originals.set(path, source);
      return source.text;
    };
    const outcome = await fixChart({
      render: (textOf) => render(chart, textOf),
      findings: (next, textOf) => workspace.chartFindings(chart, next, textOf),
      readText,
      renderedTexts: workspace.renderedTexts(chart),
    });
    const writes = [...outcome.texts].flatMap(([path, text]) => {
      const original = originals.get(path);
      return original
        ? [{ path, expected: encodeSource(original.text, original.bom), content: encodeSource(text, original.bom), text, bom: original.bom }]
        : [];
    });
    const failure = outcome.refused ?? (writes.length > 0 ? writeFilesAtomic(writes) : undefined);
    if (failure === undefined) {
      for (const w of writes) workspace.rewritten(w.path, { text: w.text, bom: w.bom });
      for (const [path, count] of outcome.applied) written.set(path, count);
      continue;
    }
    // The analysis may hold a render of edits that were not written: the chart as on disk goes back.
    workspace.chartFindings(chart, await render(chart), readText);
    workspace.addProblem({ path: `${chart}/Chart.yaml`, message: `fixes not written: ${failure}` });
  }
  return written;
}

/**
 * `--fix`: applies preferred fixes in memory, then writes each changed file
 * atomically, unless it changed on disk meanwhile or a fix misbehaved; such a
 * file is left untouched, reported, and analysed as it was.
 */
function fixAndWrite(workspace: DiskWorkspace, only: ReadonlySet<string> | undefined): Map<string, number> {
  const written = new Map<string, number>();
  const paths = [...workspace.sources.keys()].filter((path) => !only || only.has(path));
  for (const [path, outcome] of fixFiles(workspace.analyzer, paths, workspace.settingsFor)) {
    const source = workspace.sources.get(path);
    if (!source) continue;
    const failure =
      outcome.refused ??
      (outcome.applied > 0 ? writeFileAtomic(path, encodeSource(source.text, source.bom), encodeSource(outcome.text, source.bom)) : undefined);
    if (failure === undefined) {
      if (outcome.applied > 0) written.set(path, outcome.applied);
      continue;
    }
    workspace.analyzer.setFile(path, source.text);
    workspace.addProblem({ path, message: `fixes not written: ${failure}` });
  }
  return written;
}
