import { lastIndex } from '../parse/line-index';
import type { OffsetRange } from '../types';
import type { RenderedFile } from './rendered-output';
import type { TemplateAnatomy } from './template-lines';

/** The one-based template line that holds an offset (the last line for an offset past the end). */
export function templateLineAt(anatomy: TemplateAnatomy, offset: number): number {
  const { lines } = anatomy;
  return (
    Math.max(
      0,
      lastIndex(lines.length, (i) => (lines[i]?.start ?? Infinity) <= offset),
    ) + 1
  );
}

/**
 * The zero-based lines of a rendered file that one template line printed (literally, or as the
 * output of its directive): the reverse of `locate` in map-findings. A template line inside a
 * `range` prints one line per object; a control line (`{{- if }}`) prints none.
 */
export function renderedLinesOf(file: RenderedFile, template: string, line: number): number[] {
  const out: number[] = [];
  file.lines.forEach((source, i) => {
    if (source?.template === template && source.origin.kind !== 'object' && source.origin.line === line) out.push(i);
  });
  return out;
}

/**
 * The range a hover on a template line describes: the line's printing directive when the offset
 * is in it, else the line's text without its indentation.
 */
export function templateLineRange(anatomy: TemplateAnatomy, line: number, offset: number): OffsetRange | undefined {
  const info = anatomy.lines[line - 1];
  if (!info) return undefined;
  if (info.directive && info.directive.start <= offset && offset <= info.directive.end) return info.directive;
  const text = anatomy.text.slice(info.start, info.end);
  const start = info.start + text.length - text.trimStart().length;
  return start < info.end ? { start, end: info.end } : undefined;
}
