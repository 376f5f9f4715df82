import * as k8s from '../helpers/manifests';
import { testRule, type InvalidCase, type RuleCase } from '../helpers/rule-tester';
import type { Files } from '../helpers/workspace';

/** A budget of `app: web` pods with this one field (`minAvailable: 2`). */
const budget = (field: string) => k8s.pdb({ name: 'web-pdb', budget: field });

/** A Deployment whose spec starts with this line (`replicas: 2`), selecting and labelling its pods with `labels`. */
const deployment = (replicas: string, name = 'web', labels: k8s.Labels = { app: 'web' }) =>
  k8s.deployment({ name, spec: `  ${replicas}\n`, selector: labels, labels, container: 'app', image: 'example/app:1.0' });

/** The budget in /w/pdb.yaml (the file under test) among these other files. */
const pdbIn = (name: string, code: string, files: Files = {}) => ({ name, path: '/w/pdb.yaml', code, files });

const WEB_2 = { '/w/d.yaml': deployment('replicas: 2') };

const inShop = budget('minAvailable: 2').replace('  name: web-pdb\n', '  name: web-pdb\n  namespace: shop\n');
const expressions = budget('minAvailable: 2').replace(
  '    matchLabels:\n      app: web\n',
  '    matchExpressions:\n      - key: app\n        operator: In\n        values: [web, api]\n',
);
const emptySelector = budget('minAvailable: 1').replace('    matchLabels:\n      app: web\n', '    {}\n').replace('selector:\n    {}', 'selector: {}');
const frontTier = {
  '/w/a.yaml': deployment('replicas: 1', 'a', { tier: 'front' }),
  '/w/b.yaml': deployment('replicas: 1', 'b', { tier: 'front' }),
};
const hpaFiles = { '/w/deploy.yaml': deployment('replicas: 5'), '/w/hpa.yaml': k8s.hpa({ minReplicas: 2 }) };
const fourSpaces =
  'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n    name: x\nspec:\n    minAvailable: 100%\n    selector:\n        matchLabels:\n            app: web\n';
const flow = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: x}\nspec: {maxUnavailable: 0, selector: {matchLabels: {app: web}}}\n';
const list = `apiVersion: v1\nkind: List\nitems:\n${budget('maxUnavailable: 0').trimEnd().replace(/^/gm, '  ').replace('  apiVersion', '- apiVersion')}\n`;

/** A blocking minAvailable in /w/pdb.yaml: anchored on it, with the workload in /w/deploy.yaml as related information. */
const blocksWorkload = (min: string, replicas: string): InvalidCase => ({
  ...pdbIn(`minAvailable ${min} of replicas ${replicas} blocks`, budget(`minAvailable: ${min}`), { '/w/deploy.yaml': deployment(`replicas: ${replicas}`) }),
  errors: [{ anchor: `minAvailable: ${min}`, related: [{ path: '/w/deploy.yaml', message: new RegExp(`Deployment web runs ${replicas} (pod|replicas)`) }] }],
});

/** A percentage minAvailable against one Deployment: blocks or not. */
const percentage = (min: string, replicas: number) =>
  pdbIn(`minAvailable "${min}" of ${replicas} replicas`, budget(`minAvailable: "${min}"`), { '/w/deploy.yaml': deployment(`replicas: ${replicas}`) });

const valid: RuleCase[] = [
  ...['1', '"10%"', '"0"', '{{ .Values.maxUnavailable }}'].map((value) => ({ name: `maxUnavailable: ${value}`, code: budget(`maxUnavailable: ${value}`) })),
  pdbIn('minAvailable below the replicas', budget('minAvailable: 1'), WEB_2),
  // Percentages round up as Kubernetes does.
  percentage('50%', 2),
  percentage('75%', 4),
  percentage('0%', 3),
  pdbIn('a third workload makes room', budget('minAvailable: 2').replace('app: web', 'tier: front'), {
    ...frontTier,
    '/w/c.yaml': deployment('replicas: 1', 'c', { tier: 'front' }),
  }),
  pdbIn('an HPA with a higher minReplicas', budget('minAvailable: 2'), { ...hpaFiles, '/w/hpa.yaml': k8s.hpa({ minReplicas: 3 }) }),
  pdbIn('an HPA with a templated minReplicas', budget('minAvailable: 2'), { ...hpaFiles, '/w/hpa.yaml': k8s.hpa({ minReplicas: '{{ .Values.min }}' }) }),
  { name: 'matches no workload', code: budget('minAvailable: 2') },
  pdbIn('templated replicas', budget('minAvailable: 2'), { '/w/d.yaml': deployment('replicas: {{ .Values.replicas }}') }),
  pdbIn('a DaemonSet has no replica count', budget('minAvailable: 1'), { '/w/d.yaml': deployment('updateStrategy: {}').replace('Deployment', 'DaemonSet') }),
  pdbIn('templated labels of another workload', budget('minAvailable: 2'), {
    ...WEB_2,
    '/w/o.yaml': deployment('replicas: 4', 'other', { app: '{{ .Values.app }}' }),
  }),
  pdbIn('templated minAvailable', budget('minAvailable: {{ .Values.min }}'), WEB_2),
  pdbIn('templated selector', budget('minAvailable: 2').replace('app: web', 'app: {{ .Values.app }}'), WEB_2),
  pdbIn('no selector', budget('minAvailable: 2').replace(/ {2}selector:\n.*\n.*\n/, ''), WEB_2),
  pdbIn('a workload in another namespace is not matched', inShop, {
    '/w/d.yaml': deployment('replicas: 2').replace('  name: web\n', '  name: web\n  namespace: billing\n'),
  }),
  pdbIn('matchExpressions NotIn', expressions.replace('operator: In', 'operator: NotIn'), WEB_2),
  pdbIn('a policy/v1beta1 budget with an empty selector selects nothing', emptySelector.replace('policy/v1', 'policy/v1beta1'), {
    '/w/d.yaml': deployment('replicas: 1'),
  }),
  { name: 'both fields (the API rejects it)', code: budget('minAvailable: "100%"\n  maxUnavailable: 0') },
  pdbIn('a kustomize patch', budget('maxUnavailable: 0'), { '/w/kustomization.yaml': k8s.kustomization([], ['pdb.yaml']) }),
];

const invalid: InvalidCase[] = [
  ...['0', '"0%"', "'0%'"].map((value) => ({
    name: `maxUnavailable ${value} never allows an eviction, whatever it matches`,
    code: budget(`maxUnavailable: ${value}`),
    errors: [{ anchor: `maxUnavailable: ${value}`, message: 'never allows an eviction' }],
  })),
  { name: 'minAvailable "100%" never allows an eviction', code: budget('minAvailable: "100%"'), errors: [{ anchor: 'minAvailable: "100%"' }] },
  blocksWorkload('2', '2'),
  blocksWorkload('3', '2'),
  blocksWorkload('1', '1'),
  {
    ...pdbIn('absent replicas means 1', budget('minAvailable: 1'), { '/w/deploy.yaml': deployment('# replicas: default') }),
    errors: [{ anchor: 'minAvailable: 1' }],
  },
  { ...percentage('50%', 1), errors: [{ anchor: 'minAvailable: "50%"' }] },
  { ...percentage('90%', 5), errors: [{ anchor: 'minAvailable: "90%"' }] },
  {
    ...pdbIn('the pods of every matched workload add up', budget('minAvailable: 2').replace('app: web', 'tier: front'), frontTier),
    errors: [{ anchor: 'minAvailable: 2', message: 'selects only 2 pods', related: [{ path: '/w/a.yaml' }, { path: '/w/b.yaml' }] }],
  },
  {
    ...pdbIn('for a workload an HPA scales, its minReplicas counts', budget('minAvailable: 2'), hpaFiles),
    errors: [{ anchor: 'minAvailable: 2', related: [{ path: '/w/deploy.yaml' }, { path: '/w/hpa.yaml' }] }],
  },
  {
    ...pdbIn("no minReplicas: Kubernetes' default of 1", budget('minAvailable: 1'), { ...hpaFiles, '/w/hpa.yaml': k8s.hpa() }),
    errors: [{ anchor: 'minAvailable: 1' }],
  },
  { ...pdbIn('a workload without a namespace is matched', inShop, WEB_2), errors: [{ anchor: 'minAvailable: 2' }] },
  { ...pdbIn('matchExpressions select the workloads', expressions, WEB_2), errors: [{ anchor: 'minAvailable: 2' }] },
  {
    ...pdbIn('a policy/v1 budget with an empty selector selects everything', emptySelector, { '/w/d.yaml': deployment('replicas: 1') }),
    errors: [{ anchor: 'minAvailable: 1' }],
  },
  {
    ...pdbIn('fix: minAvailable becomes maxUnavailable: 1, keeping the comment', budget('minAvailable: 2  # keep both up'), {
      '/w/deploy.yaml': deployment('replicas: 2'),
    }),
    errors: [{ anchor: 'minAvailable: 2', fixes: [{ title: 'Set maxUnavailable: 1', preferred: true }] }],
    output: budget('maxUnavailable: 1  # keep both up'),
  },
  {
    name: 'fix: a quoted percentage becomes the integer 1',
    code: budget('maxUnavailable: "0%"'),
    errors: [{ anchor: 'maxUnavailable: "0%"' }],
    output: budget('maxUnavailable: 1'),
  },
  { name: "fix: minAvailable '100%'", code: budget("minAvailable: '100%'"), errors: [{ anchor: "minAvailable: '100%'" }], output: budget('maxUnavailable: 1') },
  {
    name: 'fix: CRLF',
    code: budget('maxUnavailable: 0').replace(/\n/g, '\r\n'),
    errors: [{ anchor: 'maxUnavailable: 0' }],
    output: budget('maxUnavailable: 1').replace(/\n/g, '\r\n'),
  },
  {
    name: 'fix: 4-space indentation',
    code: fourSpaces,
    errors: [{ anchor: 'minAvailable: 100%' }],
    output: fourSpaces.replace('minAvailable: 100%', 'maxUnavailable: 1'),
  },
  { name: 'fix: flow style', code: flow, errors: [{ anchor: 'maxUnavailable: 0' }], output: flow.replace('maxUnavailable: 0', 'maxUnavailable: 1') },
  { name: 'fix: kind: List', code: list, errors: [{ anchor: 'maxUnavailable: 0' }], output: list.replace('maxUnavailable: 0', 'maxUnavailable: 1') },
  {
    name: 'fix: none for an alias value, which other places may share',
    code: `x-zero: &none 0\n${budget('maxUnavailable: *none')}`,
    errors: [{ anchor: 'maxUnavailable: *none' }],
    output: null,
  },
];

testRule('pdb-blocks-eviction', { valid, invalid });
