import { startsWithNewline, type TemplateAction } from './template-actions';
import { separatesDocuments, type TemplateAnatomy } from './template-lines';

/**
 * Markers that survive rendering: each safe template line gets a trailing YAML comment
 * ` # @graceful:FILE:LINE`, which helm prints along with the line. After rendering, the markers
 * are stripped again (so the analysed text is what helm renders without them; a marker that a `{{-`
 * glued onto a `---` begins its document) and say, for each
 * rendered line, which template line printed it.
 */
export const MARKER_PATTERN = /(?: |^)# @graceful:(\d+):(\d+)/g;

export function markerText(fileId: number, line: number): string {
  return ` # @graceful:${fileId}:${line}`;
}

/**
 * The template with markers on every line where a trailing comment cannot change what helm
 * renders: lines that print something, end outside an action, lie outside `define` blocks (whose
 * text may be quoted, hashed or trimmed where it is included), are not document separators, and
 * whose newline survives the whitespace trimming of what follows (`{{-` would glue the next
 * output onto the comment). Lines are numbered from 1.
 */
export function markTemplate(anatomy: TemplateAnatomy, fileId: number): string {
  const { text, lines, actions } = anatomy;
  const actionAt = new Map(actions.map((a) => [a.start, a]));
  let out = '';
  let from = 0;
  lines.forEach((line, i) => {
    if (!line.literal && !line.output) return;
    if (line.inDefine || line.endsInAction || separatesDocuments(anatomy, i + 1)) return;
    const last = [...actions].reverse().find((a) => a.end <= line.end && a.start >= line.start);
    if (last?.trimRight && text.slice(last.end, line.end).trim() === '') return;
    if (!newlineSurvives(text, line.end, actionAt)) return;
    out += text.slice(from, line.end) + markerText(fileId, i + 1);
    from = line.end;
  });
  return out + text.slice(from);
}

/** Whether the text after `from` starts a new rendered line, whatever the following actions trim. */
function newlineSurvives(text: string, from: number, actionAt: ReadonlyMap<number, TemplateAction>): boolean {
  let p = from;
  let trimmed = false;
  for (;;) {
    let q = p;
    while (q < text.length && /\s/.test(text.charAt(q))) q++;
    if (q >= text.length) return true;
    const action = actionAt.get(q);
    if (action?.trimLeft) {
      if (action.kind === 'output') return startsWithNewline(action);
      p = action.end;
      trimmed = action.trimRight;
      continue;
    }
    return !trimmed && text.slice(p, q).includes('\n');
  }
}

/** One marker found in rendered text. */
export interface RenderedMarker {
  readonly fileId: number;
  /** One-based template line. */
  readonly line: number;
}

/** Rendered text without its markers, and the markers each of its lines carried (by line index). */
export function stripMarkers(rendered: string): { text: string; markers: Map<number, RenderedMarker> } {
  const markers = new Map<number, RenderedMarker>();
  const lines = rendered.split('\n');
  const out = lines.map((line, i) => {
    if (!line.includes('# @graceful:')) return line;
    let first: RenderedMarker | undefined;
    const stripped = line.replace(MARKER_PATTERN, (_, f: string, l: string) => {
      first ??= { fileId: Number(f), line: Number(l) };
      return '';
    });
    if (first) markers.set(i, first);
    return stripped;
  });
  return { text: out.join('\n'), markers };
}
