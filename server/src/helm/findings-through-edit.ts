import { minimalEdit } from '../fix/apply-edits';
import type { Finding, OffsetRange, TextEdit } from '../types';

/**
 * A template's findings, mapped from the render of its text `before`, moved onto its text `after`
 * (typed since, not rendered yet): findings before the edited stretch stay, those after it move by
 * the change in length, and those that overlap it are left out (only the render can say what they
 * became). The same for related locations and fix edits in the template; a fix with an edit in the
 * edited stretch is left out. So an edit never shows the previous render's findings on stale lines.
 */
export function findingsThroughEdit(findings: readonly Finding[], path: string, before: string, after: string): Finding[] {
  const edit = minimalEdit(before, after);
  if (!edit) return [...findings];
  const { start, end } = edit.range;
  const delta = after.length - before.length;
  const move = (range: OffsetRange): OffsetRange | undefined =>
    range.end <= start && range.start < start ? range : range.start >= end ? { start: range.start + delta, end: range.end + delta } : undefined;
  const moveEdit = (edit: TextEdit): TextEdit | undefined => {
    const range = edit.range.start === edit.range.end && edit.range.start === start && start === end ? undefined : move(edit.range);
    return range && { ...edit, range };
  };
  return findings.flatMap((finding) => {
    const range = move(finding.range);
    if (!range) return [];
    const related = finding.related?.flatMap((r) => {
      if (r.path !== path) return [r];
      const moved = move(r.range);
      return moved ? [{ ...r, range: moved }] : [];
    });
    const fixes = finding.fixes?.flatMap((fix) => {
      const edits = fix.edits.map(moveEdit);
      return edits.every((e) => e !== undefined) ? [{ ...fix, edits }] : [];
    });
    return [{ ...finding, range, ...(related && { related }), ...(fixes && { fixes }) }];
  });
}
