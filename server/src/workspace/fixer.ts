import type { AnalysisSettings } from '../../../shared/src/settings';
import { syntaxErrorCount, type Analyzer } from '../analyzer';
import { applyEdits, editsOverlap } from '../fix/apply-edits';
import type { Finding, TextEdit } from '../types';

/** Like ESLint: later passes pick up fixes that overlapped, or that earlier fixes made possible. */
export const MAX_FIX_PASSES = 10;

/** What fixing one file did, in memory. */
export interface FixOutcome {
  /** The text after every pass (the original when nothing applied or the fixes were refused). */
  readonly text: string;
  readonly applied: number;
  /** Why the fixed text must not be used, when a fix misbehaved. */
  readonly refused?: string;
}

/** Which findings to fix: all, or those of one rule ("fix all of this rule"). */
export type FindingFilter = (finding: Finding) => boolean;

/** A text's findings (asked for only when a pass needs them) and its YAML syntax error count. */
interface Analysed {
  readonly findings: () => readonly Finding[];
  readonly syntaxErrors: number;
}

/**
 * One file fixed pass after pass, with the guards every caller gets: a fix whose
 * edits do not fit the text, or a result with more YAML syntax errors than before,
 * refuses the whole file; the passes end when one changes nothing, or after
 * {@link MAX_FIX_PASSES}.
 */
class FileFix {
  text: string;
  applied = 0;
  refused: string | undefined;

  constructor(
    readonly original: string,
    private readonly select: FindingFilter,
  ) {
    this.text = original;
  }

  /**
   * One pass over `now` (the current text's analysis); `analyse` checks the fixed text.
   * Returns its analysis, or undefined when the pass changed nothing or was refused.
   */
  pass(now: Analysed, analyse: (text: string) => Analysed): Analysed | undefined {
    if (this.refused !== undefined) return undefined;
    const next = preferredFixes(this.text, now.findings(), this.select);
    if ('refused' in next) return this.refuse(next.refused);
    if (next.count === 0 || next.text === this.text) return undefined;
    const after = analyse(next.text);
    if (after.syntaxErrors > now.syntaxErrors) return this.refuse('the fixed file would no longer parse as YAML');
    this.text = next.text;
    this.applied += next.count;
    return after;
  }

  outcome(): FixOutcome {
    return this.refused === undefined ? { text: this.text, applied: this.applied } : { text: this.original, applied: 0, refused: this.refused };
  }

  private refuse(reason: string): undefined {
    this.refused = reason;
    return undefined;
  }
}

/**
 * The editor's fix-all (`source.fixAll.graceful`, "fix all of this rule"): fixes
 * `path` in memory, re-analysing each pass with `Analyzer.analyzeText`, so the
 * analyzer's files and index are never touched. Undefined for a file it does not hold.
 */
export function fixText(analyzer: Analyzer, path: string, settings: AnalysisSettings, select: FindingFilter = () => true): FixOutcome | undefined {
  const original = analyzer.text(path);
  const first = analyzer.analyze(path, settings);
  if (original === undefined || !first) return undefined;
  const fix = new FileFix(original, select);
  let now: Analysed | undefined = { findings: () => first.findings, syntaxErrors: syntaxErrorCount(analyzer.yamlFile(path)) };
  for (let pass = 0; pass < MAX_FIX_PASSES && now; pass++) {
    now = fix.pass(now, (text) => {
      const analysis = analyzer.analyzeText(path, text, settings, first.kind);
      return { findings: () => analysis?.findings ?? [], syntaxErrors: analysis?.syntaxErrors ?? 0 };
    });
  }
  return fix.outcome();
}

/**
 * `graceful lint --fix`: fixes every file in the analyzer, pass after pass over all
 * of them, keeping each fixed text in the analyzer so that cross-file findings of
 * the next pass see it. A refused file is put back as it was.
 */
export function fixFiles(analyzer: Analyzer, paths: readonly string[], settingsFor: (path: string) => AnalysisSettings): Map<string, FixOutcome> {
  const fixes = new Map<string, FileFix>();
  for (const path of paths) {
    const text = analyzer.text(path);
    if (text !== undefined) fixes.set(path, new FileFix(text, () => true));
  }
  const analysed = (path: string): Analysed => ({
    findings: () => analyzer.analyze(path, settingsFor(path))?.findings ?? [],
    syntaxErrors: syntaxErrorCount(analyzer.yamlFile(path)),
  });
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    let changed = false;
    for (const [path, fix] of fixes) {
      // Other files changed since this one's last pass: its findings are taken afresh.
      const after = fix.pass(analysed(path), (text) => {
        analyzer.setFile(path, text);
        return analysed(path);
      });
      changed = after !== undefined || changed;
    }
    if (!changed) break;
  }
  const outcomes = new Map<string, FixOutcome>();
  for (const [path, fix] of fixes) {
    if (fix.refused !== undefined) analyzer.setFile(path, fix.original);
    outcomes.set(path, fix.outcome());
  }
  return outcomes;
}

/** One pass over one text: its non-overlapping preferred fixes applied, or why they cannot be. */
function preferredFixes(text: string, findings: readonly Finding[], select: FindingFilter): { text: string; count: number } | { refused: string } {
  const [path] = findings.map((f) => f.path);
  // A fix reaching into other files (only mapped chart findings have them) is applied by helm/fix-chart.ts.
  const pass = preferredFileEdits(
    findings,
    () => text,
    (f) => select(f) && !f.fixes?.find((x) => x.preferred)?.otherFiles,
  );
  if ('refused' in pass) return pass;
  const edits = path === undefined ? undefined : pass.edits.get(path);
  return { text: edits ? applyEdits(text, edits) : text, count: pass.fixed.length };
}

/** What one pass of preferred fixes edits, by file, and the findings they fix. */
export interface FixPass {
  readonly edits: ReadonlyMap<string, readonly TextEdit[]>;
  readonly fixed: readonly Finding[];
}

/**
 * One pass of preferred fixes over findings whose fixes may edit several files (a template and its
 * chart's values.yaml): each fix whose edits overlap none taken so far in any of its files, or why
 * they cannot be applied (edits that do not fit the file's text, read through `textOf`).
 */
export function preferredFileEdits(
  findings: readonly Finding[],
  textOf: (path: string) => string | undefined,
  select: FindingFilter = () => true,
): FixPass | { refused: string } {
  const taken = new Map<string, TextEdit[]>();
  const fixed: Finding[] = [];
  for (const finding of findings) {
    const fix = select(finding) ? finding.fixes?.find((f) => f.preferred) : undefined;
    const files = fix ? [...(fix.edits.length > 0 ? [{ path: finding.path, edits: fix.edits }] : []), ...(fix.otherFiles ?? [])] : [];
    if (!fix || files.length === 0 || files.some((f) => editsOverlap(taken.get(f.path) ?? [], f.edits))) continue;
    for (const file of files) {
      const text = textOf(file.path);
      if (text === undefined || !editsFit(text, [...(taken.get(file.path) ?? []), ...file.edits]))
        return { refused: `a fix of ${finding.ruleId} ("${fix.title}") has invalid edits` };
    }
    for (const file of files) taken.set(file.path, [...(taken.get(file.path) ?? []), ...file.edits]);
    fixed.push(finding);
  }
  return { edits: taken, fixed };
}

/** Within the text, and not overlapping one another. */
function editsFit(text: string, edits: readonly TextEdit[]): boolean {
  if (edits.some((e) => e.range.start < 0 || e.range.end > text.length || e.range.start > e.range.end)) return false;
  try {
    applyEdits(text, edits);
    return true;
  } catch {
    return false;
  }
}
