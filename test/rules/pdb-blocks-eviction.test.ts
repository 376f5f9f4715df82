import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as k8s from '../helpers/manifests';
import { anchorText, findings, fixOnce, lint, type Files } from '../helpers/workspace';

/** A budget of `app: web` pods with this one field (`minAvailable: 2`). */
const budget = (field: string) => k8s.pdb({ name: 'web-pdb', budget: field });

/** A Deployment whose spec starts with this line (`replicas: 2`), selecting and labelling its pods with `labels`. */
const deployment = (replicas: string, name = 'web', labels: k8s.Labels = { app: 'web' }) =>
  k8s.deployment({ name, spec: `  ${replicas}\n`, selector: labels, labels, container: 'app', image: 'example/app:1.0' });

const check = (files: Files) => findings(files, '/w/pdb.yaml', 'pdb-blocks-eviction');

test('maxUnavailable 0 or "0%" never allows an eviction, whatever it matches', () => {
  for (const value of ['0', '"0%"', "'0%'"]) {
    const text = budget(`maxUnavailable: ${value}`);
    const [finding, ...rest] = lint(text, 'pdb-blocks-eviction');
    assert.equal(rest.length, 0, value);
    assert.equal(anchorText(text, finding!), `maxUnavailable: ${value}`);
    assert.match(finding!.message, /never allows an eviction/);
  }
  for (const value of ['1', '"10%"', '"0"', '{{ .Values.maxUnavailable }}']) assert.deepEqual(lint(budget(`maxUnavailable: ${value}`), 'pdb-blocks-eviction'), [], value);
});

test('minAvailable "100%" never allows an eviction', () => {
  const text = budget('minAvailable: "100%"');
  const [finding] = lint(text, 'pdb-blocks-eviction');
  assert.equal(anchorText(text, finding!), 'minAvailable: "100%"');
});

test('minAvailable equal to or above the replicas of the matched workload (in another file) blocks', () => {
  for (const [min, replicas] of [['2', '2'], ['3', '2'], ['1', '1']] as const) {
    const files = { '/w/pdb.yaml': budget(`minAvailable: ${min}`), '/w/deploy.yaml': deployment(`replicas: ${replicas}`) };
    const [finding, ...rest] = check(files);
    assert.equal(rest.length, 0, `${min} of ${replicas}`);
    assert.equal(anchorText(files['/w/pdb.yaml'], finding!), `minAvailable: ${min}`);
    assert.equal(finding!.related?.length, 1);
    assert.equal(finding!.related![0]!.path, '/w/deploy.yaml');
    assert.match(finding!.related![0]!.message, new RegExp(`Deployment web runs ${replicas} (pod|replicas)`));
  }
  assert.deepEqual(check({ '/w/pdb.yaml': budget('minAvailable: 1'), '/w/deploy.yaml': deployment('replicas: 2') }), []);
  // Absent replicas means 1.
  assert.equal(check({ '/w/pdb.yaml': budget('minAvailable: 1'), '/w/deploy.yaml': deployment('# replicas: default') }).length, 1);
});

test('percentages round up as Kubernetes does', () => {
  const blocks = (min: string, replicas: number) => check({ '/w/pdb.yaml': budget(`minAvailable: "${min}"`), '/w/deploy.yaml': deployment(`replicas: ${replicas}`) }).length === 1;
  assert.equal(blocks('50%', 1), true);
  assert.equal(blocks('50%', 2), false);
  assert.equal(blocks('90%', 5), true);
  assert.equal(blocks('75%', 4), false);
  assert.equal(blocks('0%', 3), false);
});

test('the pods of every matched workload add up', () => {
  const files = {
    '/w/pdb.yaml': budget('minAvailable: 2').replace('app: web', 'tier: front'),
    '/w/a.yaml': deployment('replicas: 1', 'a', { tier: 'front' }),
    '/w/b.yaml': deployment('replicas: 1', 'b', { tier: 'front' }),
  };
  const [finding] = check(files);
  assert.match(finding!.message, /selects only 2 pods/);
  assert.deepEqual(finding!.related!.map((r) => r.path).sort(), ['/w/a.yaml', '/w/b.yaml']);
  assert.deepEqual(check({ ...files, '/w/c.yaml': deployment('replicas: 1', 'c', { tier: 'front' }) }), []);
});

test('for a workload an HPA scales, its minReplicas counts', () => {
  const files = { '/w/pdb.yaml': budget('minAvailable: 2'), '/w/deploy.yaml': deployment('replicas: 5'), '/w/hpa.yaml': k8s.hpa({ minReplicas: 2 }) };
  const [finding] = check(files);
  assert.ok(finding);
  assert.deepEqual(finding.related!.map((r) => r.path), ['/w/deploy.yaml', '/w/hpa.yaml']);
  assert.deepEqual(check({ ...files, '/w/hpa.yaml': k8s.hpa({ minReplicas: 3 }) }), []);
  assert.deepEqual(check({ ...files, '/w/hpa.yaml': k8s.hpa({ minReplicas: '{{ .Values.min }}' }) }), []);
  // No minReplicas: Kubernetes' default of 1.
  assert.equal(check({ ...files, '/w/pdb.yaml': budget('minAvailable: 1'), '/w/hpa.yaml': k8s.hpa() }).length, 1);
});

test('silent when it matches no workload, a count is unknown, or labels elsewhere are templated', () => {
  assert.deepEqual(lint(budget('minAvailable: 2'), 'pdb-blocks-eviction'), []);
  assert.deepEqual(check({ '/w/pdb.yaml': budget('minAvailable: 2'), '/w/d.yaml': deployment('replicas: {{ .Values.replicas }}') }), []);
  const daemonSet = deployment('updateStrategy: {}').replace('Deployment', 'DaemonSet');
  assert.deepEqual(check({ '/w/pdb.yaml': budget('minAvailable: 1'), '/w/d.yaml': daemonSet }), []);
  const templatedLabels = deployment('replicas: 4', 'other', { app: '{{ .Values.app }}' });
  assert.deepEqual(check({ '/w/pdb.yaml': budget('minAvailable: 2'), '/w/d.yaml': deployment('replicas: 2'), '/w/o.yaml': templatedLabels }), []);
  assert.deepEqual(check({ '/w/pdb.yaml': budget('minAvailable: {{ .Values.min }}'), '/w/d.yaml': deployment('replicas: 2') }), []);
  const templatedSelector = budget('minAvailable: 2').replace('app: web', 'app: {{ .Values.app }}');
  assert.deepEqual(check({ '/w/pdb.yaml': templatedSelector, '/w/d.yaml': deployment('replicas: 2') }), []);
  assert.deepEqual(check({ '/w/pdb.yaml': budget('minAvailable: 2').replace(/ {2}selector:\n.*\n.*\n/, ''), '/w/d.yaml': deployment('replicas: 2') }), []);
});

test('namespaces: a workload in another namespace is not matched; one without a namespace is', () => {
  const inShop = budget('minAvailable: 2').replace('  name: web-pdb\n', '  name: web-pdb\n  namespace: shop\n');
  const billing = deployment('replicas: 2').replace('  name: web\n', '  name: web\n  namespace: billing\n');
  assert.deepEqual(check({ '/w/pdb.yaml': inShop, '/w/d.yaml': billing }), []);
  assert.equal(check({ '/w/pdb.yaml': inShop, '/w/d.yaml': deployment('replicas: 2') }).length, 1);
});

test('matchExpressions select the workloads', () => {
  const text = budget('minAvailable: 2').replace('    matchLabels:\n      app: web\n', '    matchExpressions:\n      - key: app\n        operator: In\n        values: [web, api]\n');
  assert.equal(check({ '/w/pdb.yaml': text, '/w/d.yaml': deployment('replicas: 2') }).length, 1);
  assert.deepEqual(check({ '/w/pdb.yaml': text.replace('operator: In', 'operator: NotIn'), '/w/d.yaml': deployment('replicas: 2') }), []);
});

test('a policy/v1beta1 budget with an empty selector selects nothing', () => {
  const text = budget('minAvailable: 1').replace('    matchLabels:\n      app: web\n', '    {}\n').replace('selector:\n    {}', 'selector: {}');
  assert.equal(check({ '/w/pdb.yaml': text, '/w/d.yaml': deployment('replicas: 1') }).length, 1);
  assert.deepEqual(check({ '/w/pdb.yaml': text.replace('policy/v1', 'policy/v1beta1'), '/w/d.yaml': deployment('replicas: 1') }), []);
});

test('silent on a budget with both fields (the API rejects it) and in kustomize patches', () => {
  assert.deepEqual(lint(budget('minAvailable: "100%"\n  maxUnavailable: 0'), 'pdb-blocks-eviction'), []);
  const files = {
    '/w/kustomization.yaml': k8s.kustomization([], ['pdb.yaml']),
    '/w/pdb.yaml': budget('maxUnavailable: 0'),
  };
  assert.deepEqual(check(files), []);
});

test('fix: minAvailable becomes maxUnavailable: 1, keeping the comment', () => {
  const files = { '/w/pdb.yaml': budget('minAvailable: 2  # keep both up'), '/w/deploy.yaml': deployment('replicas: 2') };
  assert.equal(fixOnce(files, '/w/pdb.yaml', 'pdb-blocks-eviction'), budget('maxUnavailable: 1  # keep both up'));
});

test('fix: a quoted percentage becomes the integer 1', () => {
  assert.equal(fixOnce({ '/w/pdb.yaml': budget('maxUnavailable: "0%"') }, '/w/pdb.yaml', 'pdb-blocks-eviction'), budget('maxUnavailable: 1'));
  assert.equal(fixOnce({ '/w/pdb.yaml': budget("minAvailable: '100%'") }, '/w/pdb.yaml', 'pdb-blocks-eviction'), budget('maxUnavailable: 1'));
});

test('fix: CRLF, 4-space indentation, flow style and kind: List', () => {
  const crlf = budget('maxUnavailable: 0').replace(/\n/g, '\r\n');
  assert.equal(fixOnce({ '/w/pdb.yaml': crlf }, '/w/pdb.yaml', 'pdb-blocks-eviction'), budget('maxUnavailable: 1').replace(/\n/g, '\r\n'));
  const fourSpaces = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n    name: x\nspec:\n    minAvailable: 100%\n    selector:\n        matchLabels:\n            app: web\n';
  assert.equal(fixOnce({ '/w/pdb.yaml': fourSpaces }, '/w/pdb.yaml', 'pdb-blocks-eviction'), fourSpaces.replace('minAvailable: 100%', 'maxUnavailable: 1'));
  const flow = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: x}\nspec: {maxUnavailable: 0, selector: {matchLabels: {app: web}}}\n';
  assert.equal(fixOnce({ '/w/pdb.yaml': flow }, '/w/pdb.yaml', 'pdb-blocks-eviction'), flow.replace('maxUnavailable: 0', 'maxUnavailable: 1'));
  const list = `apiVersion: v1\nkind: List\nitems:\n${budget('maxUnavailable: 0').trimEnd().replace(/^/gm, '  ').replace('  apiVersion', '- apiVersion')}\n`;
  assert.equal(fixOnce({ '/w/pdb.yaml': list }, '/w/pdb.yaml', 'pdb-blocks-eviction'), list.replace('maxUnavailable: 0', 'maxUnavailable: 1'));
});

test('fix: none for an alias value, which other places may share', () => {
  const aliased = `x-zero: &none 0\n${budget('maxUnavailable: *none')}`;
  const found = lint(aliased, 'pdb-blocks-eviction');
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]!.fixes, []);
});
