import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as k8s from '../helpers/manifests';
import { cliTrees, findingKeys, lintJson, NO_PRESTOP, PRESTOP_INSERTED, runCli } from './cli-process';

const tree = cliTrees();
const REPLICATED = k8s.deployment({ name: 'web', replicas: 3, app: 'web' });

test('--workspace DIR: every file under DIR lends its facts, only the named paths are reported', () => {
  const root = tree({ 'k8s/web.yaml': REPLICATED, 'policies/pdb.yaml': k8s.pdb(), 'k8s/other.yaml': NO_PRESTOP.replace(/web/g, 'other') });
  const alone = lintJson(['k8s/web.yaml'], root);
  assert.ok(findingKeys(alone.output).includes('missing-pdb@k8s/web.yaml'));
  const withWorkspace = lintJson(['--workspace', '.', 'k8s/web.yaml'], root);
  assert.deepEqual(
    withWorkspace.output.files.map((f) => f.path),
    ['k8s/web.yaml'],
  );
  assert.ok(!findingKeys(withWorkspace.output).includes('missing-pdb@k8s/web.yaml'), 'the budget in policies/ counts');
  // A named path that does not exist is still reported; a missing workspace folder is a usage error.
  const missing = lintJson(['--workspace', '.', 'k8s/web.yaml', 'nope.yaml'], root);
  assert.deepEqual(
    missing.output.files.map((f) => f.path),
    ['k8s/web.yaml', 'nope.yaml'],
  );
  const noFolder = runCli(['lint', '--workspace', 'elsewhere', 'k8s/web.yaml'], root);
  assert.equal(noFolder.status, 2);
  assert.match(noFolder.stderr, /--workspace elsewhere: no such folder/);
});

test('--workspace with --fix writes only the named files', () => {
  const root = tree({ 'a.yaml': NO_PRESTOP, 'b.yaml': NO_PRESTOP });
  const run = runCli(['lint', '--fix', '--workspace', '.', 'a.yaml'], root);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(readFileSync(join(root, 'a.yaml'), 'utf8'), PRESTOP_INSERTED);
  assert.equal(readFileSync(join(root, 'b.yaml'), 'utf8'), NO_PRESTOP);
});
