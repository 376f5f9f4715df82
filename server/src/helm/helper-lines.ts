import type { RelatedLocation } from '../types';
import type { TemplateAnatomy } from './template-lines';

/** Helper files (`_helpers.tpl`): never rendered into manifests themselves, they hold the `define`s templates include. */
export function isHelperFile(relativePath: string): boolean {
  return /^(?:charts\/[^/]+\/)*templates\/(?:[^/]+\/)*_[^/]*\.tpl$/.test(relativePath);
}

/** One written line of a `define` body: the file, its range without indentation. */
interface WrittenLine {
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

/** The action-free lines of every `define` of a chart, by define name, then by their text (trimmed). */
export type ChartDefines = ReadonlyMap<string, ReadonlyMap<string, readonly WrittenLine[]>>;

/**
 * Reads the `define` blocks of a chart's templates and helpers (helm shares them across a chart and
 * its subcharts): for each, the lines it writes as they are, holding no action at all.
 */
export function chartDefines(anatomies: Iterable<readonly [string, TemplateAnatomy]>): ChartDefines {
  const out = new Map<string, Map<string, WrittenLine[]>>();
  for (const [path, anatomy] of anatomies) {
    for (const { name, start, end } of defineBodies(anatomy)) {
      const lines = out.get(name) ?? new Map<string, WrittenLine[]>();
      out.set(name, lines);
      for (const line of anatomy.lines) {
        if (line.start < start || line.end > end || anatomy.actions.some((a) => a.start < line.end && a.end > line.start)) continue;
        const text = anatomy.text.slice(line.start, line.end);
        const trimmed = text.trim();
        if (trimmed === '') continue;
        const at = line.start + text.indexOf(trimmed);
        lines.set(trimmed, [...(lines.get(trimmed) ?? []), { path, start: at, end: at + trimmed.length }]);
      }
    }
  }
  return out;
}

/** The text between each `define "NAME"` (or `block "NAME"`) action and its `end`. */
function defineBodies(anatomy: TemplateAnatomy): { name: string; start: number; end: number }[] {
  const bodies: { name: string; start: number; end: number }[] = [];
  const open: { name: string | undefined; start: number }[] = [];
  for (const action of anatomy.actions) {
    if (action.kind === 'open') open.push({ name: /^(?:define|block)\s+"([^"\\]+)"/.exec(action.body)?.[1], start: action.end });
    else if (action.kind === 'end') {
      const block = open.pop();
      if (block?.name !== undefined) bodies.push({ name: block.name, start: block.start, end: action.start });
    }
  }
  return bodies;
}

/**
 * Where a helper wrote a rendered line that its `include` printed: the one line of that `define`
 * written as the rendered text, when no other line of any `define` of the chart has the same text
 * (a nested `include` could have printed it otherwise). Undefined when that is not sure.
 */
export function helperLineOf(defines: ChartDefines, helper: string, renderedLine: string): RelatedLocation | undefined {
  const text = renderedLine.trim();
  const found = defines.get(helper)?.get(text);
  if (text === '' || found?.length !== 1) return undefined;
  let count = 0;
  for (const lines of defines.values()) count += lines.get(text)?.length ?? 0;
  const [line] = found;
  return count === 1 && line
    ? { path: line.path, range: { start: line.start, end: line.end }, message: `\`include "${helper}"\` writes this line` }
    : undefined;
}
