import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { DiskWorkspace } from '../../server/src/cli/disk-workspace';
import { removeTree, tempTree } from '../cli/cli-process';
import * as k8s from '../helpers/manifests';

const made: string[] = [];
after(() => made.forEach(removeTree));

test('new inputs enter the workspace as sources; reports can be limited to named files while every file lends its facts', () => {
  const root = tempTree({ 'deploy.yaml': k8s.deployment({ replicas: 2, app: 'web' }), 'pdb.yaml': k8s.pdb() });
  made.push(root);
  const workspace = new DiskWorkspace([`${root}/deploy.yaml`, `${root}/pdb.yaml`], () => DEFAULT_SETTINGS, undefined, false);
  const text = k8s.deployment({ name: 'api', replicas: 2, app: 'api' });
  workspace.addSource(`${root}/stdin.yaml`, { text, bom: false }, 'yaml');
  const reports = workspace.report(new Map(), new Set([`${root}/deploy.yaml`, `${root}/stdin.yaml`]));
  assert.deepEqual(
    reports.map((r) => r.path),
    [`${root}/deploy.yaml`, `${root}/stdin.yaml`],
  );
  const rules = (i: number) => reports[i]!.findings.map((f) => f.ruleId);
  assert.ok(!rules(0).includes('missing-pdb'), 'the PDB in a file not reported still covers the Deployment');
  assert.ok(rules(1).includes('missing-pdb'), 'the added source is analysed with the rest');
});

const CRD = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n';
const ROLE = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n';

test('a file of kinds nothing reads is reported with its kinds but not held (its text is not kept), unless all syntax errors are wanted', () => {
  const root = tempTree({ 'crds.yaml': `${CRD}---\n${ROLE}`, 'deploy.yaml': `${k8s.deployment({ replicas: 2 })}---\n${ROLE}`, 'bare.yaml': 'a: 1\n' });
  made.push(root);
  const paths = ['bare.yaml', 'crds.yaml', 'deploy.yaml'].map((name) => `${root}/${name}`);
  const lean = new DiskWorkspace(paths, () => DEFAULT_SETTINGS, undefined, false);
  const full = new DiskWorkspace(paths, () => DEFAULT_SETTINGS, undefined, true);
  assert.deepEqual(
    paths.map((p) => [lean.analyzer.hasFile(p), lean.sources.has(p)]),
    [
      [true, true],
      [false, false],
      [true, true],
    ],
    'only crds.yaml is left out: bare.yaml has no kind line, deploy.yaml a Deployment',
  );
  assert.ok(paths.every((p) => full.analyzer.hasFile(p)));
  // The same report either way: the kinds skipped, the findings of the read documents.
  const summary = (w: DiskWorkspace) => w.report().map((r) => [r.path, r.skippedKinds, r.findings.map((f) => f.ruleId), r.problems]);
  assert.deepEqual(summary(lean), summary(full));
  assert.deepEqual(lean.report()[1]!.skippedKinds, ['CustomResourceDefinition', 'Role']);
  assert.equal(lean.textOf(paths[1]!), `${CRD}---\n${ROLE}`, 'its text is read again when asked for');

  // A file --fix rewrote goes in or out with its new text.
  lean.rewritten(paths[1]!, { text: k8s.deployment({ replicas: 2 }), bom: false });
  lean.rewritten(paths[2]!, { text: ROLE, bom: false });
  assert.deepEqual(
    lean.report().map((r) => [lean.analyzer.hasFile(r.path), r.skippedKinds]),
    [
      [true, []],
      [true, []],
      [false, ['Role']],
    ],
  );
});
