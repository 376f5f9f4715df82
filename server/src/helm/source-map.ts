import type { OffsetRange } from '../types';
import type { RenderedMarker } from './template-markers';
import type { TemplateAnatomy } from './template-lines';

/**
 * Where a rendered line came from in its template (one-based `line`):
 * - `literal`: the template line itself, written out (values may fill parts of it);
 * - `directive`: text a directive printed (`toYaml .Values.x`, `include`), reported at the directive's line;
 * - `object`: not traceable to one line (`# Source:` text that is not unique): the object's first line.
 */
export interface LineOrigin {
  readonly line: number;
  readonly kind: 'literal' | 'directive' | 'object';
}

/**
 * Origins of one rendered document's lines from the markers they carry (see template-markers).
 * A line without a marker was printed by a template line between the previous marker and the
 * next one: when only literal, action-free lines lie between them, line for line, it is one of
 * those; otherwise it is the output of the last printing directive there.
 */
export function originsFromMarkers(lineCount: number, markers: ReadonlyMap<number, RenderedMarker>, anatomy: TemplateAnatomy): (LineOrigin | undefined)[] {
  const origins: (LineOrigin | undefined)[] = new Array(lineCount).fill(undefined);
  const marked = [...markers.keys()].filter((i) => i < lineCount).sort((a, b) => a - b);
  if (marked.length === 0) return origins;
  const kindOf = (line: number): LineOrigin['kind'] => (anatomy.lines[line - 1]?.literal ? 'literal' : 'directive');
  for (const i of marked) origins[i] = { line: markers.get(i)!.line, kind: kindOf(markers.get(i)!.line) };
  let previous = -1;
  for (const next of [...marked, lineCount]) {
    const gap = next - previous - 1;
    if (gap > 0) {
      const before = previous >= 0 ? markers.get(previous)!.line : 0;
      const after = next < lineCount ? markers.get(next)!.line : undefined;
      for (let k = 1; k <= gap; k++) origins[previous + k] = gapOrigin(anatomy, before, after, k, gap);
    }
    previous = next;
  }
  return origins;
}

function gapOrigin(anatomy: TemplateAnatomy, before: number, after: number | undefined, k: number, gap: number): LineOrigin | undefined {
  const plain = (line: number) => {
    const info = anatomy.lines[line - 1];
    return info !== undefined && !info.output && !info.endsInAction && anatomy.actions.every((a) => a.end <= info.start || a.start >= info.end);
  };
  if (after !== undefined && after - before - 1 === gap) {
    let allPlain = true;
    for (let l = before + 1; l < after; l++) allPlain &&= plain(l);
    if (allPlain) return { line: before + k, kind: 'literal' };
  }
  const last = after ?? anatomy.lines.length;
  for (let l = last; l > before; l--) if (anatomy.lines[l - 1]?.output) return { line: l, kind: 'directive' };
  if (after !== undefined) return { line: after, kind: 'directive' };
  return before > 0 ? { line: before, kind: 'directive' } : undefined;
}

/**
 * Origins from text alone (`helm template` output read from a stream, with `# Source:` comments):
 * a rendered line whose text appears on exactly one template line maps there; others map to the
 * object's first line in the template.
 */
export function originsFromText(renderedLines: readonly string[], anatomy: TemplateAnatomy): LineOrigin[] {
  const byText = new Map<string, number[]>();
  anatomy.lines.forEach((line, i) => {
    const text = anatomy.text.slice(line.start, line.end).trim();
    if (text !== '') byText.set(text, [...(byText.get(text) ?? []), i + 1]);
  });
  const first = anatomy.lines.findIndex((l) => l.literal && !/^\s*(?:#|---)/.test(anatomy.text.slice(l.start, l.end)));
  const objectLine = first === -1 ? 1 : first + 1;
  return renderedLines.map((text) => {
    const found = byText.get(text.trim());
    return found?.length === 1 ? { line: found[0]!, kind: 'literal' } : { line: objectLine, kind: 'object' };
  });
}

/**
 * The range in the template for a rendered range on one line: on a literal line, the same text
 * where the template has it (else the line's text); on a directive's line, the directive; for an
 * object, the line's text.
 */
export function templateRange(anatomy: TemplateAnatomy, origin: LineOrigin, renderedLine: string, column: number, endColumn: number): OffsetRange {
  const info = anatomy.lines[origin.line - 1];
  if (!info) return { start: 0, end: 0 };
  const lineText = anatomy.text.slice(info.start, info.end);
  const indent = lineText.length - lineText.trimStart().length;
  const whole = { start: info.start + indent, end: info.end };
  if (origin.kind === 'directive' && info.directive) return info.directive;
  if (origin.kind !== 'literal') return whole;
  const wanted = renderedLine.slice(column, Math.max(column, endColumn));
  if (wanted.trim() === '') return whole;
  // Prefer the same column (text before any value substitution), else the first occurrence.
  const at = lineText.startsWith(wanted, column) ? column : lineText.indexOf(wanted);
  return at === -1 ? whole : { start: info.start + at, end: info.start + at + wanted.length };
}
