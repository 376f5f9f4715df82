import { COMMANDS } from '../../../shared/src/protocol';
import type { RuleId } from '../../../shared/src/rule-ids';
import type { AnalysisSettings } from '../../../shared/src/settings';
import type { Analyzer, FileAnalysis } from '../analyzer';
import { LineIndex, sameLineRange, type LineColumn } from '../parse/line-index';
import type { FileEdits, Finding, Fix, OffsetRange, TextEdit } from '../types';
import { preferredFileEdits } from '../workspace/fixer';
import { fixAll, rulesWithPreferredFixes } from './fix-all';
import { ignoreObjectEdit } from './ignore-annotation';
import { ignoreFileEdit, ignoreLineEdit } from './ignore-comments';

/** An editor-neutral code action: edits to the file it was asked for (and maybe others), or a command for the client. */
export interface FileAction {
  readonly title: string;
  readonly kind: 'quickfix' | 'source.fixAll';
  readonly edits?: readonly TextEdit[];
  /** Edits in other files (a chart's `values.yaml`), applied with `edits` as one workspace edit. */
  readonly otherFiles?: readonly FileEdits[];
  /**
   * Edits too costly to compute for a menu that may never be opened (fixing all of a
   * rule re-analyses the whole file after each pass): computed when the action is
   * chosen, or when the client cannot ask later. Undefined when nothing changes.
   */
  readonly lazyEdits?: () => readonly TextEdit[] | undefined;
  readonly preferred?: boolean;
  readonly command?: { readonly id: string; readonly arguments: readonly unknown[] };
}

/** What a diagnostic shows of its finding: enough to find it again in the current analysis. */
export interface FindingRef {
  readonly ruleId: string;
  /** Where the diagnostic is, as the current text's line table places findings. */
  readonly range: { readonly start: LineColumn; readonly end: LineColumn };
  readonly message: string;
}

/**
 * The finding of the current analysis that a diagnostic shows: the one of its rule at its range (the
 * message only tells apart two findings of a rule at one range). None when the diagnostic is from an
 * older text whose findings moved since: its actions would edit the wrong place.
 */
export function findingFor(analysis: FileAnalysis, ref: FindingRef, lines: LineIndex): Finding | undefined {
  let found: Finding | undefined;
  for (const finding of analysis.findings) {
    if (finding.ruleId !== ref.ruleId || !sameLineRange(lines.rangeAt(finding.range.start, finding.range.end), ref.range)) continue;
    if (finding.message === ref.message) return finding;
    found ??= finding;
  }
  return found;
}

const once = <T>(value: T | undefined): T[] => (value === undefined ? [] : [value]);

/**
 * The actions for one finding, in the order users expect: its fixes (preferred
 * first), fix all of this rule, ignore it for the line, the file, the object,
 * and the rule's documentation. `known`: the file's current analysis and line
 * table, when the caller has them already.
 */
export function codeActionsFor(
  analyzer: Analyzer,
  path: string,
  finding: Finding,
  settings: AnalysisSettings,
  known: { analysis?: FileAnalysis; lines?: LineIndex } = {},
): FileAction[] {
  const analysis = known.analysis ?? analyzer.analyze(path, settings);
  const text = analyzer.text(path);
  if (!analysis || text === undefined) return [];
  const table = known.lines ?? new LineIndex(text);
  const rule = finding.ruleId;
  const fixes = [...(finding.fixes ?? [])].sort((a, b) => Number(Boolean(b.preferred)) - Number(Boolean(a.preferred)));
  const actions: FileAction[] = fixes.map(fixAction);
  // "Fix all" only earns a place in the menu when there is more than the one fix above.
  if (rulesWithPreferredFixes(analysis.findings, 2).has(rule)) {
    const lazyEdits = () => {
      const edit = fixAll(analyzer, path, settings, (f) => f.ruleId === rule);
      return edit && [edit];
    };
    actions.push({ title: `Fix all ${rule} problems in this file`, kind: 'quickfix', lazyEdits });
  }
  const line = table.positionAt(finding.range.start).line;
  for (const edit of once(ignoreLineEdit(text, line, rule, table))) actions.push({ title: `Ignore ${rule} for this line`, kind: 'quickfix', edits: [edit] });
  for (const edit of once(ignoreFileEdit(text, analysis.kind, rule, table)))
    actions.push({ title: `Ignore ${rule} in this file`, kind: 'quickfix', edits: [edit] });
  const yaml = analyzer.yamlFile(path);
  if (yaml) {
    for (const edit of once(ignoreObjectEdit(yaml, finding.range.start, rule)))
      actions.push({ title: `Ignore ${rule} for this object`, kind: 'quickfix', edits: [edit] });
  }
  actions.push(showDocumentation(rule));
  return actions;
}

/** The quick fix that applies one fix, in every file it edits. */
export function fixAction(fix: Fix): FileAction {
  return { title: fix.title, kind: 'quickfix', edits: fix.edits, ...(fix.otherFiles && { otherFiles: fix.otherFiles }), preferred: Boolean(fix.preferred) };
}

function showDocumentation(rule: RuleId): FileAction {
  return { title: `Show documentation for ${rule}`, kind: 'quickfix', command: { id: COMMANDS.showRuleDocumentation, arguments: [rule] } };
}

/** `source.fixAll`: every preferred fix in the file, as one edit; undefined when there is none. */
export function fixAllAction(analyzer: Analyzer, path: string, settings: AnalysisSettings): FileAction | undefined {
  const edit = fixAll(analyzer, path, settings);
  return edit && { title: 'Fix all Graceful problems in this file', kind: 'source.fixAll', edits: [edit] };
}

/**
 * Fix-all on a rendered chart's template (`source.fixAll`, or one rule's with `rule`): one pass of the
 * preferred fixes of its mapped findings as one action over the template and values.yaml. The editor
 * does not re-render between passes (`graceful lint --fix` does); undefined when nothing applies.
 */
export function chartFixAllAction(
  findings: readonly Finding[],
  path: string,
  textOf: (path: string) => string | undefined,
  rule?: RuleId,
): FileAction | undefined {
  const pass = preferredFileEdits(findings, textOf, (f) => rule === undefined || f.ruleId === rule);
  if ('refused' in pass || pass.fixed.length === 0) return undefined;
  const otherFiles = [...pass.edits].filter(([p]) => p !== path).map(([p, edits]) => ({ path: p, edits }));
  return {
    title: rule === undefined ? 'Fix all Graceful problems in this file' : `Fix all ${rule} problems in this file`,
    kind: rule === undefined ? 'source.fixAll' : 'quickfix',
    edits: pass.edits.get(path) ?? [],
    ...(otherFiles.length > 0 && { otherFiles }),
  };
}
