import { resolve } from 'node:path';
import { DEFAULT_SETTINGS, type AnalysisSettings } from '../../../shared/src/settings';
import { ConfigFiles, formatConfigError, readConfigFromDisk, type ConfigFile } from '../config/config-files';
import { mergeSettings } from '../config/settings';
import type { LintOptions } from './arguments';
import { DiskWorkspace, type FileReport } from './disk-workspace';
import { findFiles, toAnalysisPath } from './find-files';
import { applyPreferredFixes } from './fix-files';
import { formatJson } from './formats/json';
import { formatSarif } from './formats/sarif';
import { ANSI_STYLES, formatFixSummary, formatText, NO_STYLES } from './formats/text';
import { summarize, type LintReport } from './lint-report';
import { Locator } from './locations';
import { encodeSource } from './read-source';
import { writeFileAtomic } from './write-file-atomic';

/** Where a command writes, and how. */
export interface Io {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly color: boolean;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** `graceful lint`: returns the exit status. */
export function runLint(options: LintOptions, io: Io): number {
  const cwd = toAnalysisPath(io.cwd);
  const configs = new ConfigFiles(readConfigFromDisk, options.config === undefined ? undefined : toAnalysisPath(resolve(cwd, options.config)));
  if (options.config !== undefined) configs.forFolder(cwd);
  const found = findFiles(options.paths, cwd, (path) => configs.isIgnored(path));
  const configErrors = configs.errors();
  if (configErrors.length > 0) {
    io.stderr(`${configErrors.map((e) => `graceful: ${formatConfigError(e)}`).join('\n')}\ngraceful: fix the configuration above; nothing was linted.\n`);
    return EXIT_USAGE;
  }
  if (found.files.length === 0 && found.missing.length === options.paths.length) {
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
  const workspace = new DiskWorkspace(found.files, settingsFor, options.syntaxErrors);
  for (const input of found.missing) workspace.addProblem({ path: toAnalysisPath(resolve(cwd, input)), message: 'no such file or directory' });
  for (const problem of found.problems) workspace.addProblem(problem);
  const fixesApplied = options.fix ? fixAndWrite(workspace) : new Map<string, number>();

  const files = workspace.report(fixesApplied);
  const counts = summarize(files);
  const shown: FileReport[] = options.quiet ? files.map((f) => ({ ...f, findings: f.findings.filter((x) => x.severity === 'error') })) : files;
  const report: LintReport = { files: shown, ruleFailures: workspace.ruleFailures, locator: new Locator((p) => workspace.textOf(p)), cwd };
  if (options.format === 'json') io.stdout(formatJson(report));
  else if (options.format === 'sarif') io.stdout(formatSarif(report));
  else io.stdout(formatFixSummary(report) + formatText(report, io.color ? ANSI_STYLES : NO_STYLES));
  if (options.format !== 'text') io.stderr(formatFixSummary(report));
  for (const failure of workspace.ruleFailures) io.stderr(`graceful: internal error: rule ${failure.ruleId} failed on ${failure.path}: ${failure.message}\n`);

  const tooManyWarnings = options.maxWarnings !== undefined && counts.warnings > options.maxWarnings;
  if (tooManyWarnings) io.stderr(`graceful: ${counts.warnings} warnings exceed --max-warnings ${options.maxWarnings}${options.quiet ? ' (warnings hidden by --quiet still count)' : ''}\n`);
  return counts.errors > 0 || tooManyWarnings ? EXIT_FAILED : EXIT_OK;
}

/**
 * `--fix`: applies preferred fixes in memory, then writes each changed file
 * atomically, unless it changed on disk meanwhile or a fix misbehaved; such a
 * file is left untouched, reported, and analysed as it was.
 */
function fixAndWrite(workspace: DiskWorkspace): Map<string, number> {
  const written = new Map<string, number>();
  for (const [path, outcome] of applyPreferredFixes(workspace.analyzer, [...workspace.sources.keys()])) {
    const source = workspace.sources.get(path)!;
    const failure = outcome.refused ?? (outcome.applied > 0 ? writeFileAtomic(path, source.bytes, encodeSource(outcome.text, source.bom)) : undefined);
    if (failure === undefined) {
      if (outcome.applied > 0) written.set(path, outcome.applied);
      continue;
    }
    workspace.analyzer.setFile(path, source.text);
    workspace.addProblem({ path, message: `fixes not written: ${failure}` });
  }
  return written;
}
