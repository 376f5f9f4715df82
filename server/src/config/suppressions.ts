import { isRuleId, type RuleId } from '../../../shared/src/rule-ids';
import type { FileKind } from '../model/file-kind';

/** Rules silenced somewhere: a set of ids, or every rule. */
export type Silenced = ReadonlySet<RuleId> | 'all';

export interface Suppressions {
  /** Rules silenced for the whole file. */
  readonly file: Silenced | undefined;
  /** Rules silenced per zero-based line. */
  readonly lines: ReadonlyMap<number, Silenced>;
}

export const IGNORE_ANNOTATION = 'graceful.dev/ignore';

/** The marker of a suppression comment: `# graceful-ignore` or `# graceful-ignore-file`, then a space or the end. */
const MARKER = /#\s*graceful-ignore(-file)?(?=\s|$)/;

/** Where the reason starts: ` -- ` (or ` --` at the end). */
const REASON = /\s--(?:\s|$)/;

/**
 * One `# graceful-ignore[-file] [RULE[, RULE]] [-- reason]` comment in a line: the one
 * definition of the grammar, read by the analysis (what is silenced) and by the
 * editor features that write such comments (where another id goes).
 */
export interface IgnoreDirective {
  /** Offset of the `#` in the line. */
  readonly at: number;
  readonly fileLevel: boolean;
  /** The ids as written, unknown ones included; none means every rule. */
  readonly ids: readonly string[];
  /** Offset in the line just after the last id (or the marker): where `, RULE` goes, before any reason. */
  readonly idsEnd: number;
  /** Nothing but blanks before the comment. */
  readonly wholeLine: boolean;
}

/** The suppression comment in `line` (without its line break), if any. */
export function ignoreDirectiveIn(line: string): IgnoreDirective | undefined {
  const marker = MARKER.exec(line);
  if (!marker) return undefined;
  const afterMarker = marker.index + marker[0].length;
  const rest = line.slice(afterMarker).replace(/\r$/, '');
  const reason = REASON.exec(rest);
  const list = reason ? rest.slice(0, reason.index) : rest;
  return {
    at: marker.index,
    fileLevel: marker[1] !== undefined,
    ids: list.split(/[\s,]+/).filter(Boolean),
    idsEnd: afterMarker + list.trimEnd().length,
    wholeLine: line.slice(0, marker.index).trim() === '',
  };
}

/** The rules that ids silence: none means all rules; unknown ids are skipped. */
function silencedBy(ids: readonly string[]): Silenced {
  return ids.length === 0 ? 'all' : new Set(ids.filter(isRuleId));
}

function merge(a: Silenced | undefined, b: Silenced): Silenced {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...(a ?? []), ...b]);
}

/**
 * Finds `# graceful-ignore` comments. A comment on its own line silences the
 * next line; in YAML a comment after content silences its own line (Dockerfile
 * comments are whole lines only).
 */
export function parseSuppressions(text: string, kind: FileKind): Suppressions {
  let file: Silenced | undefined;
  const lines = new Map<number, Silenced>();
  if (!text.includes('graceful-ignore')) return { file, lines };
  const all = text.split('\n');
  all.forEach((line, index) => {
    if (!line.includes('graceful-ignore')) return;
    const directive = ignoreDirectiveIn(line);
    if (!directive) return;
    const { wholeLine } = directive;
    if (kind === 'dockerfile' && !wholeLine) return;
    // In YAML a `#` starts a comment only after a blank: `a#graceful-ignore` is text.
    if (kind === 'yaml' && !wholeLine && !/\s/.test(line[directive.at - 1] ?? '')) return;
    const silenced = silencedBy(directive.ids);
    if (directive.fileLevel) {
      file = merge(file, silenced);
      return;
    }
    const target = wholeLine ? index + 1 : index;
    lines.set(target, merge(lines.get(target), silenced));
  });
  return { file, lines };
}

export function isSilenced(silenced: Silenced | undefined, rule: RuleId): boolean {
  return silenced === 'all' || (silenced !== undefined && silenced.has(rule));
}

/** Rules silenced by an object's `graceful.dev/ignore` annotation. */
export function annotationSilenced(annotations: Readonly<Record<string, string>> | undefined): Silenced | undefined {
  const value = annotations?.[IGNORE_ANNOTATION];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' || trimmed === '*' || trimmed === 'all' ? 'all' : silencedBy(trimmed.split(/[\s,]+/).filter(Boolean));
}
