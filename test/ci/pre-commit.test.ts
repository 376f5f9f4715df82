import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { cliTrees, REPO_ROOT, writeTree } from '../cli/cli-process';
import * as k8s from '../helpers/manifests';

const tree = cliTrees();
const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
const isCheckout = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT }).status === 0;

const git = (cwd: string, ...args: string[]) => {
  const run = spawnSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
};

test(
  'pre-commit try-repo: the hook reports only staged files, and cross-file rules see the whole repository',
  {
    skip:
      (!hasPreCommit && 'pre-commit is not installed (Debian package pre-commit)') ||
      (!isCheckout && 'the repository is not a git checkout, which try-repo clones'),
    // pre-commit installs the hook as it would from a remote: npm install (the devDependencies, to build), npm pack, npm install -g.
    timeout: 600_000,
  },
  () => {
    const repo = tree({
      'policies/web-pdb.yaml': k8s.pdb(),
      'k8s/batch.yaml': k8s.deployment({ name: 'batch', replicas: 3, app: 'batch' }),
    });
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'budget and an unchanged Deployment without one');
    writeTree(repo, {
      'k8s/web.yaml': k8s.deployment({ name: 'web', replicas: 3, app: 'web' }),
      'k8s/api.yaml': k8s.deployment({ name: 'api', replicas: 3, app: 'api' }),
    });
    git(repo, 'add', 'k8s/web.yaml', 'k8s/api.yaml');
    const run = spawnSync('pre-commit', ['try-repo', REPO_ROOT, 'graceful', '--verbose'], {
      cwd: repo,
      encoding: 'utf8',
      // Offline: npm takes the devDependencies from its cache (which `npm ci` filled) and never the network.
      env: {
        ...process.env,
        PRE_COMMIT_HOME: join(repo, '.pre-commit-home'),
        npm_config_offline: 'true',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        NO_COLOR: '1',
      },
    });
    const output = run.stdout + run.stderr;
    // Warnings do not fail the hook by default (`args: [--max-warnings=0]` makes them).
    assert.equal(run.status, 0, output);
    assert.match(output, /graceful\.+Passed/);
    assert.match(output, /\nk8s\/api\.yaml\n(?: .*\n)* {2}\d+:1 +warning +Deployment api runs 3 replicas but no PodDisruptionBudget .* missing-pdb\n/, output);
    // The staged web Deployment is covered by the committed, unchanged budget.
    assert.doesNotMatch(output, /Deployment web runs 3 replicas but no PodDisruptionBudget/);
    // The committed Deployment is read for facts but not reported: it was not staged.
    assert.doesNotMatch(output, /batch/);
  },
);
