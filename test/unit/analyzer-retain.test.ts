import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../shared/src/settings';
import { Analyzer } from '../../server/src/analyzer';

const FILES: Record<string, string> = {
  '/w/deploy.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n        - name: web\n          image: web\n          ports: [{containerPort: 80}]\n',
  '/w/Dockerfile': 'FROM python:3.12\nCMD python app.py\n',
};

function analyzer(retainParse?: (path: string) => boolean): Analyzer {
  const a = new Analyzer({ fs: { readText: (p) => FILES[p] }, ...(retainParse && { retainParse }) });
  for (const [path, text] of Object.entries(FILES)) a.setFile(path, text);
  return a;
}

test('a file whose parse is not retained gives the same analysis, re-parsed on demand', () => {
  const kept = analyzer();
  const dropped = analyzer(() => false);
  for (const path of Object.keys(FILES)) {
    assert.deepEqual(dropped.analyze(path, DEFAULT_SETTINGS), kept.analyze(path, DEFAULT_SETTINGS));
    assert.ok(dropped.yamlFile(path) ?? dropped.dockerfile(path));
  }
  assert.equal(dropped.index.generation, kept.index.generation);
});

test('an open file keeps its parse; of the others only the most recent few are kept', () => {
  const open = new Set<string>(['/w/open.yaml']);
  const a = new Analyzer({ fs: { readText: () => undefined }, retainParse: (p) => open.has(p) });
  a.setFile('/w/open.yaml', FILES['/w/deploy.yaml']!);
  for (let i = 0; i < 40; i++) a.setFile(`/w/closed-${i}.yaml`, FILES['/w/deploy.yaml']!);
  const openParse = a.yamlFile('/w/open.yaml');
  assert.equal(a.yamlFile('/w/open.yaml'), openParse);
  const newest = a.yamlFile('/w/closed-39.yaml');
  assert.equal(a.yamlFile('/w/closed-39.yaml'), newest, 'a file indexed just now and then opened is not parsed twice');
  const oldest = a.yamlFile('/w/closed-0.yaml');
  for (let i = 1; i < 40; i++) a.yamlFile(`/w/closed-${i}.yaml`);
  assert.notEqual(a.yamlFile('/w/closed-0.yaml'), oldest, 'older parses of closed files were let go');
});
