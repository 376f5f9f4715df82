import type { RuleId } from '../../shared/src/rule-ids';
import type { Severity } from '../../shared/src/settings';

/** Half-open range of UTF-16 offsets into a file's text (the units LSP and JS strings use). */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/** A replacement of `range` in one file by `newText`; an insertion has an empty range. */
export interface TextEdit {
  readonly range: OffsetRange;
  readonly newText: string;
}

/** Edits in one named file. */
export interface FileEdits {
  /** Absolute, `/`-separated. */
  readonly path: string;
  readonly edits: readonly TextEdit[];
}

export interface Fix {
  readonly title: string;
  /** Non-overlapping edits in the finding's own file (none when the whole fix lies elsewhere). */
  readonly edits: readonly TextEdit[];
  /**
   * Edits in other files (a chart's `values.yaml` for a finding on a template), each file once and never
   * the finding's own. Consumers that can change only one file (the editor's fix-all) skip such fixes.
   */
  readonly otherFiles?: readonly FileEdits[];
  /** The safe fix that `--fix`, "fix all" and fix-on-save apply. At most one per finding. */
  readonly preferred?: boolean;
}

/** A location in another place (same or other file) that explains a finding. */
export interface RelatedLocation {
  readonly path: string;
  readonly range: OffsetRange;
  readonly message: string;
}

/** What a rule reports; the engine adds the rule id, the resolved severity and the path. */
export interface RuleFinding {
  readonly message: string;
  readonly range: OffsetRange;
  /** Overrides the rule's default severity for rules whose level depends on the case (before config). */
  readonly severity?: Severity;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
}

export interface Finding extends RuleFinding {
  readonly ruleId: RuleId;
  readonly severity: Severity;
  readonly path: string;
}

/** A file the analysis could not read or parse, reported instead of findings. */
export interface FileProblem {
  readonly path: string;
  readonly message: string;
  readonly range?: OffsetRange;
}
