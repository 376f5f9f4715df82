import type { RuleId } from '../../../shared/src/rule-ids';
import type { Analyzer } from '../analyzer';
import { applyEdits, editsOverlap } from '../fix/apply-edits';
import type { FileKind } from '../model/file-kind';
import type { Finding, TextEdit } from '../types';

/** Enough passes for fixes that unlock others (a preStop that then needs a longer grace period). */
const MAX_PASSES = 10;

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
 * Runs `fn` while the analyzer holds `text` for `path`, then puts the original
 * back, so that a what-if analysis sees the rest of the workspace as it is.
 * `kind` doubles as the language id, keeping a file opened as `dockerfile` one.
 */
function withText<T>(analyzer: Analyzer, path: string, kind: FileKind, text: string, fn: () => T): T {
  const original = analyzer.text(path);
  analyzer.setFile(path, text, kind);
  try {
    return fn();
  } finally {
    if (original === undefined) analyzer.removeFile(path);
    else analyzer.setFile(path, original, kind);
  }
}

/**
 * Applies every preferred fix of the findings `select` picks (all rules when
 * omitted), pass after pass, re-analysing between passes because one fix moves
 * the text under the others. Returns one edit from the current text to the
 * result, or undefined when nothing is fixable.
 */
export function fixAll(analyzer: Analyzer, path: string, select: (finding: Finding) => boolean = () => true): TextEdit | undefined {
  const original = analyzer.text(path);
  const first = analyzer.analyze(path);
  if (original === undefined || !first) return undefined;
  let text = original;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const findings = pass === 0 ? first.findings : withText(analyzer, path, first.kind, text, () => analyzer.analyze(path)?.findings);
    const chosen: TextEdit[] = [];
    for (const finding of findings ?? []) {
      const fix = select(finding) ? finding.fixes?.find((f) => f.preferred) : undefined;
      if (!fix || fix.edits.length === 0 || editsOverlap(chosen, fix.edits)) continue;
      chosen.push(...fix.edits);
    }
    if (chosen.length === 0) break;
    const next = applyEdits(text, chosen);
    if (next === text) break;
    text = next;
  }
  return minimalEdit(original, text);
}

/** Ids of the rules with at least `minimum` findings that have a preferred fix. */
export function rulesWithPreferredFixes(findings: readonly Finding[], minimum: number): Set<RuleId> {
  const counts = new Map<RuleId, number>();
  for (const f of findings) if (f.fixes?.some((x) => x.preferred)) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n >= minimum).map(([id]) => id));
}
