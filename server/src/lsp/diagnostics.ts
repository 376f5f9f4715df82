import { DiagnosticSeverity, type CodeDescription, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver/node';
import { DIAGNOSTIC_SOURCE } from '../../../shared/src/protocol';
import { ruleDocUrl, type RuleId } from '../../../shared/src/rule-ids';
import type { Severity } from '../../../shared/src/settings';
import { placedFindings, type FileAnalysis, type FindingMover } from '../analyzer';
import { sameLineRange, type LineIndex } from '../parse/line-index';
import type { Finding, OffsetRange, RelatedLocation } from '../types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** One link object per rule, shared by its diagnostics (a chart has hundreds of each). */
const codeDescriptions = new Map<string, CodeDescription>();

function codeDescriptionOf(ruleId: RuleId): CodeDescription {
  let description = codeDescriptions.get(ruleId);
  if (!description) codeDescriptions.set(ruleId, (description = Object.freeze({ href: ruleDocUrl(ruleId) })));
  return description;
}

export function toRange(lines: LineIndex, range: OffsetRange): Range {
  return lines.rangeAt(range.start, range.end);
}

/** Line tables and URIs of the files that related locations point into. */
export interface RelatedFiles {
  locate(path: string): { uri: string; lines: LineIndex } | undefined;
}

/**
 * The diagnostic last built for each finding. A finding keeps its object while its document is unchanged
 * (see `placedFindings`), so after a keystroke in a chart nearly every diagnostic equals one already sent:
 * it is sent again as the same frozen object, and the encoder writes the JSON it kept for it
 * (`ReusedBufferEncoder`). Diagnostics carry no `data` for this reason: the code, range and message a
 * diagnostic already has find its finding again (`findingFor`), and anything tied to a version or to
 * offsets would make every diagnostic below an edit new.
 */
export class DiagnosticReuse {
  private readonly byFinding = new WeakMap<Finding, Diagnostic>();

  /** The diagnostic built last for `finding`, to be checked against where it is now. */
  previous(finding: Finding): Diagnostic | undefined {
    return this.byFinding.get(finding);
  }

  /** Keeps a new diagnostic of `finding`, frozen. */
  keep(finding: Finding, diagnostic: Diagnostic): Diagnostic {
    this.byFinding.set(finding, deepFreeze(diagnostic));
    return diagnostic;
  }
}

/** Frozen all through: the encoder keeps the JSON of a frozen diagnostic, so it must never change. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The diagnostics of one analysis: one per finding, and one for a file that
 * could not be analysed at all (too large, binary). YAML syntax errors are left
 * to the YAML language server, which already shows them.
 */
export function toDiagnostics(
  analysis: FileAnalysis,
  lines: LineIndex,
  related: RelatedFiles,
  reuse: DiagnosticReuse,
  demote: (finding: Finding) => boolean = () => false,
): Diagnostic[] {
  // Hundreds of findings point into the same few files (a chart's Services and autoscalers): each is located once.
  const targets = new Map<string, ReturnType<RelatedFiles['locate']>>();
  const locate = (path: string) => {
    if (!targets.has(path)) targets.set(path, related.locate(path));
    return targets.get(path);
  };
  const relatedRange = (r: RelatedLocation, mover: FindingMover | undefined, target: { lines: LineIndex }) =>
    toRange(target.lines, mover && r.path === analysis.path ? mover.range(r.range) : r.range);
  /** Whether a diagnostic built before shows the finding's related locations where they are now. */
  const relatedStay = (previous: readonly DiagnosticRelatedInformation[], finding: Finding, mover: FindingMover | undefined) => {
    let i = 0;
    for (const r of finding.related ?? []) {
      const target = locate(r.path);
      if (!target) continue;
      const shown = previous[i++];
      if (!shown || shown.location.uri !== target.uri || !sameLineRange(shown.location.range, relatedRange(r, mover, target))) return false;
    }
    return i === previous.length;
  };
  // Findings placed, not moved: an edit at the top of a chart would otherwise copy every finding below it.
  const diagnostics: Diagnostic[] = [];
  for (const { finding, mover, start } of placedFindings(analysis)) {
    const range = lines.rangeAt(start, mover ? mover.offset(finding.range.end) : finding.range.end);
    const severity = demote(finding) ? DiagnosticSeverity.Hint : SEVERITY[finding.severity];
    // Checked in place before anything is built: on a keystroke nearly every diagnostic stays as it was sent.
    const previous = reuse.previous(finding);
    if (previous && previous.severity === severity && sameLineRange(previous.range, range) && relatedStay(previous.relatedInformation ?? [], finding, mover)) {
      diagnostics.push(previous);
      continue;
    }
    const relatedInformation: DiagnosticRelatedInformation[] = [];
    for (const r of finding.related ?? []) {
      const target = locate(r.path);
      if (target) relatedInformation.push({ location: { uri: target.uri, range: relatedRange(r, mover, target) }, message: r.message });
    }
    const diagnostic: Diagnostic = {
      range,
      severity,
      source: DIAGNOSTIC_SOURCE,
      code: finding.ruleId,
      codeDescription: codeDescriptionOf(finding.ruleId),
      message: finding.message,
    };
    if (relatedInformation.length > 0) diagnostic.relatedInformation = relatedInformation;
    diagnostics.push(reuse.keep(finding, diagnostic));
  }
  // The server's analyzer leaves YAML syntax errors out (syntaxProblems: false): what remains is a file too large or binary.
  for (const problem of analysis.problems) {
    diagnostics.push({
      range: toRange(lines, problem.range ?? { start: 0, end: 0 }),
      severity: DiagnosticSeverity.Warning,
      source: DIAGNOSTIC_SOURCE,
      message: problem.message,
    });
  }
  return diagnostics;
}
