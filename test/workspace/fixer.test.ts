import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuleId } from '../../shared/src/rule-ids';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { Analyzer } from '../../server/src/analyzer';
import { fixAll } from '../../server/src/features/fix-all';
import type { Rule } from '../../server/src/rules/rule';
import { fixFiles, fixText, MAX_FIX_PASSES } from '../../server/src/workspace/fixer';
import { deployment, pdb } from '../helpers/manifests';
import { workspace } from '../helpers/workspace';

/** A rule that rewrites `kind: FROM` to `kind: TO` (the text `to` may be anything, even broken YAML). */
function kindRule(id: RuleId, from: string, to: string): Rule {
  return {
    meta: { id, defaultSeverity: 'warning', title: id, summary: id, fixable: true, needsCompleteObject: false },
    checkKubernetes: ({ object }) => {
      const range = object.view.range(object.kindPair.value);
      if (object.kind !== from || !range) return [];
      return [{ message: `kind ${from}`, range, fixes: [{ title: `to ${to}`, preferred: true, edits: [{ range, newText: to }] }] }];
    },
  };
}

function analyzerWith(rules: Rule[], text: string): Analyzer {
  const analyzer = new Analyzer({ fs: { readText: () => undefined }, rules });
  analyzer.setFile('/w/a.yaml', text);
  return analyzer;
}

const OBJECT = 'apiVersion: v1\nkind: A\n';

test('later passes apply what overlapped or what earlier fixes made possible', () => {
  // Both A-rules edit the same range: one per pass; then B becomes C in the next pass.
  const analyzer = analyzerWith(
    [kindRule('shell-form-cmd', 'A', 'B'), kindRule('shell-form-entrypoint', 'A', 'Z'), kindRule('missing-prestop', 'B', 'C')],
    OBJECT,
  );
  const outcome = fixFiles(analyzer, ['/w/a.yaml'], () => DEFAULT_SETTINGS).get('/w/a.yaml')!;
  assert.deepEqual(outcome, { text: 'apiVersion: v1\nkind: C\n', applied: 2 });
  assert.equal(analyzer.text('/w/a.yaml'), outcome.text);
});

test('fixes that undo each other stop after the last pass', () => {
  const analyzer = analyzerWith([kindRule('shell-form-cmd', 'A', 'B'), kindRule('missing-prestop', 'B', 'A')], OBJECT);
  assert.equal(fixFiles(analyzer, ['/w/a.yaml'], () => DEFAULT_SETTINGS).get('/w/a.yaml')!.applied, MAX_FIX_PASSES);
});

test('a fix that breaks the YAML is refused and the file put back as it was', () => {
  const analyzer = analyzerWith([kindRule('shell-form-cmd', 'A', 'B'), kindRule('missing-prestop', 'B', '[oops')], OBJECT);
  const outcome = fixFiles(analyzer, ['/w/a.yaml'], () => DEFAULT_SETTINGS).get('/w/a.yaml')!;
  assert.deepEqual(outcome, { text: OBJECT, applied: 0, refused: 'the fixed file would no longer parse as YAML' });
  assert.equal(analyzer.text('/w/a.yaml'), OBJECT);
});

test('a fix with edits outside the file is refused', () => {
  const outside: Rule = {
    ...kindRule('shell-form-cmd', 'A', 'B'),
    checkKubernetes: () => [
      { message: 'm', range: { start: 0, end: 1 }, fixes: [{ title: 'bad', preferred: true, edits: [{ range: { start: 5, end: 500 }, newText: '' }] }] },
    ],
  };
  const outcome = fixFiles(analyzerWith([outside], OBJECT), ['/w/a.yaml'], () => DEFAULT_SETTINGS).get('/w/a.yaml')!;
  assert.equal(outcome.applied, 0);
  assert.equal(outcome.refused, 'a fix of shell-form-cmd ("bad") has invalid edits');
});

test("the editor's fix-all has the same guards: a fix that breaks the YAML is refused, and the analyzer is left alone", () => {
  const analyzer = analyzerWith([kindRule('shell-form-cmd', 'A', 'B'), kindRule('missing-prestop', 'B', '[oops')], OBJECT);
  const generation = analyzer.index.generation;
  assert.deepEqual(fixText(analyzer, '/w/a.yaml', DEFAULT_SETTINGS), { text: OBJECT, applied: 0, refused: 'the fixed file would no longer parse as YAML' });
  assert.equal(fixAll(analyzer, '/w/a.yaml', DEFAULT_SETTINGS), undefined);
  assert.equal(analyzer.text('/w/a.yaml'), OBJECT);
  assert.equal(analyzer.index.generation, generation);
});

test("analyzeText is a what-if: the text's own facts count, and nothing the analyzer holds changes", () => {
  const deploy = deployment({ replicas: 3, app: 'web' });
  const analyzer = workspace({ '/w/deploy.yaml': deploy, '/w/other.yaml': deployment({ name: 'api', replicas: 2, app: 'api' }) });
  const before = { generation: analyzer.index.generation, revision: analyzer.index.revision, findings: analyzer.analyze('/w/deploy.yaml', DEFAULT_SETTINGS) };
  const rules = (path: string, text: string) => analyzer.analyzeText(path, text, DEFAULT_SETTINGS)!.findings.map((f) => f.ruleId);
  assert.ok(!rules('/w/deploy.yaml', `${deploy}---\n${pdb()}`).includes('missing-pdb'), 'a PDB in the what-if text covers the Deployment');
  assert.ok(rules('/w/deploy.yaml', deploy).includes('missing-pdb'));
  assert.equal(analyzer.analyzeText('/w/deploy.yaml', 'a: [oops\n', DEFAULT_SETTINGS)!.syntaxErrors, 1);
  assert.equal(analyzer.text('/w/deploy.yaml'), deploy);
  assert.equal(analyzer.index.generation, before.generation);
  assert.equal(analyzer.index.revision, before.revision);
  assert.equal(analyzer.analyze('/w/deploy.yaml', DEFAULT_SETTINGS), before.findings, 'the memo of the real text still holds');
  assert.ok(
    analyzer.analyze('/w/other.yaml', DEFAULT_SETTINGS)!.findings.some((f) => f.ruleId === 'missing-pdb'),
    'the what-if PDB never reached other files',
  );
});

test('fix-all appends one PodDisruptionBudget, not one per pass (each pass sees the facts of the text so far)', () => {
  const deploy = deployment({ replicas: 3, app: 'web' });
  const analyzer = workspace({ '/w/deploy.yaml': deploy });
  const outcome = fixText(analyzer, '/w/deploy.yaml', DEFAULT_SETTINGS, (f) => f.ruleId === 'missing-pdb');
  assert.equal(outcome?.applied, 1);
  assert.equal(outcome.text.split('kind: PodDisruptionBudget').length, 2);
});
