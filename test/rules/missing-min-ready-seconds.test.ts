import * as k8s from '../helpers/manifests';
import { testRule } from '../helpers/rule-tester';

/** A Deployment of `replicas` pods with `extra` lines (at 2 spaces) in its spec. */
const deployment = (replicas: number | string, extra = '') => k8s.deployment({ replicas, spec: extra, selector: { app: 'web' }, labels: { app: 'web' } });

const hpa = (minReplicas: number) => k8s.hpa({ name: 'web-hpa', minReplicas, maxReplicas: 9 });

const four =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n    name: web\nspec:\n    replicas: 3\n    template:\n        spec:\n            containers:\n            - name: web\n              image: x # pinned\n';
const crlf = deployment(3).replace(/\n/g, '\r\n').trimEnd();
const list = `apiVersion: v1\nkind: List\nitems:\n${deployment(3).trimEnd().replace(/^/gm, '  ').replace('  apiVersion', '- apiVersion')}\n---\nkind: ConfigMap\napiVersion: v1\n`;

const FLAGGED = { anchor: 'kind: Deployment' };

testRule('missing-min-ready-seconds', {
  valid: [
    { name: 'one replica', code: deployment(1) },
    { name: 'no replicas', code: deployment(3).replace('  replicas: 3\n', '') },
    { name: 'minReadySeconds: 0 is a decision', code: deployment(3, '  minReadySeconds: 0\n') },
    { name: 'templated minReadySeconds', code: deployment(3, '  minReadySeconds: {{ .Values.minReadySeconds }}\n') },
    { name: 'a template line may emit it', code: deployment(3, '  {{- toYaml .Values.rollout | nindent 2 }}\n') },
    { name: 'templated replicas', code: deployment('{{ .Values.replicas }}') },
    { name: 'Recreate', code: deployment(3, '  strategy:\n    type: Recreate\n') },
    { name: 'other kinds', code: deployment(3).replace('Deployment', 'StatefulSet') },
    {
      name: 'a kustomize patch',
      path: '/w/deploy.yaml',
      code: deployment(3),
      files: { '/w/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatchesStrategicMerge:\n  - deploy.yaml\n' },
    },
    { name: 'an HPA with minReplicas 1 decides the count', path: '/w/deploy.yaml', code: deployment(3), files: { '/w/hpa.yaml': hpa(1) } },
  ],
  invalid: [
    {
      name: '2 or more replicas and no minReadySeconds, anchored on the kind entry; the fix inserts minReadySeconds: 10 at the end of the spec',
      code: deployment(2),
      errors: [
        {
          ...FLAGGED,
          severity: 'hint',
          message: 'Deployment web runs 2 replicas but has no minReadySeconds',
          fixes: [{ title: 'Set minReadySeconds: 10', preferred: true }],
        },
      ],
      output: `${deployment(2)}  minReadySeconds: 10\n`,
    },
    { name: 'fix: 3 replicas', code: deployment(3), errors: [FLAGGED], output: `${deployment(3)}  minReadySeconds: 10\n` },
    {
      name: 'an HPA in another file decides the count, and is related information',
      path: '/w/deploy.yaml',
      code: deployment(1),
      files: { '/w/hpa.yaml': hpa(2) },
      errors: [{ ...FLAGGED, related: [{ path: '/w/hpa.yaml' }] }],
    },
    { name: 'fix: 4-space indentation', code: four, errors: [FLAGGED], output: `${four}    minReadySeconds: 10\n` },
    { name: 'fix: CRLF and a missing final newline', code: crlf, errors: [FLAGGED], output: `${crlf}\r\n  minReadySeconds: 10\r\n` },
    { name: 'fix: kind: List', code: list, errors: [FLAGGED], output: list.replace('\n---\n', '\n    minReadySeconds: 10\n---\n') },
    {
      name: 'fix: none for a flow-style spec',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2, template: {metadata: {labels: {app: web}}, spec: {containers: []}}}\n',
      errors: [{ ...FLAGGED, fixes: [] }],
      output: null,
    },
  ],
});
