import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { cliTrees, MISPLACED_GRACE, NO_PRESTOP, REPO_ROOT } from '../cli/cli-process';
import { actionMetadataProblems } from './action-metadata';
import { actionCheckout, readAction, runAction, type ActionRun } from './action-runner';

const tree = cliTrees();
const action = readAction(join(REPO_ROOT, 'action.yml'));
let actionPath: string;

before(() => {
  actionPath = actionCheckout(REPO_ROOT, tree());
});

/** Runs the action on a workspace holding `files`. */
function runOn(
  files: Record<string, string>,
  inputs: Record<string, string>,
): ActionRun & { workspace: string; lint: { status?: number | null; stdout: string; stderr: string } } {
  const workspace = tree(files);
  const run = runAction(action, { actionPath, workspace, temp: join(tree(), 'runner-temp'), inputs });
  const lint = run.steps.find((s) => s.step.id === 'lint') ?? { stdout: '', stderr: run.steps.map((s) => s.stderr).join('') };
  return { ...run, workspace, lint };
}

test('action.yml follows the metadata syntax for composite actions', () => {
  assert.deepEqual(actionMetadataProblems(action), []);
  assert.deepEqual(Object.keys(action.inputs!).sort(), ['config', 'fail-on', 'max-warnings', 'node-version', 'path', 'sarif-file']);
  assert.equal(action.runs.steps[0]!.uses, 'actions/setup-node@v4');
});

test('the action builds from its checkout, annotates findings, writes SARIF and passes on warnings by default', () => {
  const run = runOn({ 'k8s/web.yaml': NO_PRESTOP, 'README.md': '# not linted\n' }, { path: 'k8s', 'sarif-file': 'graceful.sarif' });
  assert.ok(run.ok, run.steps.map((s) => s.stderr).join('\n'));
  assert.ok(existsSync(join(actionPath, 'dist/cli.js')), 'built from the action path');
  assert.match(run.lint.stdout, /^::warning file=k8s\/web\.yaml,line=16,col=11,endLine=16,endColumn=20,title=missing-prestop::Container "web"/m);
  const sarif = JSON.parse(readFileSync(join(run.workspace, 'graceful.sarif'), 'utf8'));
  assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'k8s/web.yaml');
  assert.deepEqual(run.outputs, { errors: '0', warnings: '1', 'exit-code': '0', 'sarif-file': 'graceful.sarif' });
});

test('fail-on and max-warnings decide the step status; never reports without failing', () => {
  const files = { 'web.yaml': NO_PRESTOP, 'api.yaml': MISPLACED_GRACE };
  const strict = runOn({ 'web.yaml': NO_PRESTOP }, { 'fail-on': 'warning' });
  assert.equal(strict.ok, false);
  assert.equal(strict.lint.status, 1);
  assert.match(strict.lint.stderr, /1 warnings exceed --max-warnings 0/);
  assert.equal(runOn({ 'web.yaml': NO_PRESTOP }, { 'max-warnings': '0' }).ok, false);
  assert.equal(runOn({ 'web.yaml': NO_PRESTOP }, { 'max-warnings': '1' }).ok, true);
  const errors = runOn(files, {});
  assert.equal(errors.ok, false);
  assert.match(errors.lint.stdout, /^::error file=api\.yaml,line=31,.*title=misplaced-shutdown-field::/m);
  const never = runOn(files, { 'fail-on': 'never' });
  assert.ok(never.ok);
  assert.deepEqual([never.outputs.errors, never.outputs['exit-code']], ['1', '1']);
  const wrong = runOn(files, { 'fail-on': 'sometimes' });
  assert.equal(wrong.lint.status, 2);
  assert.match(wrong.lint.stdout, /^::error title=graceful::fail-on must be error, warning or never/m);
});

test('inputs are data, never shell code; several paths and a config file', () => {
  const run = runOn(
    { 'a/web.yaml': NO_PRESTOP, 'b/api.yaml': MISPLACED_GRACE, 'strict.yaml': 'rules:\n  missing-prestop: error\n' },
    { path: 'a\nb/api.yaml $(touch pwned)', config: 'strict.yaml' },
  );
  assert.ok(!existsSync(join(run.workspace, 'pwned')));
  assert.match(run.lint.stdout, /^::error file=a\/web\.yaml,.*title=missing-prestop::/m);
  assert.match(run.lint.stdout, /^::error file=b\/api\.yaml,/m);
  assert.equal(run.outputs.errors, '4', 'two findings, and the paths `$(touch` and `pwned)`, which do not exist');
});
