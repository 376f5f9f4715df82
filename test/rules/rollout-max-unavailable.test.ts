import * as k8s from '../helpers/manifests';
import { testRule } from '../helpers/rule-tester';

/** A Deployment of `replicas` pods whose spec has these `strategy` lines (at 2 spaces). */
const deployment = (replicas: number | string, strategy = '') => k8s.deployment({ replicas, spec: strategy, selector: { app: 'web' }, labels: { app: 'web' } });

const rolling = (fields: string) => `  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n${fields}`;

const hpa = (minReplicas: number) => k8s.hpa({ minReplicas, maxReplicas: 20 });

const ON_KIND = { anchor: 'kind: Deployment' };
const ON_STRATEGY = { anchor: 'strategy' };
const INSERTED_STRATEGY = '  strategy:\n    rollingUpdate:\n      maxUnavailable: 0\n';

const fourSpaces = `apiVersion: apps/v1
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
const crlf = deployment(4).replace(/\n/g, '\r\n');
const list = `apiVersion: v1\nkind: List\nitems:\n${deployment(4).trimEnd().replace(/^/gm, '  ').replace('  apiVersion', '- apiVersion')}\n`;

testRule('rollout-max-unavailable', {
  valid: [
    { name: 'one replica', code: deployment(1) },
    { name: 'maxUnavailable "0%"', code: deployment(2, rolling('      maxUnavailable: "0%"\n')) },
    { name: 'maxUnavailable 0', code: deployment(2, rolling('      maxUnavailable: 0\n')) },
    { name: 'maxUnavailable 1 of one replica', code: deployment(1, rolling('      maxUnavailable: 1\n')) },
    { name: 'Recreate', code: deployment(4, '  strategy:\n    type: Recreate\n') },
    { name: 'templated strategy type', code: deployment(4, '  strategy:\n    type: {{ .Values.strategy }}\n') },
    { name: 'templated replicas', code: deployment('{{ .Values.replicas }}') },
    { name: 'templated maxUnavailable', code: deployment(4, rolling('      maxUnavailable: {{ .Values.maxUnavailable }}\n')) },
    {
      name: 'a strategy emitted by a template',
      code: deployment(4, '  {{- with .Values.strategy }}\n  strategy:\n    {{- toYaml . | nindent 4 }}\n  {{- end }}\n'),
    },
    { name: 'a template line may emit the strategy', code: deployment(4, '  {{- toYaml .Values.deploymentExtras | nindent 2 }}\n') },
    { name: 'not a Deployment', code: deployment(4).replace('Deployment', 'StatefulSet') },
    { name: 'a kustomize patch', path: '/w/deploy.yaml', code: deployment(4), files: { '/w/kustomization.yaml': k8s.kustomization([], ['deploy.yaml']) } },
    {
      name: 'an HPA with minReplicas 1 owns the count',
      path: '/w/deploy.yaml',
      code: deployment(1, rolling('      maxUnavailable: 1\n')),
      files: { '/w/hpa.yaml': hpa(1) },
    },
  ],
  invalid: [
    {
      name: 'the default 25% flags from 2 replicas on, anchored on kind when there is no strategy; the fix inserts a strategy',
      code: deployment(4),
      errors: [{ ...ON_KIND, severity: 'hint', message: /can stop 1 of its 4 pods .*maxUnavailable 25%, the default/ }],
      output: `${deployment(4)}${INSERTED_STRATEGY}`,
    },
    ...[2, 3].map((replicas) => ({
      name: `RULES.md: maxUnavailable absent (25%) flags even where Kubernetes rounds it down to 0 pods (${replicas} replicas)`,
      code: deployment(replicas),
      errors: [{ ...ON_KIND, message: `rounds down to 0 of ${replicas} pods today` }],
    })),
    { name: 'an explicit "10%" is anchored on strategy', code: deployment(3, rolling('      maxUnavailable: "10%"\n')), errors: [ON_STRATEGY] },
    {
      name: 'an explicit maxUnavailable above 0 flags from 2 replicas, anchored on strategy',
      code: deployment(2, rolling('      maxUnavailable: 1\n')),
      errors: [ON_STRATEGY],
    },
    { name: 'maxUnavailable "50%"', code: deployment(2, rolling('      maxUnavailable: "50%"\n')), errors: [ON_STRATEGY] },
    {
      name: 'when both round to 0, Kubernetes takes one pod down anyway',
      code: deployment(2, rolling('      maxUnavailable: "25%"\n      maxSurge: 0\n')),
      errors: [ON_STRATEGY],
    },
    {
      name: 'control flow and comments emit nothing: the strategy is still known to be absent',
      code: deployment(4, '  {{- if .Values.enabled }}\n  {{- /* strategy comes from defaults */}}\n  {{- end }}\n'),
      errors: [ON_KIND],
    },
    {
      name: 'an HPA owns the count: its minReplicas decides, with the HPA as related information',
      path: '/w/deploy.yaml',
      code: deployment(1, rolling('      maxUnavailable: 1\n')),
      files: { '/w/hpa.yaml': hpa(3) },
      errors: [{ ...ON_STRATEGY, related: [{ path: '/w/hpa.yaml' }] }],
    },
    { name: 'the old extensions/v1beta1 defaulted maxUnavailable to 1', code: deployment(2).replace('apps/v1', 'extensions/v1beta1'), errors: [ON_KIND] },
    {
      name: 'fix: inserts rollingUpdate into an existing strategy',
      code: deployment(4, '  strategy:\n    type: RollingUpdate # default\n'),
      errors: [ON_STRATEGY],
      output: deployment(4, '  strategy:\n    type: RollingUpdate # default\n    rollingUpdate:\n      maxUnavailable: 0\n'),
    },
    {
      name: 'fix: replaces the value (a quoted percentage becomes the integer 0) and raises a zero maxSurge',
      code: deployment(4, rolling('      maxUnavailable: "50%"\n      maxSurge: 0\n')),
      errors: [{ ...ON_STRATEGY, fixes: [{ title: 'Set maxUnavailable: 0 and maxSurge: 1', preferred: true }] }],
      output: deployment(4, rolling('      maxUnavailable: 0\n      maxSurge: 1\n')),
    },
    {
      name: 'fix: a zero maxSurge alone',
      code: deployment(4, rolling('      maxSurge: "0%"\n')),
      errors: [ON_STRATEGY],
      output: deployment(4, rolling('      maxSurge: 1\n      maxUnavailable: 0\n')),
    },
    {
      name: 'fix: a positive maxSurge is kept',
      code: deployment(4, rolling('      maxUnavailable: 2\n      maxSurge: "10%"\n')),
      errors: [{ ...ON_STRATEGY, fixes: [{ title: 'Set maxUnavailable: 0', preferred: true }] }],
      output: deployment(4, rolling('      maxUnavailable: 0\n      maxSurge: "10%"\n')),
    },
    {
      name: 'fix: 4-space indentation with flush sequences',
      code: fourSpaces,
      errors: [ON_STRATEGY],
      output: fourSpaces.replace('        type: RollingUpdate\n', '        type: RollingUpdate\n        rollingUpdate:\n            maxUnavailable: 0\n'),
    },
    { name: 'fix: CRLF', code: crlf, errors: [ON_KIND], output: `${crlf}  strategy:\r\n    rollingUpdate:\r\n      maxUnavailable: 0\r\n` },
    {
      name: 'fix: none for a flow-style strategy that needs an insertion',
      code: deployment(4, '  strategy: {type: RollingUpdate}\n'),
      errors: [ON_STRATEGY],
      output: null,
    },
    { name: 'kind: List items are checked', code: list, errors: [ON_KIND], output: `${list}    strategy:\n      rollingUpdate:\n        maxUnavailable: 0\n` },
  ],
});
