import { startsWithNewline } from './template-actions';
import type { TemplateAnatomy } from './template-lines';

/**
 * Whether lines inserted after template line `after` (one-based) at indentation `indent` keep their
 * meaning whatever the values, not only with the values the chart was rendered with. The lines
 * between `after` and `until` (exclusive) rendered nothing this time; under other values they may.
 * One that renders deeper than the insertion would become part of the inserted block (an item of a
 * list that a condition appends, after an inserted `lifecycle:`), unless a line no deeper than the
 * insertion renders before it whenever it renders (a `volumeMounts:` key that its items follow).
 */
export function insertionKeepsMeaning(anatomy: TemplateAnatomy, after: number, until: number, indent: number): boolean {
  const { lines, actions } = anatomy;
  const first = lines[after];
  if (!first) return true;
  // Control blocks opened within the gap, innermost last, each segment with its own id (`else` starts a new one).
  const stack: number[] = [];
  let segments = 0;
  // Segments in which a line no deeper than the insertion renders, given that segment renders.
  const anchored = new Set<string>();
  const pathOf = () => stack.join('/');
  let next = actions.findIndex((a) => a.start >= first.start);
  if (next === -1) next = actions.length;
  for (let l = after + 1; l < until; l++) {
    const line = lines[l - 1];
    if (!line || line.inDefine) continue;
    const depth = renderedIndent(anatomy, l);
    if (line.literal || line.output) {
      if (depth === undefined) return false;
      if (depth <= indent) anchored.add(pathOf());
      else if (!pathPrefixes(pathOf()).some((p) => anchored.has(p))) return false;
    }
    for (; next < actions.length; next++) {
      const action = actions[next];
      if (!action || action.start >= line.end) break;
      if (action.kind === 'open') stack.push(++segments);
      else if (action.kind === 'else') {
        // An `else` of a block the inserted line rendered in: it renders only when that line does not.
        if (stack.length === 0) return false;
        stack[stack.length - 1] = ++segments;
      } else if (action.kind === 'end') {
        // Closing a block opened before the gap leaves a block that rendered: lines after it render with the insertion.
        stack.pop();
      }
    }
  }
  return true;
}

/** The path and every enclosing path of a segment path (`1/3` → `1/3`, `1`, ``). */
function pathPrefixes(path: string): string[] {
  const parts = path === '' ? [] : path.split('/');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('/')).concat('');
}

/** The indentation a template line renders at: its leading spaces, or a leading `nindent N` directive's N. */
function renderedIndent(anatomy: TemplateAnatomy, lineNumber: number): number | undefined {
  const line = anatomy.lines[lineNumber - 1];
  if (!line) return undefined;
  const raw = anatomy.text.slice(line.start, line.end);
  const lead = raw.length - raw.trimStart().length;
  if (!raw.trimStart().startsWith('{{')) return lead;
  // The line starts with an action: only a printing one that starts a new line at a known indentation is placed.
  const action = anatomy.actions.find((a) => a.start === line.start + lead);
  if (action?.kind !== 'output' || !startsWithNewline(action)) return line.literal || line.output ? undefined : lead;
  const n = /\bnindent\s+(\d+)\s*$/.exec(action.body)?.[1];
  return n === undefined ? undefined : Number(n);
}
