import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { cliTrees, runCli } from '../cli/cli-process';
import { FIXTURES } from './chart-workspace';
import { findTestHelm } from './helm-tool';

const tree = cliTrees();
const { helm, skip } = findTestHelm();

/** A temp folder holding a copy of the `app` fixture chart, plus `files`. */
function appTree(files: Record<string, string> = {}): string {
  const root = tree(files);
  cpSync(`${FIXTURES}/app`, `${root}/app`, { recursive: true });
  return root;
}

const rulesIn = (stdout: string, file: string) => {
  const section = stdout.split(/\n(?=\S)/).find((s) => s.startsWith(file));
  return section ? [...section.matchAll(/ {2}(\d+):\d+ .* {2}([a-z-]+)$/gm)].map((m) => `${m[1]} ${m[2]}`) : [];
};

describe('graceful lint with helm', { skip }, () => {
  it('--helm renders, --set and --values change the render, --no-helm checks the templates as written', () => {
    const root = appTree({ 'on.yaml': 'worker:\n  enabled: true\n' });
    const deployed = runCli(['lint', 'app', '--helm', helm!], root);
    assert.deepEqual(rulesIn(deployed.stdout, 'app/templates/worker.yaml'), []);
    assert.deepEqual(rulesIn(deployed.stdout, 'app/templates/deployment.yaml'), ['16 missing-prestop', '27 liveness-checks-dependencies']);
    const set = runCli(['lint', 'app', '--helm', helm!, '--set', 'worker.enabled=true'], root);
    assert.deepEqual(rulesIn(set.stdout, 'app/templates/worker.yaml'), ['10 missing-prestop', '10 missing-readiness-probe']);
    const values = runCli(['lint', 'app', '--helm', helm!, '--values', 'on.yaml'], root);
    assert.deepEqual(rulesIn(values.stdout, 'app/templates/worker.yaml'), ['10 missing-prestop', '10 missing-readiness-probe']);
    const written = runCli(['lint', 'app', '--helm', helm!, '--no-helm'], root);
    assert.ok(rulesIn(written.stdout, 'app/templates/worker.yaml').length > 0);
    assert.equal(written.stderr, '');
  });

  it('.graceful.yaml: helm off, and values and set per chart', () => {
    const off = appTree({ '.graceful.yaml': 'helm: off\n' });
    assert.ok(rulesIn(runCli(['lint', 'app', '--helm', helm!], off).stdout, 'app/templates/worker.yaml').length > 0);
    const perChart = appTree({ '.graceful.yaml': 'helm:\n  charts:\n    app:\n      set: { worker.enabled: true }\n' });
    assert.deepEqual(rulesIn(runCli(['lint', 'app', '--helm', helm!], perChart).stdout, 'app/templates/worker.yaml'), [
      '10 missing-prestop',
      '10 missing-readiness-probe',
    ]);
    const files = appTree({ '.graceful.yaml': 'helm:\n  values: [on.yaml]\n', 'on.yaml': 'worker:\n  enabled: true\n' });
    assert.deepEqual(rulesIn(runCli(['lint', 'app', '--helm', helm!], files).stdout, 'app/templates/worker.yaml'), [
      '10 missing-prestop',
      '10 missing-readiness-probe',
    ]);
  });

  it("a chart that fails to render is a problem on Chart.yaml with helm's message (exit 1)", () => {
    const run = runCli(['lint', `${FIXTURES}/required-value`, '--helm', helm!], FIXTURES);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /^required-value\/Chart\.yaml\n {2}error {2}helm template failed; the chart is checked as written: .*a name is required/m);
  });
});

describe('which helm runs', () => {
  it('never one the repository names: helm.path in .graceful.yaml is refused and workspace settings are not read', () => {
    const root = appTree({
      'evil.sh': '#!/bin/sh\ntouch "$(dirname "$0")/ran"\n',
      '.graceful.yaml': 'helm:\n  path: ./evil.sh\n',
      '.vscode/settings.json': '{ "graceful.helm.path": "./evil.sh" }\n',
    });
    chmodSync(`${root}/evil.sh`, 0o755);
    const run = runCli(['lint', '.'], root, { PATH: '/usr/bin:/bin' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /helm\.path: helm\.path is not read from \.graceful\.yaml: a repository must not choose a program to run/);
    const allowed = appTree({ 'evil.sh': '#!/bin/sh\ntouch "$(dirname "$0")/ran"\n', '.vscode/settings.json': '{ "graceful.helm.path": "./evil.sh" }\n' });
    chmodSync(`${allowed}/evil.sh`, 0o755);
    const plain = runCli(['lint', '.'], allowed, { PATH: '/usr/bin:/bin' });
    assert.match(plain.stderr, /helm not found: the chart is checked as written/);
    assert.ok(!existsSync(`${root}/ran`) && !existsSync(`${allowed}/ran`), "the repository's script never ran");
  });

  it('--helm that is not an executable file is a usage error', () => {
    const run = runCli(['lint', '.', '--helm', 'no/such/helm'], appTree());
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--helm no\/such\/helm: not an executable file/);
  });
});
