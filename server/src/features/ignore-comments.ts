import type { RuleId } from '../../../shared/src/rule-ids';
import type { FileKind } from '../model/file-kind';
import { detectEol, LineIndex } from '../parse/line-index';
import type { TextEdit } from '../types';

/** A whole-line `# graceful-ignore[-file] ids [-- reason]` comment, split where a new id goes. */
const IGNORE_LINE = /^(\s*#\s*graceful-ignore(-file)?)(?=\s|$)(.*?)(\s+--(?:\s.*)?)?$/;

const FILE_MARKER = 'graceful-ignore-file';

/** BuildKit parser directives: they must stay the first lines of a Dockerfile, before any other comment. */
const DOCKERFILE_DIRECTIVE = /^#\s*(?:syntax|escape|check)\s*=/i;

interface IgnoreComment {
  readonly fileLevel: boolean;
  /** Empty: the comment silences every rule. */
  readonly ids: readonly string[];
  /** Where `, RULE` goes: after the last id, before any ` -- reason`. */
  readonly insertAt: number;
}

function ignoreCommentOn(lines: LineIndex, line: number): IgnoreComment | undefined {
  const match = IGNORE_LINE.exec(lines.lineText(line));
  if (!match) return undefined;
  const [, head = '', fileLevel, ids = ''] = match;
  return {
    fileLevel: Boolean(fileLevel),
    ids: ids.split(/[\s,]+/).filter(Boolean),
    insertAt: lines.lineStart(line) + head.length + ids.trimEnd().length,
  };
}

/** Adds `rule` to an ignore comment; undefined when it already silences it (or every rule). */
function mergeInto(comment: IgnoreComment, rule: RuleId): TextEdit | undefined {
  if (comment.ids.length === 0 || comment.ids.includes(rule)) return undefined;
  return { range: { start: comment.insertAt, end: comment.insertAt }, newText: `, ${rule}` };
}

/**
 * `# graceful-ignore RULE` on the line above `line` with that line's indentation,
 * or the rule merged into an ignore comment already there. `lines`: the text's line table.
 */
export function ignoreLineEdit(text: string, line: number, rule: RuleId, lines = new LineIndex(text)): TextEdit | undefined {
  if (line < 0 || line >= lines.lineCount) return undefined;
  const above = line > 0 ? ignoreCommentOn(lines, line - 1) : undefined;
  if (above && !above.fileLevel) return mergeInto(above, rule);
  const indent = /^[ \t]*/.exec(lines.lineText(line))?.[0] ?? '';
  const at = lines.lineStart(line);
  return { range: { start: at, end: at }, newText: `${indent}# graceful-ignore ${rule}${detectEol(text)}` };
}

/**
 * `# graceful-ignore-file RULE` at the top of the file (in a Dockerfile after its
 * parser directives), or the rule merged into the file's first such comment.
 * `lines`: the text's line table.
 */
export function ignoreFileEdit(text: string, kind: FileKind, rule: RuleId, lines = new LineIndex(text)): TextEdit | undefined {
  // Only lines that mention the marker can hold the comment: a string search skips the rest of a large file.
  for (let at = text.indexOf(FILE_MARKER); at !== -1; at = text.indexOf(FILE_MARKER, at + FILE_MARKER.length)) {
    const line = lines.positionAt(at).line;
    const comment = ignoreCommentOn(lines, line);
    if (comment?.fileLevel) return mergeInto(comment, rule);
    at = Math.max(at, lines.lineEnd(line));
  }
  let line = 0;
  if (kind === 'dockerfile') while (line < lines.lineCount && DOCKERFILE_DIRECTIVE.test(lines.lineText(line))) line++;
  const eol = detectEol(text);
  if (line >= lines.lineCount) {
    return { range: { start: text.length, end: text.length }, newText: `${eol}# graceful-ignore-file ${rule}${eol}` };
  }
  const at = lines.lineStart(line);
  return { range: { start: at, end: at }, newText: `# graceful-ignore-file ${rule}${eol}` };
}
