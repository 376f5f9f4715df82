import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { Analyzer } from '../../server/src/analyzer';
import { DiskWorkspace } from '../../server/src/cli/disk-workspace';
import { readSourceText } from '../../server/src/workspace/source';
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

test('files of workloads alone are checked with every other fact, and a PDB with every workload, whatever the order on disk', () => {
  // a-pdb.yaml comes first, and would block evictions were it checked before z-api.yaml's 3 replicas are known;
  // c-web.yaml is checked as soon as it is read, before z-api.yaml, and sees b-service.yaml's Service and the PDB.
  const root = tempTree({
    'a-pdb.yaml': k8s.pdb({ budget: 'minAvailable: 2', selector: { tier: 'front' } }),
    'b-service.yaml': k8s.service({ selector: { app: 'web' } }),
    'c-web.yaml': k8s.deployment({ name: 'web', replicas: 2, app: 'web', labels: { app: 'web', tier: 'front' }, fields: k8s.containerPort(8080) }),
    'z-api.yaml': k8s.deployment({ name: 'api', replicas: 3, app: 'api', labels: { app: 'api', tier: 'front' } }),
  });
  made.push(root);
  const paths = ['a-pdb.yaml', 'b-service.yaml', 'c-web.yaml', 'z-api.yaml'].map((name) => `${root}/${name}`);
  const workspace = new DiskWorkspace(paths, () => DEFAULT_SETTINGS, undefined, false);
  const everything = new Analyzer({ fs: { readText: readSourceText }, syntaxProblems: 'read' });
  for (const path of paths) everything.setFile(path, readSourceText(path)!);
  const reports = workspace.report();
  assert.deepEqual(
    reports.map((r) => r.findings),
    paths.map((path) => everything.analyze(path, DEFAULT_SETTINGS)!.findings),
  );
  const rules = (name: string) => reports.find((r) => r.path.endsWith(name))!.findings.map((f) => f.ruleId);
  assert.ok(!rules('a-pdb.yaml').includes('pdb-blocks-eviction'), 'minAvailable 2 leaves api (3 replicas) one eviction');
  assert.ok(rules('c-web.yaml').includes('missing-prestop'), 'the Service in another file sends web traffic');
  assert.ok(!rules('c-web.yaml').includes('missing-pdb'), 'the PDB in another file covers web');
});
