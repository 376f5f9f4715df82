/**
 * A table-driven rule tester, after ESLint's RuleTester: a rule's tests are a table
 * of valid cases (no finding of the rule) and invalid cases (exactly these findings,
 * then the text after the fix). Positions are found by matching text, never by
 * coordinates; a fix is applied and the file re-analysed (see `applyFix`): the
 * finding must be gone, the YAML must still parse, and nothing outside the edits may change.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuleId } from '../../shared/src/rule-ids';
import type { Severity } from '../../shared/src/settings';
import type { PartialSettings } from '../../server/src/config/settings';
import type { Finding, OffsetRange } from '../../server/src/types';
import { applyFix, findings, offsetOf, type Files } from './workspace';

/** One file checked in a workspace. */
export interface RuleCase {
  /** What the case shows; names the test. */
  readonly name: string;
  /** The text of the file under test. */
  readonly code: string;
  /** Its path; `/w/manifest.yaml` by default. */
  readonly path?: string;
  /** The other files of the workspace, by absolute path (PodDisruptionBudgets, HPAs, Dockerfiles, kustomizations). */
  readonly files?: Files;
  readonly settings?: PartialSettings;
}

/** Where a range lies, by the text it covers. */
export interface ExpectedAnchor {
  /** The exact text the range covers. */
  readonly anchor: string;
  /** Which occurrence of `anchor` in the file the range starts at: 0-based, negative from the end (-1 the last); 0 by default. */
  readonly occurrence?: number;
  /** A fragment the message contains, or a pattern it matches. */
  readonly message?: string | RegExp;
}

export interface ExpectedRelated extends Partial<ExpectedAnchor> {
  /** The file the location points into; the file under test by default. */
  readonly path?: string;
}

export interface ExpectedFinding extends ExpectedAnchor {
  readonly severity?: Severity;
  /** Every related location, in order (none when empty). */
  readonly related?: readonly ExpectedRelated[];
  /** Every fix offered, in order (none when empty). */
  readonly fixes?: ReadonlyArray<{ readonly title: string; readonly preferred?: boolean }>;
}

export interface InvalidCase extends RuleCase {
  /** Every finding of the rule in the file, in order. */
  readonly errors: readonly ExpectedFinding[];
  /**
   * The file after applying the fix of the only finding (the preferred one, or the one whose
   * title contains `fix`); `null` when the finding offers no fix at all.
   */
  readonly output?: string | null;
  readonly fix?: string | RegExp;
}

const DEFAULT_PATH = '/w/manifest.yaml';

/** A `message` pattern that matches exactly this text, for the few tests whose point is the whole wording. */
export function wholeMessage(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

function occurrenceOffset(text: string, needle: string, occurrence: number): number {
  if (occurrence >= 0) return offsetOf(text, needle, occurrence);
  let at = text.length;
  for (let i = 0; i < -occurrence; i++) {
    at = text.lastIndexOf(needle, at - 1);
    assert.notEqual(at, -1, `"${needle}" (occurrence ${occurrence}) not found`);
  }
  return at;
}

function assertAnchor(text: string, range: OffsetRange, message: string, expected: Partial<ExpectedAnchor>, what: string): void {
  if (expected.anchor !== undefined) {
    assert.equal(text.slice(range.start, range.end), expected.anchor, `${what}: the text it covers`);
    const occurrence = expected.occurrence ?? 0;
    assert.equal(
      range.start,
      occurrenceOffset(text, expected.anchor, occurrence),
      `${what}: at occurrence ${occurrence} of ${JSON.stringify(expected.anchor)}`,
    );
  }
  if (typeof expected.message === 'string')
    assert.ok(message.includes(expected.message), `${what}: message ${JSON.stringify(message)} lacks ${JSON.stringify(expected.message)}`);
  else if (expected.message) assert.match(message, expected.message, `${what}: message`);
}

function assertFinding(files: Files, path: string, finding: Finding, expected: ExpectedFinding, what: string): void {
  const text = files[path] ?? '';
  assertAnchor(text, finding.range, finding.message, expected, what);
  if (expected.severity) assert.equal(finding.severity, expected.severity, `${what}: severity`);
  if (expected.related) {
    const related = finding.related ?? [];
    assert.deepEqual(
      related.map((r) => r.path),
      expected.related.map((r) => r.path ?? path),
      `${what}: related locations`,
    );
    expected.related.forEach((r, i) => {
      const actual = related[i];
      if (actual) assertAnchor(files[actual.path] ?? '', actual.range, actual.message, r, `${what}, related ${i}`);
    });
  }
  if (expected.fixes) {
    const fixes = (finding.fixes ?? []).map((f) => ({ title: f.title, preferred: f.preferred === true }));
    assert.deepEqual(
      fixes,
      expected.fixes.map((f) => ({ title: f.title, preferred: f.preferred === true })),
      `${what}: fixes`,
    );
  }
}

function workspaceOf(c: RuleCase): { files: Files; path: string } {
  const path = c.path ?? DEFAULT_PATH;
  return { files: { ...c.files, [path]: c.code }, path };
}

function checkInvalid(ruleId: RuleId, c: InvalidCase): void {
  const { files, path } = workspaceOf(c);
  const found = findings(files, path, ruleId, c.settings);
  assert.equal(found.length, c.errors.length, `expected ${c.errors.length} ${ruleId} finding(s), got: ${JSON.stringify(found.map((f) => f.message))}`);
  c.errors.forEach((expected, i) => {
    const finding = found[i];
    if (finding) assertFinding(files, path, finding, expected, `finding ${i}`);
  });
  if (c.output === undefined) return;
  assert.equal(found.length, 1, 'output is the fix of a single finding');
  const [finding] = found;
  if (!finding) return;
  const fixes = finding.fixes ?? [];
  if (c.output === null) {
    assert.deepEqual(
      fixes.map((f) => f.title),
      [],
      'the finding offers no fix',
    );
    return;
  }
  const wanted = c.fix;
  const fix = fixes.find((f) => (wanted === undefined ? f.preferred : typeof wanted === 'string' ? f.title.includes(wanted) : wanted.test(f.title)));
  assert.ok(fix, `no fix ${String(wanted ?? '(preferred)')} among ${JSON.stringify(fixes.map((f) => f.title))}`);
  assert.equal(applyFix(files, path, finding, fix), c.output);
}

/** Registers one test per case: valid cases have no finding of `ruleId`, invalid ones exactly `errors`, then `output`. */
export function testRule(ruleId: RuleId, cases: { readonly valid?: readonly RuleCase[]; readonly invalid?: readonly InvalidCase[] }): void {
  for (const c of cases.valid ?? []) {
    test(`valid: ${c.name}`, () => {
      const { files, path } = workspaceOf(c);
      assert.deepEqual(
        findings(files, path, ruleId, c.settings).map((f) => f.message),
        [],
      );
    });
  }
  for (const c of cases.invalid ?? []) test(`invalid: ${c.name}`, () => checkInvalid(ruleId, c));
}
