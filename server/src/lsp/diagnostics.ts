import { DiagnosticSeverity, type CodeDescription, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver/node';
import { DIAGNOSTIC_SOURCE } from '../../../shared/src/protocol';
import { ruleDocUrl, type RuleId } from '../../../shared/src/rule-ids';
import type { Severity } from '../../../shared/src/settings';
import { placedFindings, type FileAnalysis } from '../analyzer';
import type { LineIndex } from '../parse/line-index';
import type { Finding, OffsetRange } from '../types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries, besides its `code` (the rule id), so that its code actions find the finding again in the current parse. */
export interface DiagnosticData {
  /** The document version the finding was computed for (undefined for files not open). */
  readonly version: number | undefined;
  /** Index of the finding in that analysis. */
  readonly index: number;
  /** The finding's offsets in that version's text. */
  readonly start: number;
  readonly end: number;
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
  const d = value as Partial<DiagnosticData> | null;
  return typeof d === 'object' && d !== null && typeof d.index === 'number' && typeof d.start === 'number' && typeof d.end === 'number';
}

/** One link object per rule, shared by its diagnostics (a chart has hundreds of each). */
const codeDescriptions = new Map<string, CodeDescription>();

function codeDescriptionOf(ruleId: RuleId): CodeDescription {
  let description = codeDescriptions.get(ruleId);
  if (!description) codeDescriptions.set(ruleId, (description = { href: ruleDocUrl(ruleId) }));
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
 * The diagnostics of one analysis: one per finding, and one for a file that
 * could not be analysed at all (too large, binary). YAML syntax errors are left
 * to the YAML language server, which already shows them.
 */
export function toDiagnostics(
  analysis: FileAnalysis,
  lines: LineIndex,
  version: number | undefined,
  related: RelatedFiles,
  demote: (finding: Finding) => boolean = () => false,
): Diagnostic[] {
  // Hundreds of findings point into the same few files (a chart's Services and autoscalers): each is located once.
  const targets = new Map<string, ReturnType<RelatedFiles['locate']>>();
  const locate = (path: string) => {
    if (!targets.has(path)) targets.set(path, related.locate(path));
    return targets.get(path);
  };
  // Findings placed, not moved: an edit at the top of a chart would otherwise copy every finding below it.
  const diagnostics = placedFindings(analysis).map(({ finding, mover, start }, index): Diagnostic => {
    const relatedInformation: DiagnosticRelatedInformation[] = [];
    for (const r of finding.related ?? []) {
      const target = locate(r.path);
      const moved = mover && r.path === analysis.path ? mover.range(r.range) : r.range;
      if (target) relatedInformation.push({ location: { uri: target.uri, range: toRange(target.lines, moved) }, message: r.message });
    }
    const range = mover ? { start, end: mover.offset(finding.range.end) } : finding.range;
    const diagnostic: Diagnostic = {
      range: toRange(lines, range),
      severity: demote(finding) ? DiagnosticSeverity.Hint : SEVERITY[finding.severity],
      source: DIAGNOSTIC_SOURCE,
      code: finding.ruleId,
      codeDescription: codeDescriptionOf(finding.ruleId),
      message: finding.message,
    };
    // Set one by one rather than spread in: this runs for every finding of a chart on every keystroke.
    if (relatedInformation.length > 0) diagnostic.relatedInformation = relatedInformation;
    diagnostic.data = { version, index, start: range.start, end: range.end } satisfies DiagnosticData;
    return diagnostic;
  });
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
