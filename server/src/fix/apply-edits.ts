import type { TextEdit } from '../types';

/** Applies non-overlapping edits to a text (in any order); throws if they overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.range.start < cursor) throw new Error('overlapping edits');
    out += text.slice(cursor, edit.range.start) + edit.newText;
    cursor = edit.range.end;
  }
  return out + text.slice(cursor);
}

/** Whether two edit lists touch overlapping ranges (insertions at the same point overlap too). */
export function editsOverlap(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  return a.some((x) => b.some((y) => x.range.start <= y.range.end && y.range.start <= x.range.end));
}

/** The single edit that turns `before` into `after` (at `offset` in a larger text): the span between their common prefix and suffix. */
export function minimalEdit(before: string, after: string, offset = 0): TextEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shortest - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { range: { start: offset + start, end: offset + before.length - end }, newText: after.slice(start, after.length - end) };
}
