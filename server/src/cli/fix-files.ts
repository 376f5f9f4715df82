import { applyEdits, editsOverlap } from '../fix/apply-edits';
import type { Analyzer } from '../analyzer';
import type { TextEdit } from '../types';

/** Like ESLint: later passes pick up fixes that overlapped, or that earlier fixes made possible. */
export const MAX_FIX_PASSES = 10;

/** What `--fix` did to one file in memory. */
export interface FixOutcome {
  /** The text after every pass (the original when nothing applied). */
  readonly text: string;
  readonly applied: number;
  /** Why the file must not be written, when a fix misbehaved. */
  readonly refused?: string;
}

/**
 * Applies every preferred fix, pass after pass, to the analyzer's files in memory.
 * Each pass takes a file's preferred fixes in order and skips those that overlap
 * one already taken; then the file is re-analysed (with the rest of the workspace,
 * so cross-file findings see the change). A file whose fix has invalid edits, or
 * whose fixed YAML no longer parses, is put back as it was and marked refused.
 */
export function applyPreferredFixes(analyzer: Analyzer, paths: readonly string[]): Map<string, FixOutcome> {
  const originals = new Map(paths.filter((p) => analyzer.hasFile(p)).map((p) => [p, analyzer.text(p)!]));
  const outcomes = new Map<string, FixOutcome>();
  for (const [path, text] of originals) outcomes.set(path, { text, applied: 0 });
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    let changed = false;
    for (const [path, outcome] of outcomes) {
      if (outcome.refused !== undefined) continue;
      const next = fixPass(analyzer, path);
      if ('refused' in next) {
        outcomes.set(path, { ...outcome, refused: next.refused });
        continue;
      }
      if (next.count === 0 || next.text === outcome.text) continue;
      const errorsBefore = yamlErrorCount(analyzer, path);
      analyzer.setFile(path, next.text);
      if (yamlErrorCount(analyzer, path) > errorsBefore) {
        outcomes.set(path, { ...outcome, refused: 'the fixed file would no longer parse as YAML' });
        continue;
      }
      outcomes.set(path, { text: next.text, applied: outcome.applied + next.count });
      changed = true;
    }
    if (!changed) break;
  }
  for (const [path, outcome] of outcomes) {
    if (outcome.refused === undefined) continue;
    const original = originals.get(path)!;
    analyzer.setFile(path, original);
    outcomes.set(path, { text: original, applied: 0, refused: outcome.refused });
  }
  return outcomes;
}

/** One pass over one file: the text with its non-overlapping preferred fixes applied. */
function fixPass(analyzer: Analyzer, path: string): { text: string; count: number } | { refused: string } {
  const text = analyzer.text(path)!;
  const taken: TextEdit[] = [];
  let count = 0;
  for (const finding of analyzer.analyze(path)?.findings ?? []) {
    const fix = finding.fixes?.find((f) => f.preferred);
    if (!fix || fix.edits.length === 0 || editsOverlap(taken, fix.edits)) continue;
    if (!editsFit(text, fix.edits)) return { refused: `a fix of ${finding.ruleId} ("${fix.title}") has invalid edits` };
    taken.push(...fix.edits);
    count++;
  }
  return { text: count > 0 ? applyEdits(text, taken) : text, count };
}

/** Within the text, and not overlapping one another. */
function editsFit(text: string, edits: readonly TextEdit[]): boolean {
  if (edits.some((e) => e.range.start < 0 || e.range.end > text.length || e.range.start > e.range.end)) return false;
  try {
    applyEdits(text, edits);
    return true;
  } catch {
    return false;
  }
}

/** Parse errors of the masked text: templated documents hide theirs from users, but a fix must not add any. */
function yamlErrorCount(analyzer: Analyzer, path: string): number {
  return analyzer.yamlFile(path)?.documents.reduce((sum, d) => sum + d.doc.errors.length, 0) ?? 0;
}
