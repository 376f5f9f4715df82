import type { RuleId } from '../../../shared/src/rule-ids';
import { ignoreDirectiveIn } from '../config/suppressions';
import type { FileKind } from '../model/file-kind';
import { detectEol, LineIndex } from '../parse/line-index';
import type { TextEdit } from '../types';

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

/** The whole-line suppression comment on `line`, if any (one after content stays as the user wrote it). */
function ignoreCommentOn(lines: LineIndex, line: number): IgnoreComment | undefined {
  const directive = ignoreDirectiveIn(lines.lineText(line));
  if (!directive?.wholeLine) return undefined;
  return { fileLevel: directive.fileLevel, ids: directive.ids, insertAt: lines.lineStart(line) + directive.idsEnd };
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
  // The pattern matches every line (possibly empty), so the fallback never applies.
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
