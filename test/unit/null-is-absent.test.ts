/**
 * RULES.md's *Null is absent*: `key:`, `key: null` and `~` mean the same as no key, as Kubernetes
 * reads them; a key that a masked Helm line fills is unknown, not null.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectsOf } from '../../server/src/model/k8s-object';
import { podSpecOf } from '../../server/src/model/pod-spec';
import { effectiveGracePeriod, preStopHookOf } from '../../server/src/model/timeline';
import { parseYamlDocument, YamlView } from '../../server/src/parse/yaml-file';
import * as k8s from '../helpers/manifests';
import { findings, fixOnce, lint } from '../helpers/workspace';

const viewOf = (text: string) => {
  const view = new YamlView(parseYamlDocument(text, 0));
  return { view, map: view.asMap(view.root)! };
};

test('YamlView.get and field read a null value as absent; a key a template line fills stays unknown', () => {
  for (const value of ['', ' null', ' ~', ' Null', ' !!null ""']) {
    const { view, map } = viewOf(`a:${value}\nb: 1\n`);
    assert.equal(view.get(map, 'a'), undefined, JSON.stringify(value));
    assert.equal(view.field(map, 'a'), 'absent', JSON.stringify(value));
    assert.ok(view.pair(map, 'a'), 'the pair itself stays readable for edits');
  }
  const templated = viewOf('a:\n  {{- toYaml .Values.a | nindent 2 }}\nb: 1\n');
  assert.equal(templated.view.field(templated.map, 'a'), 'unknown');
  // A null written out in a template is a real null.
  const written = viewOf('a: ~\nb: "{{ .Values.b }}"\n');
  assert.equal(written.view.field(written.map, 'a'), 'absent');
});

const podOf = (spec: string) => {
  const [object] = objectsOf(parseYamlDocument(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}`, 0));
  return podSpecOf(object!)!;
};

test('terminationGracePeriodSeconds: null is the default 30 s; lifecycle: null and preStop: ~ are no hook', () => {
  assert.deepEqual(effectiveGracePeriod(podOf('  terminationGracePeriodSeconds:\n  containers:\n    - name: a\n')), {
    known: true,
    seconds: 30,
    pair: undefined,
  });
  assert.equal(preStopHookOf(podOf('  containers:\n    - name: a\n      lifecycle: null\n').containers[0]!).kind, 'none');
  assert.equal(preStopHookOf(podOf('  containers:\n    - name: a\n      lifecycle:\n        preStop: ~\n').containers[0]!).kind, 'none');
});

test('a Service whose selector is null selects nothing', () => {
  const web = k8s.deployment({ app: 'web' });
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n  ports:\n    - port: 80\n';
  assert.deepEqual(findings({ '/w/d.yaml': web, '/w/s.yaml': service }, '/w/d.yaml', 'missing-prestop'), []);
});

test('pdb-blocks-eviction: a null minAvailable next to maxUnavailable: 0 is absent', () => {
  const pdb = k8s.pdb({ budget: 'minAvailable:\n  maxUnavailable: 0' });
  assert.equal(lint(pdb, 'pdb-blocks-eviction').length, 1);
});

test('missing-startup-probe: a null startupProbe is absent, but its fix would duplicate the key and is not offered', () => {
  const probe = '          livenessProbe:\n            tcpSocket:\n              port: 8080\n            initialDelaySeconds: 60\n';
  const text = k8s.deployment({ fields: probe + '          startupProbe:\n' });
  const [finding, ...rest] = lint(text, 'missing-startup-probe');
  assert.equal(rest.length, 0);
  assert.deepEqual(finding!.fixes ?? [], []);
});

test('fixes that set a null terminationGracePeriodSeconds replace the key, and the result parses', () => {
  const text =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  terminationGracePeriodSeconds:\n  containers:\n    - name: a\n      image: x\n      lifecycle:\n        preStop:\n          sleep:\n            seconds: 25\n';
  assert.equal(
    fixOnce({ '/w/pod.yaml': text }, '/w/pod.yaml', 'grace-period-shortfall'),
    text.replace('terminationGracePeriodSeconds:\n', 'terminationGracePeriodSeconds: 40\n'),
  );
  const written = text.replace('terminationGracePeriodSeconds:\n', 'terminationGracePeriodSeconds: null # set by the chart\n');
  assert.match(fixOnce({ '/w/pod.yaml': written }, '/w/pod.yaml', 'grace-period-shortfall'), /terminationGracePeriodSeconds: 40\n {2}containers:/);
});
