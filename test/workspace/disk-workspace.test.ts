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
