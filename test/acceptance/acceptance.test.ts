/**
 * Blind acceptance: small realistic workspaces under cases/, each with an expected.json written from
 * shared/RULES.md alone (rule id, file, 1-based line of the anchor RULES.md names). The built CLI lints
 * each case as a user would (`graceful lint --format sarif .`); the findings are compared by
 * rule id + artifact uri + start line, and recall and precision are measured over all cases.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { RULE_IDS } from '../../shared/src/rule-ids';
import { ensureBuilt, runCli } from '../cli/cli-process';

const CASES = join(__dirname, 'cases');
const MIN_RECALL = 0.9;
const MIN_PRECISION = 0.95;

interface Expected {
  readonly file: string;
  readonly rule: string;
  readonly line: number;
}

interface SarifLog {
  runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
}

/** `rule file:line`, the unit both sides are compared in. */
const key = (f: Expected): string => `${f.rule} ${f.file}:${f.line}`;

function readExpected(caseDir: string): Expected[] {
  const parsed: unknown = JSON.parse(readFileSync(join(caseDir, 'expected.json'), 'utf8'));
  assert.ok(Array.isArray(parsed), 'expected.json is an array');
  for (const entry of parsed as Expected[]) {
    assert.ok(typeof entry.file === 'string' && Number.isInteger(entry.line) && entry.line > 0, JSON.stringify(entry));
    assert.ok((RULE_IDS as readonly string[]).includes(entry.rule), `unknown rule id ${entry.rule}`);
  }
  return parsed as Expected[];
}

function sarifFindings(log: SarifLog): Expected[] {
  return log.runs.flatMap((run) =>
    run.results.map((r) => {
      const location = r.locations[0]!.physicalLocation;
      return { rule: r.ruleId, file: decodeURIComponent(location.artifactLocation.uri), line: location.region.startLine };
    }),
  );
}

/** Multiset difference: the entries of `a` not matched one-for-one by an entry of `b`. */
function missingFrom(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const k of b) left.set(k, (left.get(k) ?? 0) + 1);
  return a.filter((k) => {
    const n = left.get(k) ?? 0;
    if (n === 0) return true;
    left.set(k, n - 1);
    return false;
  });
}

const cases = readdirSync(CASES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const outcome = new Map<string, { expected: string[]; missed: string[]; extra: string[] }>();

before(() => ensureBuilt());

for (const name of cases) {
  test(`case ${name}: the CLI runs, exits 0 or 1, and prints valid SARIF`, () => {
    const dir = join(CASES, name);
    const expected = readExpected(dir).map(key);
    const run = runCli(['lint', '--format', 'sarif', '.'], dir);
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}\n${run.stderr}`);
    const actual = sarifFindings(JSON.parse(run.stdout) as SarifLog).map(key);
    outcome.set(name, { expected, missed: missingFrom(expected, actual), extra: missingFrom(actual, expected) });
  });
}

test(`recall ≥ ${MIN_RECALL} and precision ≥ ${MIN_PRECISION} over every case`, (t) => {
  assert.equal(outcome.size, cases.length, 'every case ran');
  let expectedCount = 0;
  let missedCount = 0;
  let extraCount = 0;
  for (const [name, { expected, missed, extra }] of outcome) {
    expectedCount += expected.length;
    missedCount += missed.length;
    extraCount += extra.length;
    for (const m of missed) t.diagnostic(`MISSED ${name}: ${m}`);
    for (const x of extra) t.diagnostic(`EXTRA  ${name}: ${x}`);
  }
  const found = expectedCount - missedCount;
  const recall = found / expectedCount;
  const precision = found / (found + extraCount);
  t.diagnostic(`${cases.length} cases, ${expectedCount} expected findings: recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}`);
  assert.ok(recall >= MIN_RECALL, `recall ${recall.toFixed(3)} < ${MIN_RECALL}`);
  assert.ok(precision >= MIN_PRECISION, `precision ${precision.toFixed(3)} < ${MIN_PRECISION}`);
});
