import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits } from '../../server/src/fix/apply-edits';
import type { YamlValue } from '../../server/src/fix/yaml-edit';
import { isWritable, setValuesKey } from '../../server/src/helm/values-edit';

/** The values file after setting `key` (dotted) to `value`, or undefined when no exact edit exists. */
const set = (text: string, key: string, value: YamlValue) => {
  const edits = setValuesKey(text, key.split('.'), value);
  return edits && applyEdits(text, edits);
};

const SLEEP = { preStop: { sleep: { seconds: 15 } } };

test('setValuesKey writes the value in the file’s own style', () => {
  // `lifecycle: {}` and `lifecycle:` become blocks; the comment after a scalar stays.
  assert.equal(set('a: 1\nlifecycle: {}\nb: 2\n', 'lifecycle', SLEEP), 'a: 1\nlifecycle:\n  preStop:\n    sleep:\n      seconds: 15\nb: 2\n');
  assert.equal(set('lifecycle:\nb: 2\n', 'lifecycle', SLEEP), 'lifecycle:\n  preStop:\n    sleep:\n      seconds: 15\nb: 2\n');
  assert.equal(set('grace: 10 # why\n', 'grace', 30), 'grace: 30 # why\n');
  assert.equal(set('image:\n  tag: "1.0"\n', 'image.tag', '2.0'), 'image:\n  tag: "2.0"\n');
  // A missing key goes into its parent map, at the parent's indentation.
  assert.equal(set('pod:\n    x: 1\n', 'pod.grace', 30), 'pod:\n    x: 1\n    grace: 30\n');
  assert.equal(set('pod:\n  x: 1\n', 'pod.lifecycle', SLEEP), 'pod:\n  x: 1\n  lifecycle:\n    preStop:\n      sleep:\n        seconds: 15\n');
});

test('setValuesKey changes a map key by key: what stays keeps its comments', () => {
  const probe = 'probe:\n  httpGet:\n    path: /ready # was\n    port: http # the app\n  periodSeconds: 3 # fast\nb: 2\n';
  assert.equal(
    set(probe, 'probe', { httpGet: { path: '/livez', port: 'http' }, periodSeconds: 3 }),
    'probe:\n  httpGet:\n    path: /livez # was\n    port: http # the app\n  periodSeconds: 3 # fast\nb: 2\n',
  );
  assert.equal(
    set(probe, 'probe', { tcpSocket: { port: 'http' }, periodSeconds: 3 }),
    'probe:\n  periodSeconds: 3 # fast\n  tcpSocket:\n    port: http\nb: 2\n',
  );
});

test('setValuesKey gives no edit where it cannot be exact', () => {
  // No parent map, a flow map on the way, merge keys and anchors, duplicate keys, several documents, a broken file.
  assert.equal(set('a: 1\n', 'pod.grace', 30), undefined);
  assert.equal(set('pod: {x: 1}\n', 'pod.grace', 30), undefined);
  assert.equal(set('base: &b\n  x: 1\npod:\n  <<: *b\n  y: 2\n', 'pod.grace', 30), undefined);
  assert.equal(set('grace: 1\ngrace: 2\n', 'grace', 30), undefined);
  assert.equal(set('grace: 1\n---\ngrace: 2\n', 'grace', 30), undefined);
  assert.equal(set('grace: [1\n', 'grace', 30), undefined);
  assert.equal(set('', 'grace', 30), undefined);
});

test('isWritable: only what renderYaml writes back as the same value', () => {
  assert.ok(isWritable({ a: [1, 'x', { b: true }] }));
  assert.ok(!isWritable({ a: null }));
  assert.ok(!isWritable({ 'odd key': 1 }));
  assert.ok(!isWritable(Number.NaN));
});
