import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as k8s from '../helpers/manifests';
import { anchorText, findings, fixOnce, lint } from '../helpers/workspace';

/** A Deployment of `replicas` pods whose spec has these `strategy` lines (at 2 spaces). */
const deployment = (replicas: number | string, strategy = '') => k8s.deployment({ replicas, spec: strategy, selector: { app: 'web' }, labels: { app: 'web' } });

const rolling = (fields: string) => `  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n${fields}`;

const hpa = (minReplicas: number) => k8s.hpa({ minReplicas, maxReplicas: 20 });

test('the default 25% flags from 2 replicas on, anchored on kind when there is no strategy', () => {
  const text = deployment(4);
  const [finding, ...rest] = lint(text, 'rollout-max-unavailable');
  assert.equal(rest.length, 0);
  assert.equal(finding!.severity, 'hint');
  assert.equal(anchorText(text, finding!), 'kind: Deployment');
  assert.match(finding!.message, /can stop 1 of its 4 pods .*maxUnavailable 25%, the default/);
  assert.deepEqual(lint(deployment(1), 'rollout-max-unavailable'), []);
});

test('RULES.md: maxUnavailable absent (25%) flags even where Kubernetes rounds it down to 0 pods', () => {
  for (const replicas of [2, 3]) {
    const text = deployment(replicas);
    const [finding, ...rest] = lint(text, 'rollout-max-unavailable');
    assert.equal(rest.length, 0, `${replicas}`);
    assert.equal(anchorText(text, finding!), 'kind: Deployment');
    assert.match(finding!.message, new RegExp(`rounds down to 0 of ${replicas} pods today`));
  }
  const explicit = deployment(3, rolling('      maxUnavailable: "10%"\n'));
  assert.equal(anchorText(explicit, lint(explicit, 'rollout-max-unavailable')[0]!), 'strategy');
});

test('an explicit maxUnavailable above 0 flags from 2 replicas, anchored on strategy', () => {
  const text = deployment(2, rolling('      maxUnavailable: 1\n'));
  const [finding] = lint(text, 'rollout-max-unavailable');
  assert.equal(anchorText(text, finding!), 'strategy');
  assert.deepEqual(lint(deployment(2, rolling('      maxUnavailable: "50%"\n')), 'rollout-max-unavailable').length, 1);
  assert.deepEqual(lint(deployment(2, rolling('      maxUnavailable: "0%"\n')), 'rollout-max-unavailable'), []);
  assert.deepEqual(lint(deployment(2, rolling('      maxUnavailable: 0\n')), 'rollout-max-unavailable'), []);
  assert.deepEqual(lint(deployment(1, rolling('      maxUnavailable: 1\n')), 'rollout-max-unavailable'), []);
});

test('when both round to 0, Kubernetes takes one pod down anyway', () => {
  assert.equal(lint(deployment(2, rolling('      maxUnavailable: "25%"\n      maxSurge: 0\n')), 'rollout-max-unavailable').length, 1);
});

test('silent for Recreate, templated values, non-Deployments and kustomize patches', () => {
  assert.deepEqual(lint(deployment(4, '  strategy:\n    type: Recreate\n'), 'rollout-max-unavailable'), []);
  assert.deepEqual(lint(deployment(4, '  strategy:\n    type: {{ .Values.strategy }}\n'), 'rollout-max-unavailable'), []);
  assert.deepEqual(lint(deployment('{{ .Values.replicas }}'), 'rollout-max-unavailable'), []);
  assert.deepEqual(lint(deployment(4, rolling('      maxUnavailable: {{ .Values.maxUnavailable }}\n')), 'rollout-max-unavailable'), []);
  assert.deepEqual(lint(deployment(4, '  {{- with .Values.strategy }}\n  strategy:\n    {{- toYaml . | nindent 4 }}\n  {{- end }}\n'), 'rollout-max-unavailable'), []);
  assert.deepEqual(lint(deployment(4, '  {{- toYaml .Values.deploymentExtras | nindent 2 }}\n'), 'rollout-max-unavailable'), []);
  assert.deepEqual(lint(deployment(4).replace('Deployment', 'StatefulSet'), 'rollout-max-unavailable'), []);
  // Control flow and comments emit nothing: the strategy is still known to be absent.
  const controlOnly = deployment(4, '  {{- if .Values.enabled }}\n  {{- /* strategy comes from defaults */}}\n  {{- end }}\n');
  assert.equal(lint(controlOnly, 'rollout-max-unavailable').length, 1);
  const files = {
    '/w/kustomization.yaml': k8s.kustomization([], ['deploy.yaml']),
    '/w/deploy.yaml': deployment(4),
  };
  assert.deepEqual(findings(files, '/w/deploy.yaml', 'rollout-max-unavailable'), []);
});

test('an HPA owns the count: its minReplicas decides, with the HPA as related information', () => {
  const files = { '/w/deploy.yaml': deployment(1, rolling('      maxUnavailable: 1\n')), '/w/hpa.yaml': hpa(3) };
  const [finding] = findings(files, '/w/deploy.yaml', 'rollout-max-unavailable');
  assert.deepEqual(finding!.related?.map((r) => r.path), ['/w/hpa.yaml']);
  assert.deepEqual(findings({ ...files, '/w/hpa.yaml': hpa(1) }, '/w/deploy.yaml', 'rollout-max-unavailable'), []);
});

test('the old extensions/v1beta1 defaulted maxUnavailable to 1', () => {
  assert.equal(lint(deployment(2).replace('apps/v1', 'extensions/v1beta1'), 'rollout-max-unavailable').length, 1);
});

test('fix: inserts a strategy when there is none', () => {
  const fixed = fixOnce({ '/w/d.yaml': deployment(4) }, '/w/d.yaml', 'rollout-max-unavailable');
  assert.equal(fixed, `${deployment(4)}  strategy:\n    rollingUpdate:\n      maxUnavailable: 0\n`);
});

test('fix: inserts rollingUpdate into an existing strategy', () => {
  const text = deployment(4, '  strategy:\n    type: RollingUpdate # default\n');
  const fixed = fixOnce({ '/w/d.yaml': text }, '/w/d.yaml', 'rollout-max-unavailable');
  assert.equal(fixed, deployment(4, '  strategy:\n    type: RollingUpdate # default\n    rollingUpdate:\n      maxUnavailable: 0\n'));
});

test('fix: replaces the value (a quoted percentage becomes the integer 0) and raises a zero maxSurge', () => {
  const text = deployment(4, rolling('      maxUnavailable: "50%"\n      maxSurge: 0\n'));
  const fixed = fixOnce({ '/w/d.yaml': text }, '/w/d.yaml', 'rollout-max-unavailable');
  assert.equal(fixed, deployment(4, rolling('      maxUnavailable: 0\n      maxSurge: 1\n')));
  const surgeOnly = deployment(4, rolling('      maxSurge: "0%"\n'));
  assert.equal(fixOnce({ '/w/d.yaml': surgeOnly }, '/w/d.yaml', 'rollout-max-unavailable'), deployment(4, rolling('      maxSurge: 1\n      maxUnavailable: 0\n')));
  const positiveSurge = deployment(4, rolling('      maxUnavailable: 2\n      maxSurge: "10%"\n'));
  assert.equal(fixOnce({ '/w/d.yaml': positiveSurge }, '/w/d.yaml', 'rollout-max-unavailable'), deployment(4, rolling('      maxUnavailable: 0\n      maxSurge: "10%"\n')));
});

test('fix: 4-space indentation with flush sequences, and CRLF', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
    name: web
spec:
    replicas: 8
    strategy:
        type: RollingUpdate
    template:
        spec:
            containers:
            - name: web
              image: example/web:1.0
`;
  const fixed = fixOnce({ '/w/d.yaml': text }, '/w/d.yaml', 'rollout-max-unavailable');
  assert.equal(fixed, text.replace('        type: RollingUpdate\n', '        type: RollingUpdate\n        rollingUpdate:\n            maxUnavailable: 0\n'));
  const crlf = deployment(4).replace(/\n/g, '\r\n');
  assert.equal(fixOnce({ '/w/d.yaml': crlf }, '/w/d.yaml', 'rollout-max-unavailable'), `${crlf}  strategy:\r\n    rollingUpdate:\r\n      maxUnavailable: 0\r\n`);
});

test('fix: none for a flow-style strategy that needs an insertion', () => {
  const [finding] = lint(deployment(4, '  strategy: {type: RollingUpdate}\n'), 'rollout-max-unavailable');
  assert.deepEqual(finding!.fixes, []);
});

test('kind: List items are checked', () => {
  const text = `apiVersion: v1\nkind: List\nitems:\n${deployment(4).trimEnd().replace(/^/gm, '  ').replace('  apiVersion', '- apiVersion')}\n`;
  const fixed = fixOnce({ '/w/list.yaml': text }, '/w/list.yaml', 'rollout-max-unavailable');
  assert.equal(fixed, `${text}    strategy:\n      rollingUpdate:\n        maxUnavailable: 0\n`);
});
