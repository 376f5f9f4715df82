import type { RuleId } from '../../../shared/src/rule-ids';
import type { AnalysisSettings } from '../../../shared/src/settings';
import type { Analyzer } from '../analyzer';
import { fixText } from '../workspace/fixer';
import type { Finding, TextEdit } from '../types';

/** The single edit that turns `before` into `after`: the span between their common prefix and suffix. */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shortest - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { range: { start, end: before.length - end }, newText: after.slice(start, after.length - end) };
}

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
