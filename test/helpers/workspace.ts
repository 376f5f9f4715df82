import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import type { RuleId } from '../../shared/src/rule-ids';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { Analyzer } from '../../server/src/analyzer';
import { mergeSettings, type PartialSettings } from '../../server/src/config/settings';
import { applyEdits } from '../../server/src/fix/apply-edits';
import { fileKindOf } from '../../server/src/model/file-kind';
import type { Finding, Fix } from '../../server/src/types';

/** Files of an in-memory workspace, by absolute path (`/w/deploy.yaml`). */
export type Files = Record<string, string>;

/** An analyzer over in-memory files; rule errors fail the test instead of being swallowed. */
export function workspace(files: Files): Analyzer {
  const analyzer = new Analyzer({
    fs: { readText: (p) => files[p] },
    onRuleError: (rule, path, error) => {
      throw new Error(`rule ${rule} threw on ${path}: ${String((error as Error)?.stack ?? error)}`);
    },
  });
  for (const [path, text] of Object.entries(files)) analyzer.setFile(path, text);
  return analyzer;
}

/** Findings of one rule (or all rules) in one file of a workspace. */
export function findings(files: Files, path: string, rule?: RuleId, settings: PartialSettings = {}): Finding[] {
  const result = workspace(files).analyze(path, mergeSettings(DEFAULT_SETTINGS, settings));
  assert.ok(result, `${path} was not analysed`);
  return result.findings.filter((f) => rule === undefined || f.ruleId === rule);
}

/** Shorthand for a single-file workspace. */
export function lint(text: string, rule?: RuleId, options: { path?: string; settings?: PartialSettings } = {}): Finding[] {
  const path = options.path ?? '/w/manifest.yaml';
  return findings({ [path]: text }, path, rule, options.settings);
}

/** The text a finding's range covers. */
export function anchorText(text: string, finding: Finding): string {
  return text.slice(finding.range.start, finding.range.end);
}

/** Offset of the n-th occurrence of `needle` (0-based), failing when absent. */
export function offsetOf(text: string, needle: string, occurrence = 0): number {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.notEqual(at, -1, `"${needle}" (occurrence ${occurrence}) not found`);
  }
  return at;
}

/** Asserts the file parses as YAML without errors. */
export function assertParses(text: string, path = '/w/manifest.yaml'): void {
  if (fileKindOf(path) !== 'yaml') return;
  for (const doc of parseAllDocuments(text))
    assert.deepEqual(
      doc.errors.map((e) => e.message),
      [],
      `YAML no longer parses:\n${text}`,
    );
}

/**
 * Applies a fix the way a user would and checks the promises every fix makes:
 * the finding is gone, the file still parses, nothing outside the edits changed,
 * and the line endings are kept. Returns the fixed text.
 */
export function applyFix(files: Files, path: string, finding: Finding, fix: Fix): string {
  const before = files[path]!;
  const after = applyEdits(before, fix.edits);
  for (const edit of fix.edits) assert.ok(edit.range.start >= 0 && edit.range.end <= before.length, 'edit range outside the file');
  // Text outside the edits is byte-identical: the kept slices appear in order.
  const sorted = [...fix.edits].sort((a, b) => a.range.start - b.range.start);
  let cursor = 0;
  let searchFrom = 0;
  for (const edit of sorted) {
    const kept = before.slice(cursor, edit.range.start);
    const at = after.indexOf(kept, searchFrom);
    assert.ok(at !== -1, 'text outside the edit changed');
    searchFrom = at + kept.length + edit.newText.length;
    cursor = edit.range.end;
  }
  assert.ok(after.endsWith(before.slice(cursor)), 'text after the last edit changed');
  if (before.includes('\r\n')) assert.ok(!/(^|[^\r])\n/.test(after), 'a CRLF file gained LF line endings');
  assertParses(after, path);
  const again = findings({ ...files, [path]: after }, path, finding.ruleId);
  const sameSpot = again.filter((f) => f.message === finding.message);
  assert.equal(sameSpot.length, 0, `the finding is still there after "${fix.title}":\n${after}`);
  return after;
}

/** Finds the single finding of `rule` in a file and applies its fix titled like `title` (or the preferred one). */
export function fixOnce(files: Files, path: string, rule: RuleId, title?: string | RegExp): string {
  const found = findings(files, path, rule);
  assert.equal(found.length, 1, `expected one ${rule} finding, got ${found.length}`);
  const finding = found[0]!;
  const fix = finding.fixes?.find((f) => (title === undefined ? f.preferred : typeof title === 'string' ? f.title.includes(title) : title.test(f.title)));
  assert.ok(fix, `no fix ${String(title ?? '(preferred)')} among ${JSON.stringify(finding.fixes?.map((f) => f.title))}`);
  return applyFix(files, path, finding, fix);
}
