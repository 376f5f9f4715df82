import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cliTrees, lintJson, NO_PRESTOP } from './cli-process';

const tree = cliTrees();

const CRD = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n';
const BROKEN_CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata: [unclosed\n';
const ROLE = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\nrules: []\n';

test('documents no rule reads are skipped, counted by kind in the summary, and their syntax errors reported only with --syntax-errors', () => {
  const root = tree({ 'app.yaml': `${NO_PRESTOP}---\n${BROKEN_CONFIG_MAP}`, 'crds/widgets.yaml': `${CRD}---\n${ROLE}` });
  const skipped = lintJson([], root);
  const everything = lintJson(['--syntax-errors'], root);
  assert.deepEqual(skipped.output.summary.skipped, { documents: 3, kinds: { ConfigMap: 1, CustomResourceDefinition: 1, Role: 1 } });
  assert.deepEqual(everything.output.summary.skipped, skipped.output.summary.skipped);
  // The same findings either way; only the ConfigMap's syntax error is added.
  assert.deepEqual(
    everything.output.files.map((f) => f.findings),
    skipped.output.files.map((f) => f.findings),
  );
  assert.ok(skipped.output.files.some((f) => f.findings.some((x) => x.ruleId === 'missing-prestop')));
  assert.deepEqual(
    skipped.output.files.map((f) => f.problems),
    [[], []],
  );
  assert.equal(skipped.run.status, 0);
  const app = everything.output.files.find((f) => f.path === 'app.yaml')!;
  assert.equal(app.problems.length, 1);
  assert.match(app.problems[0]!.message, /^YAML syntax error/);
  assert.equal(everything.run.status, 1);
});
