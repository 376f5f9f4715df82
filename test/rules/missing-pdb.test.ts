import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as k8s from '../helpers/manifests';
import { anchorText, findings, fixOnce, lint, workspace } from '../helpers/workspace';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';

const DEPLOYMENT = k8s.deployment({ replicas: 3, selector: { app: 'web' }, labels: { app: 'web', tier: 'front' } });

/** A budget with these selector lines (at 2 spaces). */
const pdb = (selector: string, namespace?: string) => k8s.pdb({ name: 'guard', namespace, selector });

const withNamespace = (text: string, namespace: string) => text.replace('  name: web\n', `  name: web\n  namespace: ${namespace}\n`);

test('flags a replicated Deployment with no PodDisruptionBudget, anchored on its kind entry', () => {
  const [finding, ...rest] = lint(DEPLOYMENT, 'missing-pdb');
  assert.equal(rest.length, 0);
  assert.equal(anchorText(DEPLOYMENT, finding!), 'kind: Deployment');
  assert.match(finding!.message, /Deployment web runs 3 replicas but no PodDisruptionBudget/);
  assert.deepEqual(finding!.related, []);
});

test('flags StatefulSets, ReplicaSets and argo Rollouts too, but not DaemonSets', () => {
  for (const kind of ['StatefulSet', 'ReplicaSet']) assert.equal(lint(DEPLOYMENT.replace('Deployment', kind), 'missing-pdb').length, 1, kind);
  assert.equal(lint(DEPLOYMENT.replace('apps/v1\nkind: Deployment', 'argoproj.io/v1alpha1\nkind: Rollout'), 'missing-pdb').length, 1);
  assert.equal(lint(DEPLOYMENT.replace('Deployment', 'DaemonSet'), 'missing-pdb').length, 0);
  const referencing = DEPLOYMENT.replace('apps/v1\nkind: Deployment', 'argoproj.io/v1alpha1\nkind: Rollout').replace('  replicas: 3\n', '  replicas: 3\n  workloadRef:\n    kind: Deployment\n    name: web-base\n');
  assert.equal(lint(referencing, 'missing-pdb').length, 0, 'a Rollout with workloadRef has no pod template of its own');
});

test('stays silent for one replica, an absent count, or templated replicas or labels', () => {
  assert.equal(lint(DEPLOYMENT.replace('replicas: 3', 'replicas: 1'), 'missing-pdb').length, 0);
  assert.equal(lint(DEPLOYMENT.replace('  replicas: 3\n', ''), 'missing-pdb').length, 0);
  assert.equal(lint(DEPLOYMENT.replace('replicas: 3', 'replicas: {{ .Values.replicas }}'), 'missing-pdb').length, 0);
  assert.equal(lint(DEPLOYMENT.replace('replicas: 3', 'replicas: "3"'), 'missing-pdb').length, 0);
  assert.equal(lint(DEPLOYMENT.replace('        tier: front', '        tier: {{ .Values.tier }}'), 'missing-pdb').length, 0);
});

test('stays silent when a Helm line may emit more pod labels (one of them could be what a budget selects)', () => {
  const labels = DEPLOYMENT.replace('        tier: front\n', '        tier: front\n        {{- include "web.labels" . | nindent 8 }}\n');
  assert.equal(lint(labels, 'missing-pdb').length, 0);
  // A directive that emits at another level does not hide anything at spec level.
  const deeper = DEPLOYMENT.replace('        - name: web\n', '        {{- include "web.sidecars" . | nindent 8 }}\n        - name: web\n');
  assert.equal(lint(deeper, 'missing-pdb').length, 1);
});

test('a PodDisruptionBudget in another file of the same namespace covers the workload', () => {
  const files = { '/w/deploy.yaml': withNamespace(DEPLOYMENT, 'shop'), '/w/pdb.yaml': pdb('  selector:\n    matchLabels:\n      app: web\n', 'shop') };
  assert.equal(findings(files, '/w/deploy.yaml', 'missing-pdb').length, 0);
});

test('a PodDisruptionBudget in another namespace does not count', () => {
  const files = { '/w/deploy.yaml': withNamespace(DEPLOYMENT, 'shop'), '/w/pdb.yaml': pdb('  selector:\n    matchLabels:\n      app: web\n', 'billing') };
  assert.equal(findings(files, '/w/deploy.yaml', 'missing-pdb').length, 1);
});

test('an object without a namespace is compatible with any namespace', () => {
  const pdbWithout = { '/w/deploy.yaml': withNamespace(DEPLOYMENT, 'shop'), '/w/pdb.yaml': pdb('  selector:\n    matchLabels:\n      app: web\n') };
  assert.equal(findings(pdbWithout, '/w/deploy.yaml', 'missing-pdb').length, 0);
  const workloadWithout = { '/w/deploy.yaml': DEPLOYMENT, '/w/pdb.yaml': pdb('  selector:\n    matchLabels:\n      app: web\n', 'shop') };
  assert.equal(findings(workloadWithout, '/w/deploy.yaml', 'missing-pdb').length, 0);
});

test('selectors: matchLabels must all match, matchExpressions count, absent selects nothing, {} selects all', () => {
  const covered = (selector: string) => findings({ '/w/d.yaml': DEPLOYMENT, '/w/p.yaml': pdb(selector) }, '/w/d.yaml', 'missing-pdb').length === 0;
  assert.equal(covered('  selector:\n    matchLabels:\n      app: web\n      tier: back\n'), false);
  assert.equal(covered('  selector:\n    matchExpressions:\n      - key: tier\n        operator: In\n        values: [front, edge]\n'), true);
  assert.equal(covered('  selector:\n    matchExpressions:\n      - key: tier\n        operator: NotIn\n        values: [front]\n'), false);
  assert.equal(covered('  selector:\n    matchExpressions:\n      - key: app\n        operator: Exists\n'), true);
  assert.equal(covered('  selector:\n    matchExpressions:\n      - key: app\n        operator: DoesNotExist\n'), false);
  assert.equal(covered(''), false);
  assert.equal(covered('  selector: {}\n'), true);
});

test('a templated PodDisruptionBudget selector might cover the pods: silent', () => {
  const files = { '/w/d.yaml': DEPLOYMENT, '/w/p.yaml': pdb('  selector:\n    matchLabels:\n      {{- include "web.selectorLabels" . | nindent 6 }}\n') };
  assert.equal(findings(files, '/w/d.yaml', 'missing-pdb').length, 0);
  const inline = { '/w/d.yaml': DEPLOYMENT, '/w/p.yaml': pdb('  selector:\n    matchLabels:\n      app: {{ .Values.app }}\n') };
  assert.equal(findings(inline, '/w/d.yaml', 'missing-pdb').length, 0);
});

test('an HPA with minReplicas >= 2 in another file makes a single-replica Deployment need a budget', () => {
  const files = { '/w/deploy.yaml': DEPLOYMENT.replace('  replicas: 3\n', ''), '/w/hpa.yaml': k8s.hpa({ minReplicas: 3 }) };
  const [finding, ...rest] = findings(files, '/w/deploy.yaml', 'missing-pdb');
  assert.equal(rest.length, 0);
  assert.match(finding!.message, /at least 3 replicas/);
  assert.equal(finding!.related?.length, 1);
  assert.equal(finding!.related![0]!.path, '/w/hpa.yaml');
  assert.equal(anchorText(files['/w/hpa.yaml'], { ...finding!, range: finding!.related![0]!.range }), 'kind');
  // The HPA owns the count even when the chart templates spec.replicas.
  const templated = { ...files, '/w/deploy.yaml': DEPLOYMENT.replace('replicas: 3', 'replicas: {{ .Values.replicas }}') };
  assert.equal(findings(templated, '/w/deploy.yaml', 'missing-pdb').length, 1);
});

test('an HPA with minReplicas 1 (or its default), a templated one, or replicas 0 does not raise the count', () => {
  const base = DEPLOYMENT.replace('  replicas: 3\n', '');
  assert.equal(findings({ '/w/d.yaml': base, '/w/h.yaml': k8s.hpa({ minReplicas: 1 }) }, '/w/d.yaml', 'missing-pdb').length, 0);
  assert.equal(findings({ '/w/d.yaml': base, '/w/h.yaml': k8s.hpa() }, '/w/d.yaml', 'missing-pdb').length, 0);
  assert.equal(findings({ '/w/d.yaml': base, '/w/h.yaml': k8s.hpa({ minReplicas: '{{ .Values.min }}' }) }, '/w/d.yaml', 'missing-pdb').length, 0);
  const zero = DEPLOYMENT.replace('replicas: 3', 'replicas: 0');
  assert.equal(findings({ '/w/d.yaml': zero, '/w/h.yaml': k8s.hpa({ minReplicas: 3 }) }, '/w/d.yaml', 'missing-pdb').length, 0);
  const otherNamespace = { '/w/d.yaml': withNamespace(base, 'shop'), '/w/h.yaml': withNamespace(k8s.hpa({ minReplicas: 3 }), 'billing') };
  assert.equal(findings(otherNamespace, '/w/d.yaml', 'missing-pdb').length, 0);
});

test('a file that a kustomization lists as a patch is a fragment: silent', () => {
  const files = {
    '/w/overlay/kustomization.yaml': k8s.kustomization(['../base'], ['replicas.yaml']),
    '/w/overlay/replicas.yaml': DEPLOYMENT,
  };
  assert.equal(findings(files, '/w/overlay/replicas.yaml', 'missing-pdb').length, 0);
  // ... and a budget that only exists as a patch does not cover anything by itself.
  const patchedPdb = {
    '/w/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatchesStrategicMerge:\n  - pdb-patch.yaml\n',
    '/w/pdb-patch.yaml': pdb('  selector:\n    matchLabels:\n      app: web\n'),
    '/w/deploy.yaml': DEPLOYMENT,
  };
  assert.equal(findings(patchedPdb, '/w/deploy.yaml', 'missing-pdb').length, 1);
});

test('fix: appends a PodDisruptionBudget with the workload selector, which itself raises nothing', () => {
  const files = { '/w/deploy.yaml': DEPLOYMENT };
  const fixed = fixOnce(files, '/w/deploy.yaml', 'missing-pdb');
  assert.equal(
    fixed,
    DEPLOYMENT +
      `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web-pdb
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: web
`,
  );
  const pdbStart = fixed.indexOf('---');
  const all = workspace({ '/w/deploy.yaml': fixed }).analyze('/w/deploy.yaml', DEFAULT_SETTINGS)!;
  assert.deepEqual(all.findings.filter((f) => f.range.start >= pdbStart), []);
  assert.deepEqual(all.problems, []);
});

test('fix: keeps the namespace and matchExpressions, in a 4-space file with flush sequences', () => {
  const text = `apiVersion: apps/v1
kind: StatefulSet
metadata:
    name: db
    namespace: data
spec:
    replicas: 2
    selector:
        matchLabels:
            app: db
        matchExpressions:
        - key: role
          operator: In
          values: [primary, replica]
    template:
        metadata:
            labels:
                app: db
                role: primary
        spec:
            containers:
            - name: db
              image: postgres:16`;
  const fixed = fixOnce({ '/w/db.yaml': text }, '/w/db.yaml', 'missing-pdb');
  assert.equal(
    fixed,
    text +
      `
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
    name: db-pdb
    namespace: data
spec:
    maxUnavailable: 1
    selector:
        matchLabels:
            app: db
        matchExpressions:
        - key: role
          operator: In
          values: ["primary", "replica"]
`,
  );
});

test('fix: uses the pod labels when the selector does not select the template, and keeps CRLF', () => {
  const text = DEPLOYMENT.replace('      app: web\n  template', '      app: other\n  template').replace(/\n/g, '\r\n');
  const fixed = fixOnce({ '/w/d.yaml': text }, '/w/d.yaml', 'missing-pdb');
  assert.ok(fixed.endsWith('spec:\r\n  maxUnavailable: 1\r\n  selector:\r\n    matchLabels:\r\n      app: web\r\n      tier: front\r\n'));
});

test('fix: none when the name or the namespace is templated', () => {
  const unnamed = lint(DEPLOYMENT.replace('name: web\n', 'name: {{ .Release.Name }}\n'), 'missing-pdb');
  assert.equal(unnamed.length, 1);
  assert.deepEqual(unnamed[0]!.fixes, []);
  const namespaced = lint(withNamespace(DEPLOYMENT, '{{ .Release.Namespace }}'), 'missing-pdb');
  assert.equal(namespaced.length, 1);
  assert.deepEqual(namespaced[0]!.fixes, []);
});

test('kind: List items are checked one by one, and the fix appends after the list', () => {
  const items = DEPLOYMENT.trimEnd().replace(/^/gm, '    ').replace('    apiVersion: apps/v1', '  - apiVersion: apps/v1');
  const text = `apiVersion: v1\nkind: List\nitems:\n${items}\n`;
  const [finding, ...rest] = lint(text, 'missing-pdb');
  assert.equal(rest.length, 0);
  assert.equal(anchorText(text, finding!), 'kind: Deployment');
  const fixed = fixOnce({ '/w/list.yaml': text }, '/w/list.yaml', 'missing-pdb');
  assert.ok(fixed.startsWith(text));
  assert.match(fixed.slice(text.length), /^---\napiVersion: policy\/v1\nkind: PodDisruptionBudget\n/);
});

test('odd shapes do not crash and stay silent', () => {
  for (const text of [
    'apiVersion: apps/v1\nkind: Deployment\n',
    'apiVersion: apps/v1\nkind: Deployment\nspec: 3\n',
    'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: [3]\n  template: {metadata: {labels: {app: x}}, spec: {containers: []}}\n',
    'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2.5\n  template: {metadata: {labels: {app: x}}, spec: {containers: []}}\n',
  ]) {
    assert.deepEqual(lint(text, 'missing-pdb'), [], text);
  }
});
