import type { RuleId } from '../../../shared/src/rule-ids';
import type { AnalysisSettings } from '../../../shared/src/settings';
import type { Analyzer } from '../analyzer';
import { minimalEdit } from '../fix/apply-edits';
import { fixText } from '../workspace/fixer';
import type { Finding, TextEdit } from '../types';

/**
 * Applies every preferred fix of the findings `select` picks (all rules when
 * omitted), pass after pass, through the one fixer the CLI's `--fix` uses too (same
 * guards), without touching the analyzer's state. Returns one edit from the current
 * text to the result, or undefined when nothing is fixable or the fixes were refused.
 */
export function fixAll(analyzer: Analyzer, path: string, settings: AnalysisSettings, select?: (finding: Finding) => boolean): TextEdit | undefined {
  const original = analyzer.text(path);
  const outcome = fixText(analyzer, path, settings, select);
  if (original === undefined || !outcome || outcome.refused !== undefined) return undefined;
  return minimalEdit(original, outcome.text);
}

/** Ids of the rules with at least `minimum` findings that have a preferred fix. */
export function rulesWithPreferredFixes(findings: readonly Finding[], minimum: number): Set<RuleId> {
  const counts = new Map<RuleId, number>();
  for (const f of findings) if (f.fixes?.some((x) => x.preferred)) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n >= minimum).map(([id]) => id));
}
