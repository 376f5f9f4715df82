import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templateAnatomy } from '../../server/src/helm/template-lines';
import { valuesKeySources } from '../../server/src/helm/values-origin';

const FILES: Record<string, string> = {
  '/c/values.yaml': 'image: app:1\nlifecycle:\n  preStop:\n    sleep:\n      seconds: 10\ngrace: 30\n',
  '/u/prod.yaml': '# production\ngrace: 20\ngrace: 45\nlifecycle: {preStop: {sleep: {seconds: 15}}}\n',
  '/u/broken.yaml': 'grace: [\n',
};
const read = (path: string) => FILES[path];

describe('where a values key is given', () => {
  it('lists the values files that set it, in the order helm applies them, at the line of the key (the last of a repeated key)', () => {
    assert.deepEqual(valuesKeySources('grace', ['/c/values.yaml', '/u/prod.yaml'], [], read), [
      { path: '/c/values.yaml', line: 6 },
      { path: '/u/prod.yaml', line: 3 },
    ]);
    assert.deepEqual(valuesKeySources('lifecycle.preStop', ['/c/values.yaml', '/u/prod.yaml'], [], read), [
      { path: '/c/values.yaml', line: 3 },
      { path: '/u/prod.yaml', line: 4 },
    ]);
  });

  it('adds --set pairs that set the key, a key inside it, or a map around it; not a key that only shares a prefix', () => {
    const set = ['lifecycle.preStop.sleep.seconds=5', 'grace=1', 'graceful=2', 'image.tag=2'];
    assert.deepEqual(valuesKeySources('lifecycle', [], set, read), [{ set: 'lifecycle.preStop.sleep.seconds=5' }]);
    assert.deepEqual(valuesKeySources('grace', [], set, read), [{ set: 'grace=1' }]);
    assert.deepEqual(valuesKeySources('image.tag.suffix', [], set, read), [{ set: 'image.tag=2' }]);
  });

  it('skips files that are missing, unreadable as YAML, or do not hold the whole path', () => {
    assert.deepEqual(valuesKeySources('grace', ['/missing.yaml', '/u/broken.yaml'], [], read), []);
    assert.deepEqual(valuesKeySources('image.tag', ['/c/values.yaml'], [], read), []);
    assert.deepEqual(valuesKeySources('lifecycle.postStart', ['/c/values.yaml'], [], read), []);
  });
});

describe('the helper a template line includes', () => {
  it('is named for one include or template call, not for none or two', () => {
    const anatomy = templateAnatomy(
      [
        'labels: {{- include "app.labels" . | nindent 4 }}',
        'name: {{ template "app.fullname" . }}',
        'port: {{ printf "%s-http" .name | include "app.portname" }}',
        'both: {{ include "a" . }}{{ include "b" . }}',
        'two: {{ include "a" . | cat (include "b" .) }}',
        'value: {{ .Values.x }}',
      ].join('\n'),
    );
    assert.deepEqual(
      anatomy.lines.map((l) => l.helper),
      ['app.labels', 'app.fullname', 'app.portname', 'b', undefined, undefined],
    );
  });
});
