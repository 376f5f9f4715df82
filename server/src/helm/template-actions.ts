/**
 * A light lexer for Go templates (what helm renders): finds the `{{ }}` actions of a template
 * and what each one does to the text around it. Enough to place markers safely and to name the
 * values a directive reads; not a parser of pipelines.
 */

/** What an action emits: nothing (control flow, comments, assignments) or text. */
export type ActionKind = 'comment' | 'open' | 'else' | 'end' | 'silent' | 'output';

export interface TemplateAction {
  /** Offset of `{{`. */
  readonly start: number;
  /** Offset just after `}}`. */
  readonly end: number;
  /** `{{-`: trims the whitespace (newlines included) before the action. */
  readonly trimLeft: boolean;
  /** `-}}`: trims the whitespace after it. */
  readonly trimRight: boolean;
  /** The text between the delimiters and their trim markers. */
  readonly body: string;
  readonly kind: ActionKind;
  /** For `open`: `if`, `with`, `range`, `define` or `block`. */
  readonly keyword?: string;
}

const OPENERS = new Set(['if', 'with', 'range', 'define', 'block']);

/** Every action of a template, in order. An unterminated action runs to the end of the text. */
export function templateActions(text: string): TemplateAction[] {
  const actions: TemplateAction[] = [];
  let at = text.indexOf('{{');
  while (at !== -1) {
    const trimLeft = /^\{\{-[ \t\r\n]/.test(text.slice(at, at + 4));
    const bodyStart = at + (trimLeft ? 3 : 2);
    const close = closingOf(text, bodyStart);
    const trimRight = close > bodyStart && /[ \t\r\n]-$/.test(text.slice(close - 2, close));
    const bodyEnd = trimRight ? close - 2 : close;
    const end = Math.min(text.length, close + 2);
    const body = text.slice(bodyStart, bodyEnd).trim();
    actions.push({ start: at, end, trimLeft, trimRight, body, ...classify(body) });
    at = text.indexOf('{{', end);
  }
  return actions;
}

/** Offset of the `}}` that closes an action whose body starts at `from`, skipping strings and comments. */
function closingOf(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '}' && text[i + 1] === '}') return i;
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 2;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '`') {
      const close = text.indexOf('`', i + 1);
      i = close === -1 ? text.length : close + 1;
    } else i++;
  }
  return text.length;
}

function classify(body: string): { kind: ActionKind; keyword?: string } {
  if (body.startsWith('/*')) return { kind: 'comment' };
  const word = /^[a-z]+/.exec(body)?.[0];
  if (word && OPENERS.has(word)) return { kind: 'open', keyword: word };
  if (word === 'else') return { kind: 'else' };
  if (word === 'end') return { kind: 'end' };
  if (word === 'break' || word === 'continue') return { kind: 'silent' };
  // `$x := ...` and `$x = ...` assign and print nothing.
  if (/^\$[\w]*\s*:?=(?!=)/.test(body)) return { kind: 'silent' };
  return { kind: 'output' };
}

/** Whether an output action's text starts with a newline (its pipeline ends in `nindent`). */
export function startsWithNewline(action: TemplateAction): boolean {
  const last = action.body.slice(action.body.lastIndexOf('|') + 1).trim();
  return /^nindent\s/.test(last);
}

/**
 * `.Values` paths an action reads directly (`.Values.image.tag`, `$.Values.x`), in order.
 * Index expressions and computed keys are not followed.
 */
export function valuesPaths(body: string): string[] {
  return [...body.matchAll(/(?:^|[^\w.$])\$?\.Values((?:\.[A-Za-z_]\w*)+)/g)].flatMap(([, path]) => (path === undefined ? [] : [path.slice(1)]));
}
