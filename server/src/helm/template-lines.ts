import { templateActions, valuesPaths, type TemplateAction } from './template-actions';

/** What one line of a template holds, for mapping rendered lines back to it. */
export interface TemplateLine {
  /** Offset of the line's first character in the template. */
  readonly start: number;
  /** Offset of its end (before `\r\n` or `\n`). */
  readonly end: number;
  /** Text outside actions other than whitespace: the line is written literally (values may fill parts of it). */
  readonly literal: boolean;
  /** The line holds an action that prints text. */
  readonly output: boolean;
  /** Offset range of the line's last printing action, when it has one. */
  readonly directive?: { readonly start: number; readonly end: number };
  /** The `.Values` key the line's printing action reads (through `with`/`range` for a bare `.`), when exactly one. */
  readonly valuesKey?: string;
  /** The `define` that the line's printing action includes (`include "app.labels"`, `template "app.name"`), when exactly one. */
  readonly helper?: string;
  /** Inside a `define` block: printed only where it is included. */
  readonly inDefine: boolean;
  /** The line ends inside an action (a multi-line `{{ }}`). */
  readonly endsInAction: boolean;
}

/** A template split into lines with what each holds, and its actions. */
export interface TemplateAnatomy {
  readonly text: string;
  readonly lines: readonly TemplateLine[];
  readonly actions: readonly TemplateAction[];
}

/** Whether a template line (one-based) is a document separator (`---`): a document of the output starts after it. */
export function separatesDocuments(anatomy: TemplateAnatomy, line: number): boolean {
  const info = anatomy.lines[line - 1];
  return info !== undefined && anatomy.text.startsWith('---', info.start);
}

/** Reads a template's lines: which are literal, which print values, which sit inside `define`. */
export function templateAnatomy(text: string): TemplateAnatomy {
  const actions = templateActions(text);
  const lines: TemplateLine[] = [];
  // Open blocks, innermost last: their keyword and the values key of their subject (for `with`/`range`).
  const blocks: { keyword: string; subject: string | undefined }[] = [];
  let next = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const end = lineEnd > lineStart && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const defining = () => blocks.some((b) => b.keyword === 'define' || b.keyword === 'block');
    const definingAtStart = defining();
    let literal = false;
    let output = false;
    let directive: TemplateLine['directive'];
    let valuesKey: string | undefined;
    let helper: string | undefined;
    let cursor = lineStart;
    let endsInAction = false;
    while (next < actions.length) {
      const action = actions[next];
      if (!action || action.start >= end) break;
      if (action.start < lineStart) {
        // An action that began on an earlier line.
        cursor = Math.max(cursor, action.end);
        if (action.end > end) {
          endsInAction = true;
          break;
        }
        next++;
        continue;
      }
      if (text.slice(cursor, action.start).trim() !== '') literal = true;
      if (action.kind === 'output') {
        output = true;
        directive = { start: action.start, end: action.end };
        valuesKey = keyOf(action, blocks);
        helper = helperOf(action.body);
      } else if (action.kind === 'open' && action.keyword !== undefined) {
        // classify gives every `open` action its keyword.
        const paths = valuesPaths(action.body);
        blocks.push({
          keyword: action.keyword,
          subject: paths.length === 1 && (action.keyword === 'with' || action.keyword === 'range') ? paths[0] : undefined,
        });
      } else if (action.kind === 'end') blocks.pop();
      cursor = action.end;
      if (action.end > end) {
        endsInAction = true;
        break;
      }
      next++;
    }
    if (!endsInAction && text.slice(cursor, end).trim() !== '') literal = true;
    lines.push({
      start: lineStart,
      end,
      literal,
      output,
      ...(directive && { directive }),
      ...(valuesKey && { valuesKey }),
      ...(helper && { helper }),
      inDefine: definingAtStart || defining(),
      endsInAction,
    });
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return { text, lines, actions };
}

/** The one `.Values` key an action prints: named in it, or the subject of the enclosing `with`/`range` for a bare `.`. */
function keyOf(action: TemplateAction, blocks: readonly { keyword: string; subject: string | undefined }[]): string | undefined {
  const paths = valuesPaths(action.body);
  if (paths.length === 1) return paths[0];
  if (paths.length > 1) return undefined;
  // `toYaml .` inside `with .Values.x`: the dot is the block's subject.
  if (!/(?:^|[\s(|])\.(?:[\s)|]|$)/.test(action.body)) return undefined;
  for (const block of [...blocks].reverse()) {
    if (block.keyword === 'with' || block.keyword === 'range') return block.subject;
    if (block.keyword === 'define' || block.keyword === 'block') return undefined;
  }
  return undefined;
}

/** The one `define` an action calls through `include` or `template`, when it names exactly one. */
function helperOf(body: string): string | undefined {
  const names = new Set([...body.matchAll(/(?:^|[\s(|])(?:include|template)\s+"([^"\\]+)"/g)].map(([, name]) => name));
  return names.size === 1 ? [...names][0] : undefined;
}
