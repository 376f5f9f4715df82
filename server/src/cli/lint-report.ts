import { relative } from 'node:path';
import type { FileReport, RuleFailure } from './disk-workspace';
import type { Locator } from './locations';
import { toAnalysisPath } from '../workspace/walk';

/** Everything a format needs to print one run. */
export interface LintReport {
  readonly files: readonly FileReport[];
  readonly ruleFailures: readonly RuleFailure[];
  readonly locator: Locator;
  /** The folder paths are shown relative to. */
  readonly cwd: string;
}

/** Counts over a report. File problems (unreadable, not YAML) count as errors: kubectl would reject the file too. */
export interface Summary {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly hints: number;
  /** Files that could not be read or parsed. */
  readonly problems: number;
  /** Findings with a preferred fix that `--fix` would apply. */
  readonly fixable: number;
  readonly fixesApplied: number;
}

export function summarize(files: readonly FileReport[]): Summary {
  const count = (severity: string) => files.reduce((n, f) => n + f.findings.filter((x) => x.severity === severity).length, 0);
  const problems = files.reduce((n, f) => n + f.problems.length, 0);
  return {
    files: files.length,
    errors: count('error') + problems,
    warnings: count('warning'),
    infos: count('info'),
    hints: count('hint'),
    problems,
    fixable: files.reduce((n, f) => n + f.findings.filter((x) => x.fixes?.some((fix) => fix.preferred)).length, 0),
    fixesApplied: files.reduce((n, f) => n + f.fixesApplied, 0),
  };
}

/** A path relative to `cwd`, with `/` separators (how SARIF and people want it). */
export function displayPath(path: string, cwd: string): string {
  return toAnalysisPath(relative(cwd, path)) || '.';
}
