import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as k8s from '../helpers/manifests';
import { anchorText, findings, fixOnce, lint } from '../helpers/workspace';

/** A Deployment of `replicas` pods with `extra` lines (at 2 spaces) in its spec. */
const deployment = (replicas: number | string, extra = '') => k8s.deployment({ replicas, spec: extra, selector: { app: 'web' }, labels: { app: 'web' } });

test('flags a Deployment with 2 or more replicas and no minReadySeconds, anchored on its kind entry', () => {
  const text = deployment(2);
  const [finding, ...rest] = lint(text, 'missing-min-ready-seconds');
  assert.equal(rest.length, 0);
  assert.equal(finding!.severity, 'hint');
  assert.equal(anchorText(text, finding!), 'kind: Deployment');
  assert.match(finding!.message, /Deployment web runs 2 replicas but has no minReadySeconds/);
});

test('silent with one replica, any minReadySeconds, Recreate, templates, other kinds or a kustomize patch', () => {
  assert.deepEqual(lint(deployment(1), 'missing-min-ready-seconds'), []);
  assert.deepEqual(lint(deployment(3).replace('  replicas: 3\n', ''), 'missing-min-ready-seconds'), []);
  assert.deepEqual(lint(deployment(3, '  minReadySeconds: 0\n'), 'missing-min-ready-seconds'), []);
  assert.deepEqual(lint(deployment(3, '  minReadySeconds: {{ .Values.minReadySeconds }}\n'), 'missing-min-ready-seconds'), []);
  assert.deepEqual(lint(deployment(3, '  {{- toYaml .Values.rollout | nindent 2 }}\n'), 'missing-min-ready-seconds'), []);
  assert.deepEqual(lint(deployment('{{ .Values.replicas }}'), 'missing-min-ready-seconds'), []);
  assert.deepEqual(lint(deployment(3, '  strategy:\n    type: Recreate\n'), 'missing-min-ready-seconds'), []);
  assert.deepEqual(lint(deployment(3).replace('Deployment', 'StatefulSet'), 'missing-min-ready-seconds'), []);
  const files = {
    '/w/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatchesStrategicMerge:\n  - deploy.yaml\n',
    '/w/deploy.yaml': deployment(3),
  };
  assert.deepEqual(findings(files, '/w/deploy.yaml', 'missing-min-ready-seconds'), []);
});

test('an HPA in another file decides the count', () => {
  const hpa = (minReplicas: number) => k8s.hpa({ name: 'web-hpa', minReplicas, maxReplicas: 9 });
  const files = { '/w/deploy.yaml': deployment(1), '/w/hpa.yaml': hpa(2) };
  const [finding] = findings(files, '/w/deploy.yaml', 'missing-min-ready-seconds');
  assert.deepEqual(finding!.related?.map((r) => r.path), ['/w/hpa.yaml']);
  assert.deepEqual(findings({ '/w/deploy.yaml': deployment(3), '/w/hpa.yaml': hpa(1) }, '/w/deploy.yaml', 'missing-min-ready-seconds'), []);
});

test('fix: inserts minReadySeconds: 10 at the end of the Deployment spec', () => {
  const fixed = fixOnce({ '/w/d.yaml': deployment(3) }, '/w/d.yaml', 'missing-min-ready-seconds');
  assert.equal(fixed, `${deployment(3)}  minReadySeconds: 10\n`);
});

test('fix: follows 4-space indentation, CRLF, a missing final newline, and kind: List', () => {
  const four = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n    name: web\nspec:\n    replicas: 3\n    template:\n        spec:\n            containers:\n            - name: web\n              image: x # pinned\n';
  assert.equal(fixOnce({ '/w/d.yaml': four }, '/w/d.yaml', 'missing-min-ready-seconds'), `${four}    minReadySeconds: 10\n`);
  const crlf = deployment(3).replace(/\n/g, '\r\n').trimEnd();
  assert.equal(fixOnce({ '/w/d.yaml': crlf }, '/w/d.yaml', 'missing-min-ready-seconds'), `${crlf}\r\n  minReadySeconds: 10\r\n`);
  const list = `apiVersion: v1\nkind: List\nitems:\n${deployment(3).trimEnd().replace(/^/gm, '  ').replace('  apiVersion', '- apiVersion')}\n---\nkind: ConfigMap\napiVersion: v1\n`;
  const fixed = fixOnce({ '/w/list.yaml': list }, '/w/list.yaml', 'missing-min-ready-seconds');
  assert.equal(fixed, list.replace('\n---\n', '\n    minReadySeconds: 10\n---\n'));
});

test('fix: none for a flow-style spec', () => {
  const [finding] = lint('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2, template: {metadata: {labels: {app: web}}, spec: {containers: []}}}\n', 'missing-min-ready-seconds');
  assert.deepEqual(finding!.fixes, []);
});
