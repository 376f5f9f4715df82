import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { cliTrees, runCli } from '../cli/cli-process';
import { CORPUS, FIXTURES } from './chart-workspace';
import { findTestHelm } from './helm-tool';

const tree = cliTrees();
const { helm, skip } = findTestHelm();

/** A temp folder holding copies of fixture charts (or corpus ones: `corpus/NAME`). */
function chartsTree(...charts: string[]): string {
  const root = tree();
  for (const chart of charts) {
    const [from, name] = chart.startsWith('corpus/') ? [CORPUS, chart.slice('corpus/'.length)] : [FIXTURES, chart];
    cpSync(`${from}/${name}`, `${root}/${name}`, { recursive: true });
  }
  return root;
}

const rulesIn = (stdout: string, file: string) => {
  const section = stdout.split(/\n(?=\S)/).find((s) => s.startsWith(`${file}\n`));
  return section ? [...section.matchAll(/ {2}(\d+):\d+ .* {2}([a-z-]+)$/gm)].map((m) => `${m[1]} ${m[2]}`) : [];
};

describe('graceful lint --fix on charts (real helm)', { skip }, () => {
  it('writes values.yaml fixes, re-rendering between passes, and a second run finds nothing left to fix', () => {
    const root = chartsTree('values-fixes');
    const template = readFileSync(`${root}/values-fixes/templates/deployment.yaml`, 'utf8');
    const fixed = runCli(['lint', '--fix', '--helm', helm!, '.'], root);
    assert.equal(fixed.status, 0, fixed.stderr);
    assert.match(fixed.stdout, /^values-fixes\/templates\/deployment\.yaml: 2 fixes applied$/m);
    // grace raised twice (15 for the drain, then 30 with the new preStop) and lifecycle set; the probe stays (below).
    const values = readFileSync(`${root}/values-fixes/values.yaml`, 'utf8');
    assert.equal(parseDocument(values).errors.length, 0);
    assert.match(
      values,
      /^grace: 30\nlifecycle:\n {2}preStop:\n {4}sleep:\n {6}seconds: 15\nlivenessProbe:\n {2}httpGet:\n {4}path: \/ready {3}# the readiness endpoint\n/m,
    );
    assert.match(
      values,
      /^worker:\n {2}image: registry\.example\/worker:1\.0\n {2}livenessProbe:\n {4}tcpSocket:\n {6}port: http\n {2}lifecycle:\n {4}preStop:\n {6}sleep:\n {8}seconds: 15\n/m,
    );
    assert.match(fixed.stdout, /^values-fixes\/templates\/worker\.yaml: 2 fixes applied$/m);
    assert.equal(readFileSync(`${root}/values-fixes/templates/deployment.yaml`, 'utf8'), template);
    // The web readiness is a tcpSocket check of the port, so the preferred tcpSocket fix, which would repeat it
    // (liveness-equals-readiness), is not offered: the finding stays, with the path fix, which is not preferred.
    assert.deepEqual(rulesIn(fixed.stdout, 'values-fixes/templates/deployment.yaml'), ['27 liveness-checks-dependencies']);

    const again = runCli(['lint', '--fix', '--helm', helm!, '.'], root);
    assert.doesNotMatch(again.stdout, /applied/);
    assert.equal(readFileSync(`${root}/values-fixes/values.yaml`, 'utf8'), values);
  });

  it('JSON output lists the values.yaml edits of a fix under otherFiles', () => {
    const root = chartsTree('values-fixes');
    const run = runCli(['lint', '--format', 'json', '--helm', helm!, 'values-fixes'], root);
    const file = (
      JSON.parse(run.stdout) as { files: { path: string; findings: { ruleId: string; fixes: { edits: unknown[]; otherFiles?: { path: string }[] }[] }[] }[] }
    ).files.find((f) => f.path === 'values-fixes/templates/deployment.yaml')!;
    const fix = file.findings.find((f) => f.ruleId === 'grace-period-shortfall')!.fixes[0]!;
    assert.deepEqual(fix.edits, []);
    assert.deepEqual(
      fix.otherFiles?.map((o) => o.path),
      ['values-fixes/values.yaml'],
    );
  });

  it('writes template fixes (a literal line of a corpus chart)', () => {
    const root = chartsTree('corpus/opentelemetry-operator');
    const fixed = runCli(['lint', '--fix', '--helm', helm!, 'opentelemetry-operator'], root);
    assert.match(fixed.stdout, /^opentelemetry-operator\/templates\/deployment\.yaml: 1 fix applied$/m);
    assert.match(readFileSync(`${root}/opentelemetry-operator/templates/deployment.yaml`, 'utf8'), /^ {6}terminationGracePeriodSeconds: 15$/m);
    assert.ok(!rulesIn(fixed.stdout, 'opentelemetry-operator/templates/deployment.yaml').some((r) => r.endsWith('grace-period-shortfall')));
  });

  it('leaves a chart untouched, with a problem on Chart.yaml, when its fixed files no longer render', () => {
    const root = chartsTree('values-fixes');
    // The schema allows the first pass (grace 15) but not the second (30, with the preStop).
    writeFileSync(`${root}/values-fixes/values.schema.json`, JSON.stringify({ type: 'object', properties: { grace: { type: 'integer', maximum: 20 } } }));
    const values = readFileSync(`${root}/values-fixes/values.yaml`, 'utf8');
    const run = runCli(['lint', '--fix', '--helm', helm!, 'values-fixes'], root);
    assert.equal(run.status, 1);
    assert.doesNotMatch(run.stdout, /applied/);
    assert.match(
      run.stdout,
      /^values-fixes\/Chart\.yaml\n {2}error {2}fixes not written: the fixed chart does not render: values don't meet[^]*'\/grace': maximum: got 30, want 20$/m,
    );
    assert.equal(readFileSync(`${root}/values-fixes/values.yaml`, 'utf8'), values);
    // Reported as on disk.
    assert.deepEqual(rulesIn(run.stdout, 'values-fixes/templates/deployment.yaml'), [
      '15 grace-period-shortfall',
      '17 missing-prestop',
      '27 liveness-checks-dependencies',
    ]);
  });
});
