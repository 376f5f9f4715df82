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

const DIRECTIVE = /#\s*graceful-ignore(-file)?(?=\s|$)([^\r\n]*)$/;

/** Reads `RULE, RULE -- reason`: the ids before ` -- `; none means all rules. Unknown ids are skipped. */
function parseRuleList(text: string): Silenced {
  const ids = text.split(/\s--(?:\s|$)/)[0]!.split(/[\s,]+/).filter(Boolean);
  if (ids.length === 0) return 'all';
  return new Set(ids.filter(isRuleId));
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
    const match = DIRECTIVE.exec(line);
    if (!match) return;
    const before = line.slice(0, match.index);
    const wholeLine = before.trim() === '';
    if (kind === 'dockerfile' && !wholeLine) return;
    if (kind === 'yaml' && !wholeLine && !/\s$/.test(before)) return;
    const silenced = parseRuleList(match[2]!);
    if (match[1]) {
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
  return trimmed === '' || trimmed === '*' || trimmed === 'all' ? 'all' : parseRuleList(trimmed.replace(/,/g, ' '));
}
