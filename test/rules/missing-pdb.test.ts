import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import * as k8s from '../helpers/manifests';
import { testRule, type InvalidCase, type RuleCase } from '../helpers/rule-tester';
import { fixOnce, workspace } from '../helpers/workspace';

const DEPLOYMENT = k8s.deployment({ replicas: 3, selector: { app: 'web' }, labels: { app: 'web', tier: 'front' } });

/** A budget with these selector lines (at 2 spaces). */
const pdb = (selector: string, namespace?: string) => k8s.pdb({ name: 'guard', namespace, selector });

const APP_WEB = '  selector:\n    matchLabels:\n      app: web\n';

const withNamespace = (text: string, namespace: string) => text.replace('  name: web\n', `  name: web\n  namespace: ${namespace}\n`);

/** The budget the fix appends for DEPLOYMENT. */
const APPENDED = `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web-pdb
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: web
`;

const ON_KIND = { anchor: 'kind: Deployment' };

/** DEPLOYMENT in /w/d.yaml beside a budget with these selector lines in /w/p.yaml. */
const beside = (name: string, selector: string) => ({ name, path: '/w/d.yaml', code: DEPLOYMENT, files: { '/w/p.yaml': pdb(selector) } });

const base = DEPLOYMENT.replace('  replicas: 3\n', '');
const hpaWorkspace = { path: '/w/deploy.yaml', code: base, files: { '/w/hpa.yaml': k8s.hpa({ minReplicas: 3 }) } };

const statefulSet = `apiVersion: apps/v1
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

const otherSelectorCrlf = DEPLOYMENT.replace('      app: web\n  template', '      app: other\n  template').replace(/\n/g, '\r\n');
const list = `apiVersion: v1\nkind: List\nitems:\n${DEPLOYMENT.trimEnd().replace(/^/gm, '    ').replace('    apiVersion: apps/v1', '  - apiVersion: apps/v1')}\n`;
const rollout = DEPLOYMENT.replace('apps/v1\nkind: Deployment', 'argoproj.io/v1alpha1\nkind: Rollout');

const valid: RuleCase[] = [
  { name: 'DaemonSets are not replicated workloads', code: DEPLOYMENT.replace('Deployment', 'DaemonSet') },
  {
    name: 'a Rollout with workloadRef has no pod template of its own',
    code: rollout.replace('  replicas: 3\n', '  replicas: 3\n  workloadRef:\n    kind: Deployment\n    name: web-base\n'),
  },
  { name: 'one replica', code: DEPLOYMENT.replace('replicas: 3', 'replicas: 1') },
  { name: 'an absent count', code: base },
  { name: 'templated replicas', code: DEPLOYMENT.replace('replicas: 3', 'replicas: {{ .Values.replicas }}') },
  { name: 'a string count', code: DEPLOYMENT.replace('replicas: 3', 'replicas: "3"') },
  { name: 'templated labels', code: DEPLOYMENT.replace('        tier: front', '        tier: {{ .Values.tier }}') },
  {
    name: 'a Helm line may emit more pod labels (one of them could be what a budget selects)',
    code: DEPLOYMENT.replace('        tier: front\n', '        tier: front\n        {{- include "web.labels" . | nindent 8 }}\n'),
  },
  {
    name: 'a budget in another file of the same namespace covers the workload',
    path: '/w/deploy.yaml',
    code: withNamespace(DEPLOYMENT, 'shop'),
    files: { '/w/pdb.yaml': pdb(APP_WEB, 'shop') },
  },
  {
    name: 'a budget without a namespace is compatible with any namespace',
    path: '/w/deploy.yaml',
    code: withNamespace(DEPLOYMENT, 'shop'),
    files: { '/w/pdb.yaml': pdb(APP_WEB) },
  },
  {
    name: 'a workload without a namespace is compatible with any namespace',
    path: '/w/deploy.yaml',
    code: DEPLOYMENT,
    files: { '/w/pdb.yaml': pdb(APP_WEB, 'shop') },
  },
  beside('matchExpressions In', '  selector:\n    matchExpressions:\n      - key: tier\n        operator: In\n        values: [front, edge]\n'),
  beside('matchExpressions Exists', '  selector:\n    matchExpressions:\n      - key: app\n        operator: Exists\n'),
  beside('selector {} selects all', '  selector: {}\n'),
  beside('a templated selector might cover the pods', '  selector:\n    matchLabels:\n      {{- include "web.selectorLabels" . | nindent 6 }}\n'),
  beside('a templated selector value might cover the pods', '  selector:\n    matchLabels:\n      app: {{ .Values.app }}\n'),
  { name: 'an HPA with minReplicas 1', path: '/w/d.yaml', code: base, files: { '/w/h.yaml': k8s.hpa({ minReplicas: 1 }) } },
  { name: 'an HPA with the default minReplicas', path: '/w/d.yaml', code: base, files: { '/w/h.yaml': k8s.hpa() } },
  { name: 'an HPA with a templated minReplicas', path: '/w/d.yaml', code: base, files: { '/w/h.yaml': k8s.hpa({ minReplicas: '{{ .Values.min }}' }) } },
  {
    name: 'replicas 0 with an HPA',
    path: '/w/d.yaml',
    code: DEPLOYMENT.replace('replicas: 3', 'replicas: 0'),
    files: { '/w/h.yaml': k8s.hpa({ minReplicas: 3 }) },
  },
  {
    name: 'an HPA in another namespace',
    path: '/w/d.yaml',
    code: withNamespace(base, 'shop'),
    files: { '/w/h.yaml': withNamespace(k8s.hpa({ minReplicas: 3 }), 'billing') },
  },
  {
    name: 'a file that a kustomization lists as a patch is a fragment',
    path: '/w/overlay/replicas.yaml',
    code: DEPLOYMENT,
    files: { '/w/overlay/kustomization.yaml': k8s.kustomization(['../base'], ['replicas.yaml']) },
  },
  ...[
    'apiVersion: apps/v1\nkind: Deployment\n',
    'apiVersion: apps/v1\nkind: Deployment\nspec: 3\n',
    'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: [3]\n  template: {metadata: {labels: {app: x}}, spec: {containers: []}}\n',
    'apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2.5\n  template: {metadata: {labels: {app: x}}, spec: {containers: []}}\n',
  ].map((code) => ({ name: `odd shapes do not crash: ${JSON.stringify(code)}`, code })),
];

const invalid: InvalidCase[] = [
  {
    name: 'a replicated Deployment with no budget, anchored on its kind entry; the fix appends a budget with the workload selector',
    code: DEPLOYMENT,
    errors: [{ ...ON_KIND, message: 'Deployment web runs 3 replicas but no PodDisruptionBudget', related: [] }],
    output: DEPLOYMENT + APPENDED,
  },
  ...['StatefulSet', 'ReplicaSet'].map((kind) => ({ name: kind, code: DEPLOYMENT.replace('Deployment', kind), errors: [{ anchor: `kind: ${kind}` }] })),
  { name: 'argo Rollout', code: rollout, errors: [{ anchor: 'kind: Rollout' }] },
  {
    name: 'a directive that emits at another level does not hide labels at spec level',
    code: DEPLOYMENT.replace('        - name: web\n', '        {{- include "web.sidecars" . | nindent 8 }}\n        - name: web\n'),
    errors: [ON_KIND],
  },
  {
    name: 'a budget in another namespace does not count',
    path: '/w/deploy.yaml',
    code: withNamespace(DEPLOYMENT, 'shop'),
    files: { '/w/pdb.yaml': pdb(APP_WEB, 'billing') },
    errors: [ON_KIND],
  },
  { ...beside('matchLabels must all match', '  selector:\n    matchLabels:\n      app: web\n      tier: back\n'), errors: [ON_KIND] },
  {
    ...beside('matchExpressions NotIn', '  selector:\n    matchExpressions:\n      - key: tier\n        operator: NotIn\n        values: [front]\n'),
    errors: [ON_KIND],
  },
  { ...beside('matchExpressions DoesNotExist', '  selector:\n    matchExpressions:\n      - key: app\n        operator: DoesNotExist\n'), errors: [ON_KIND] },
  { ...beside('an absent selector selects nothing', ''), errors: [ON_KIND] },
  {
    name: 'an HPA with minReplicas >= 2 in another file makes a single-replica Deployment need a budget',
    ...hpaWorkspace,
    errors: [{ ...ON_KIND, message: 'at least 3 replicas', related: [{ path: '/w/hpa.yaml', anchor: 'kind' }] }],
  },
  {
    name: 'the HPA owns the count even when the chart templates spec.replicas',
    ...hpaWorkspace,
    code: DEPLOYMENT.replace('replicas: 3', 'replicas: {{ .Values.replicas }}'),
    errors: [ON_KIND],
  },
  {
    name: 'a budget that only exists as a patch does not cover anything by itself',
    path: '/w/deploy.yaml',
    code: DEPLOYMENT,
    files: {
      '/w/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatchesStrategicMerge:\n  - pdb-patch.yaml\n',
      '/w/pdb-patch.yaml': pdb(APP_WEB),
    },
    errors: [ON_KIND],
  },
  {
    name: 'fix: keeps the namespace and matchExpressions, in a 4-space file with flush sequences',
    path: '/w/db.yaml',
    code: statefulSet,
    errors: [{ anchor: 'kind: StatefulSet' }],
    output:
      statefulSet +
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
  },
  {
    name: 'fix: uses the pod labels when the selector does not select the template, and keeps CRLF',
    code: otherSelectorCrlf,
    errors: [ON_KIND],
    output: `${otherSelectorCrlf}${APPENDED.replace('      app: web\n', '      app: web\n      tier: front\n').replace(/\n/g, '\r\n')}`,
  },
  { name: 'fix: none when the name is templated', code: DEPLOYMENT.replace('name: web\n', 'name: {{ .Release.Name }}\n'), errors: [ON_KIND], output: null },
  { name: 'fix: none when the namespace is templated', code: withNamespace(DEPLOYMENT, '{{ .Release.Namespace }}'), errors: [ON_KIND], output: null },
  { name: 'kind: List items are checked one by one, and the fix appends after the list', code: list, errors: [ON_KIND], output: list + APPENDED },
];

testRule('missing-pdb', { valid, invalid });

test('the appended budget itself raises nothing', () => {
  const fixed = fixOnce({ '/w/deploy.yaml': DEPLOYMENT }, '/w/deploy.yaml', 'missing-pdb');
  const analysis = workspace({ '/w/deploy.yaml': fixed }).analyze('/w/deploy.yaml', DEFAULT_SETTINGS);
  assert.ok(analysis);
  assert.deepEqual(
    analysis.findings.filter((f) => f.range.start >= DEPLOYMENT.length),
    [],
  );
  assert.deepEqual(analysis.problems, []);
});
