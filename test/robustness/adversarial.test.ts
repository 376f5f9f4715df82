import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_FILE_CHARS } from '../../server/src/analyzer';
import { workspace } from '../helpers/workspace';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';

/** Analyses one file and returns its findings and problems; rule errors fail the test. */
function run(path: string, text: string) {
  return workspace({ [path]: text }).analyze(path, DEFAULT_SETTINGS)!;
}

const deployment = (containers: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: ${containers}
`;

test('billion laughs: bounded, no crash', () => {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 10; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  const text = `apiVersion: v1\nkind: ConfigMap\n${lines.join('\n')}\n`;
  const result = run('/w/bomb.yaml', text);
  assert.deepEqual(result.findings, []);
});

test('an alias bomb inside a pod spec yields no finding that depends on it', () => {
  const text = deployment('*c').replace('apiVersion', 'x: &c [{name: a, ports: [{containerPort: 80}]}]\napiVersion');
  assert.doesNotThrow(() => run('/w/alias.yaml', text));
});

test('10,000-level nesting', () => {
  const depth = 10_000;
  const flow = '['.repeat(depth) + ']'.repeat(depth);
  assert.doesNotThrow(() => run('/w/deep.yaml', `apiVersion: v1\nkind: ConfigMap\ndata: ${flow}\n`));
  const block = Array.from({ length: 2000 }, (_, i) => ' '.repeat(i) + `k${i}:`).join('\n');
  assert.doesNotThrow(() => run('/w/deep-block.yaml', block));
});

test('a manifest over the size limit is reported once and skipped', () => {
  const big = 'apiVersion: v1\nkind: ConfigMap\ndata:\n' + '  k: v\n'.repeat(Math.ceil(MAX_FILE_CHARS / 6) + 10);
  const result = run('/w/huge.yaml', big);
  assert.equal(result.findings.length, 0);
  assert.equal(result.problems.length, 1);
  assert.match(result.problems[0]!.message, /too large/);
});

test('a 10,000-line Dockerfile with continuations and heredocs', () => {
  const body: string[] = ['# syntax=docker/dockerfile:1', 'FROM alpine'];
  for (let i = 0; i < 2500; i++) body.push(`RUN echo ${i} \\`, `  && true`, `RUN <<EOF`, `echo ${i}`, 'EOF');
  body.push('CMD ["app"]');
  assert.doesNotThrow(() => run('/w/Dockerfile', body.join('\n') + '\n'));
});

test('a Windows Dockerfile with the backtick escape', () => {
  const text = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command `\n    Write-Host hi\nCMD ["C:\\\\app\\\\app.exe"]\n';
  assert.doesNotThrow(() => run('/w/Dockerfile', text));
});

test('documents that are scalars or sequences get no findings', () => {
  assert.deepEqual(run('/w/a.yaml', 'just a string\n---\n- a\n- b\n---\n42\n').findings, []);
});

test('a number apiVersion is not a Kubernetes object', () => {
  assert.deepEqual(run('/w/a.yaml', 'apiVersion: 1\nkind: Deployment\nspec: {replicas: 5}\n').findings, []);
});

test('containers written as a map, and probes of the wrong type, are silent', () => {
  assert.deepEqual(
    run('/w/a.yaml', deployment('{name: a, ports: [{containerPort: 80}]}')).findings.filter((f) => f.severity === 'error'),
    [],
  );
  const wrongTypes = deployment('[{name: a, livenessProbe: "yes", readinessProbe: [1, 2], lifecycle: 7, ports: [{containerPort: 80}]}]');
  assert.doesNotThrow(() => run('/w/b.yaml', wrongTypes));
});

test('duplicate keys: the last one wins, as with kubectl', () => {
  const text =
    'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  restartPolicy: Always\n  restartPolicy: Never\n  containers: [{name: a, image: x, ports: [{containerPort: 80}]}]\n';
  // restartPolicy Never makes the bare Pod run-once: no serving-container findings.
  assert.deepEqual(
    run('/w/a.yaml', text).findings.filter((f) => f.ruleId === 'missing-prestop' || f.ruleId === 'missing-readiness-probe'),
    [],
  );
});

test('binary content with a .yaml name is reported, not parsed', () => {
  const result = run('/w/image.yaml', 'PNG\0\0\0\x01\x02garbage');
  assert.equal(result.findings.length, 0);
  assert.match(result.problems[0]!.message, /binary/);
});

test('merge-conflict markers are a syntax problem, not a crash', () => {
  const text = 'apiVersion: v1\nkind: Pod\n<<<<<<< HEAD\nmetadata: {name: a}\n=======\nmetadata: {name: b}\n>>>>>>> branch\n';
  const result = run('/w/conflict.yaml', text);
  assert.ok(result.problems.length > 0);
});
