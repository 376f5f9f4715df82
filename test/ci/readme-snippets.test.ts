import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { parse } from 'yaml';
import { CLI, cliTrees, NO_PRESTOP, REPO_ROOT, writeTree } from '../cli/cli-process';
import * as k8s from '../helpers/manifests';
import { actionCheckout, readAction, runAction, type ActionStep } from './action-runner';

const tree = cliTrees();
const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** The fenced block right after `<!-- snippet: NAME -->` in the README. */
function snippet(name: string): string {
  const match = new RegExp(`<!-- snippet: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(README);
  assert.ok(match, `README has a snippet ${name}`);
  return `${match[1]}\n`;
}

let bin: string;
/**
 * Commands on PATH for the snippets: `graceful` is the built CLI; `helm`, `kustomize` and
 * `kubectl` (not installed here, and kubectl would need a cluster) print what they would
 * render or list, from the fixtures.
 */
before(() => {
  bin = tree();
  const fixture = (name: string) => join(__dirname, 'fixtures', name);
  const tools: Record<string, string> = {
    graceful: `exec "${process.execPath}" "${CLI}" "$@"`,
    helm: `cat "${fixture('helm-template.yaml')}"`,
    kustomize: `printf '%s' '${NO_PRESTOP}'`,
    kubectl: `cat "${fixture('kubectl-get-all.yaml')}"`,
  };
  for (const [name, body] of Object.entries(tools)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
});

/** Runs one command line of a snippet as a CI shell would (`sh -e` with pipefail, as bash), in `cwd`. */
function shell(line: string, cwd: string) {
  const run = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', line], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('README GitHub workflow: the action step runs with its inputs, and the upload step takes its SARIF', () => {
  const workflow = parse(snippet('github-workflow')) as { jobs: Record<string, { steps: ActionStep[] }> };
  const steps = Object.values(workflow.jobs)[0]!.steps;
  const step = steps.find((s) => s.uses?.startsWith('graceful-dev/graceful@'))!;
  const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
  const action = readAction(join(REPO_ROOT, 'action.yml'));
  for (const input of Object.keys(step.with ?? {})) assert.ok(input in action.inputs!, `the action has an input ${input}`);
  const workspace = tree({ 'k8s/web.yaml': NO_PRESTOP });
  const run = runAction(action, { actionPath: actionCheckout(REPO_ROOT, tree()), workspace, temp: join(tree(), 'runner-temp'), inputs: step.with ?? {} });
  assert.ok(run.ok, run.steps.map((s) => s.stderr).join('\n'));
  assert.match(run.steps.find((s) => s.step.id === 'lint')!.stdout, /^::warning file=k8s\/web\.yaml,/m);
  assert.equal(run.outputs['sarif-file'], upload.with!.sarif_file);
  assert.ok(existsSync(join(workspace, upload.with!.sarif_file!)));
  assert.match(String((upload as { if?: string }).if), new RegExp(`steps\\.${step.id}\\.outputs\\.sarif-file`));
});

test('README GitLab job: the script writes the Code Quality report its artifact names', () => {
  const job = Object.values(parse(snippet('gitlab-ci')) as Record<string, { script: string[]; artifacts: { reports: { codequality: string } } }>)[0]!;
  const workspace = tree({ 'k8s/web.yaml': NO_PRESTOP });
  for (const line of job.script) {
    const run = shell(line, workspace);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /missing-prestop/);
  }
  const report = JSON.parse(readFileSync(join(workspace, job.artifacts.reports.codequality), 'utf8')) as { check_name: string; location: { path: string } }[];
  assert.deepEqual(
    report.map((i) => [i.check_name, i.location.path]),
    [['missing-prestop', 'k8s/web.yaml']],
  );
});

test('README pre-commit config: the hook exists, and its entry with the args fails on a warning in a staged file only', () => {
  const config = parse(snippet('pre-commit-config')) as { repos: { repo: string; hooks: { id: string; args?: string[] }[] }[] };
  const [{ repo, hooks }] = config.repos as [(typeof config.repos)[number]];
  assert.equal(`${repo}.git`, (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { repository: { url: string } }).repository.url);
  const manifest = parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; files: string }[];
  const hook = manifest.find((h) => h.id === hooks[0]!.id)!;
  assert.ok(hook, `.pre-commit-hooks.yaml defines ${hooks[0]!.id}`);
  const files = new RegExp(hook.files);
  for (const name of ['k8s/web.yaml', 'Dockerfile', 'svc/Containerfile.prod', 'api.Dockerfile', 'values.yml']) assert.ok(files.test(name), name);
  for (const name of ['README.md', 'Dockerfile-notes.txt', 'yaml/readme']) assert.ok(!files.test(name), name);
  const repoDir = tree({
    'k8s/web.yaml': k8s.deployment({ name: 'web', replicas: 3, app: 'web', fields: k8s.containerPort(8080) }),
    'policies/pdb.yaml': k8s.pdb(),
    'k8s/other.yaml': NO_PRESTOP,
  });
  // pre-commit runs `entry args... files...` from the repository root.
  const run = shell(`${hook.entry} ${(hooks[0]!.args ?? []).join(' ')} k8s/web.yaml`, repoDir);
  assert.equal(run.status, 1, run.stdout);
  assert.match(run.stdout, /missing-prestop/);
  assert.match(run.stderr, /warnings exceed --max-warnings 0/);
  assert.doesNotMatch(run.stdout, /missing-pdb|other\.yaml/);
});

test('README pipes and cluster audit: rendered and listed manifests are linted from standard input', () => {
  const workspace = tree();
  writeTree(workspace, { 'overlays/prod/.graceful.yaml': 'rules:\n  missing-prestop: error\n' });
  const [helm, kustomize] = snippet('pipes').trim().split('\n') as [string, string];
  const rendered = shell(helm, workspace);
  assert.equal(rendered.status, 0, rendered.stderr);
  assert.match(rendered.stdout, /missing-prestop/);
  const built = shell(kustomize, workspace);
  assert.equal(built.status, 1, 'the overlay folder config makes missing-prestop an error');
  assert.match(built.stdout, /\noverlays\/prod\/rendered\.yaml\n {2}16:11 {2}error/);
  const audit = shell(snippet('cluster-audit').trim(), workspace);
  assert.equal(audit.status, 0, audit.stderr);
  assert.match(audit.stdout, /\n<stdin> Deployment shop\/web\n/);
  assert.doesNotMatch(audit.stdout, /ReplicaSet|Pod /);
});
