import type { OffsetRange } from '../types';
import type { RenderedMarker } from './template-markers';
import { startsWithNewline } from './template-actions';
import { separatesDocuments, type TemplateAnatomy } from './template-lines';

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
 * A marked line comes from its marker's template line: literally, unless that line's printing
 * directive starts a new line (`key: {{- toYaml . | nindent 2 }}`), whose output ends on the marker.
 * The unmarked lines before it were printed by the template lines since the previous marker: a line
 * whose text a directive-free template line there has maps to it (in order), the text before a
 * trailing `nindent` directive maps to its line, and the rest is the output of the nearest printing
 * directive after the last line matched.
 */
export function originsFromMarkers(
  lineCount: number,
  markers: ReadonlyMap<number, RenderedMarker>,
  anatomy: TemplateAnatomy,
  renderedLines: readonly string[],
): (LineOrigin | undefined)[] {
  const origins: (LineOrigin | undefined)[] = new Array(lineCount).fill(undefined);
  const marked = [...markers.keys()].filter((i) => i < lineCount).sort((a, b) => a - b);
  if (marked.length === 0) return origins;
  let previous = -1;
  // A document starts after the template's `---` line before its first marker (several documents may come from one template).
  const [firstIndex] = marked;
  const firstMarker = firstIndex === undefined ? undefined : markers.get(firstIndex);
  if (!firstMarker) return origins;
  let before = 0;
  for (let l = firstMarker.line - 1; l > 0; l--) {
    if (separatesDocuments(anatomy, l)) {
      before = l;
      break;
    }
  }
  for (const next of [...marked, lineCount]) {
    const marker = next < lineCount ? markers.get(next) : undefined;
    const after = marker ? marker.line : anatomy.lines.length;
    if (marker) origins[next] = { line: after, kind: anatomy.lines[after - 1]?.literal && !endsInNewlineDirective(anatomy, after) ? 'literal' : 'directive' };
    let matched = before;
    for (let i = previous + 1; i < next; i++) {
      const rendered = renderedLines[i];
      if (rendered === undefined) continue;
      const origin = gapOrigin(anatomy, rendered.trim(), matched, after, next < lineCount);
      if (!origin) continue;
      origins[i] = origin;
      if (origin.kind === 'literal') matched = origin.line;
    }
    previous = next;
    before = after;
  }
  return origins;
}

function endsInNewlineDirective(anatomy: TemplateAnatomy, line: number): boolean {
  const info = anatomy.lines[line - 1];
  if (!info) return false;
  const last = [...anatomy.actions].reverse().find((a) => a.start >= info.start && a.end <= info.end && a.kind === 'output');
  return last !== undefined && info.directive?.start === last.start && startsWithNewline(last) && anatomy.text.slice(last.end, info.end).trim() === '';
}

function gapOrigin(anatomy: TemplateAnatomy, text: string, matched: number, after: number, closed: boolean): LineOrigin | undefined {
  // A line printing no value: its text without its (control) actions is what it renders.
  const written = (l: number) => {
    const info = anatomy.lines[l - 1];
    if (!info || !info.literal || info.output || info.inDefine || info.endsInAction) return undefined;
    let out = '';
    let at = info.start;
    for (const a of anatomy.actions) {
      if (a.end <= info.start || a.start >= info.end) continue;
      out += anatomy.text.slice(at, Math.max(at, a.start));
      at = a.end;
    }
    return (out + anatomy.text.slice(at, info.end)).trim();
  };
  for (let l = matched + 1; l <= after; l++) if (text !== '' && written(l) === text) return { line: l, kind: 'literal' };
  const closing = anatomy.lines[after - 1];
  // endsInNewlineDirective holds only for a line with a directive.
  if (closed && closing?.directive && endsInNewlineDirective(anatomy, after)) {
    if (text !== '' && anatomy.text.slice(closing.start, closing.directive.start).trim() === text) return { line: after, kind: 'literal' };
    // The closing line's output starts on a new line and ends on the marker: what follows the last
    // line matched is that output. An earlier printing line may sit in a block that rendered nothing.
    if (!closing.inDefine) return { line: after, kind: 'directive' };
  }
  // A line printing text outside any `define`.
  const prints = (l: number) => {
    const info = anatomy.lines[l - 1];
    return info !== undefined && info.output && !info.inDefine;
  };
  for (let l = matched + 1; l <= after; l++) if (prints(l)) return { line: l, kind: 'directive' };
  for (let l = after; l > 0; l--) if (prints(l)) return { line: l, kind: 'directive' };
  return after > 0 ? { line: after, kind: 'directive' } : undefined;
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
    const only = found?.length === 1 ? found[0] : undefined;
    return only === undefined ? { line: objectLine, kind: 'object' } : { line: only, kind: 'literal' };
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
