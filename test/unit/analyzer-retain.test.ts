import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { Analyzer } from '../../server/src/analyzer';

const FILES: Record<string, string> = {
  '/w/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          image: web\n          ports: [{containerPort: 80}]\n',
  '/w/Dockerfile': 'FROM python:3.12\nCMD python app.py\n',
};

function analyzer(retainParse?: (path: string) => boolean): Analyzer {
  const a = new Analyzer({ fs: { readText: (p) => FILES[p] }, settingsFor: () => DEFAULT_SETTINGS, ...(retainParse && { retainParse }) });
  for (const [path, text] of Object.entries(FILES)) a.setFile(path, text);
  return a;
}

test('a file whose parse is not retained gives the same analysis, re-parsed on demand', () => {
  const kept = analyzer();
  const dropped = analyzer(() => false);
  for (const path of Object.keys(FILES)) {
    assert.deepEqual(dropped.analyze(path), kept.analyze(path));
    assert.ok(dropped.yamlFile(path) ?? dropped.dockerfile(path));
  }
  assert.equal(dropped.index.generation, kept.index.generation);
});

test('a file that becomes retained (opened in an editor) keeps its parse from then on', () => {
  const open = new Set<string>();
  const a = analyzer((p) => open.has(p));
  open.add('/w/deploy.yaml');
  const first = a.yamlFile('/w/deploy.yaml');
  assert.equal(a.yamlFile('/w/deploy.yaml'), first);
  assert.notEqual(a.dockerfile('/w/Dockerfile'), a.dockerfile('/w/Dockerfile'), 'a closed file is parsed per request');
});
